"""structlog configuration: JSON lines on stdout with request id, trace id and user id bound per call."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any, TextIO

import orjson
import structlog

# Field names whose values never reach a log line, whatever the caller passes.
_SECRET_KEY = re.compile(r"password|secret|token|authorization|cookie|api_key|private_key", re.IGNORECASE)


def redact_secrets(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Replace the value of any field whose name looks secret with a marker."""
    for key in event_dict:
        if _SECRET_KEY.search(key):
            event_dict[key] = "[redacted]"
    return event_dict


def _orjson_dumps(event: Any, **_: Any) -> str:
    return orjson.dumps(event, default=str).decode()


def configure_logging(level: str = "info", fmt: str = "json", stream: TextIO | None = None) -> None:
    """Configure structlog and the standard library root logger once per process."""
    numeric = logging.getLevelNamesMapping()[level.upper()]
    output = stream or sys.stdout
    renderer: Any
    if fmt == "json":
        # orjson renders a log line several times faster than json; one line is written per RPC.
        renderer = structlog.processors.JSONRenderer(serializer=_orjson_dumps)
    else:
        renderer = structlog.dev.ConsoleRenderer(colors=False)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            redact_secrets,
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.WriteLoggerFactory(output),
        cache_logger_on_first_use=True,
    )
    # Libraries (SQLAlchemy, alembic, uvicorn) log through the standard library: keep them quiet and on
    # the same stream unless debugging.
    logging.basicConfig(level=max(numeric, logging.WARNING), stream=output, force=True)


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    """A logger carrying its component name."""
    return structlog.get_logger(component=name)  # type: ignore[no-any-return]
