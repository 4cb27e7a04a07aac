"""structlog configuration: JSON lines on stdout with request id, trace id and user id bound per call."""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any, TextIO

import structlog

# Field names whose values never reach a log line, whatever the caller passes.
_SECRET_MARKERS = ("password", "secret", "token", "authorization", "cookie", "api_key", "private_key")


def redact_secrets(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Replace the value of any field whose name looks secret with a marker."""
    for key in event_dict:
        lowered = key.lower()
        if any(marker in lowered for marker in _SECRET_MARKERS):
            event_dict[key] = "[redacted]"
    return event_dict


def configure_logging(level: str = "info", fmt: str = "json", stream: TextIO | None = None) -> None:
    """Configure structlog and the standard library root logger once per process."""
    numeric = logging.getLevelNamesMapping()[level.upper()]
    renderer: Any = (
        structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer(colors=False)
    )
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
        logger_factory=structlog.PrintLoggerFactory(stream or sys.stdout),
        cache_logger_on_first_use=True,
    )
    # Libraries (SQLAlchemy, alembic, uvicorn) log through the standard library: keep them quiet and on
    # the same stream unless debugging.
    logging.basicConfig(level=max(numeric, logging.WARNING), stream=stream or sys.stdout, force=True)


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    """A logger carrying its component name."""
    return structlog.get_logger(component=name)  # type: ignore[no-any-return]
