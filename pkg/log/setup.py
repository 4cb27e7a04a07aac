"""structlog configuration: JSON lines on stdout with request id, trace id and user id bound per call."""

from __future__ import annotations

import asyncio
import atexit
import functools
import logging
import re
import sys
import threading
import time
from collections.abc import MutableMapping
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TextIO

import orjson
import structlog

# Field names whose values never reach a log line, whatever the caller passes.
_SECRET_KEY = re.compile(r"password|secret|token|authorization|cookie|api_key|private_key", re.IGNORECASE)

# The ids of the call (RPC or job) being handled, added to every line logged while handling it. Plain context
# variables set once per call: cheaper than binding and unbinding structlog's contextvars on every RPC, and
# asyncio gives every call its own copy, so they never leak between concurrent calls.
request_id_var: ContextVar[str] = ContextVar("request_id", default="")
trace_id_var: ContextVar[str] = ContextVar("trace_id", default="")


@functools.lru_cache(maxsize=4096)
def _is_secret(key: str) -> bool:
    # Field names repeat on every line; the regex runs once per name (a fifth of a line's cost otherwise).
    return _SECRET_KEY.search(key) is not None


def redact_secrets(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Replace the value of any field whose name looks secret with a marker."""
    for key in event_dict:
        if _is_secret(key):
            event_dict[key] = "[redacted]"
    return event_dict


def add_call_ids(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Add the current call's request id and trace id, when there is one."""
    request_id = request_id_var.get()
    if request_id:
        event_dict.setdefault("request_id", request_id)
    trace_id = trace_id_var.get()
    if trace_id:
        event_dict.setdefault("trace_id", trace_id)
    return event_dict


def _orjson_dumps(event: Any, **_: Any) -> str:
    return orjson.dumps(event, default=str).decode()


# The JSON chain's processors, so that EventWriter can recognise the configuration it reproduces.
_TIMESTAMPER = structlog.processors.TimeStamper(fmt="iso", utc=True)
_JSON_RENDERER = structlog.processors.JSONRenderer(serializer=_orjson_dumps)


class _IsoClock:
    """The timestamps `_TIMESTAMPER` writes (`2026-12-03T12:39:22.896836Z`, no fraction on a whole second),
    with the date and time of day formatted once per second instead of once per line."""

    def __init__(self) -> None:
        self._second: tuple[int, str] = (-1, "")  # one tuple, so threads never see a mismatched pair

    def __call__(self) -> str:
        seconds, nanos = divmod(time.time_ns(), 1_000_000_000)
        second, prefix = self._second
        if seconds != second:
            prefix = datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S")
            self._second = (seconds, prefix)
        micros = nanos // 1000
        return f"{prefix}.{micros:06d}Z" if micros else f"{prefix}Z"


_iso_now = _IsoClock()


class LineWriter:
    """The log sink: lines logged on an event loop are written together, at most `FLUSH_SECONDS` after the first.

    A write to the log file is a system call that cost more than rendering the line (a busy server answers
    only a call or two per loop iteration, so flushing once per iteration saved little): the first line
    logged schedules one write and flush `FLUSH_SECONDS` later (`call_later`) for every line logged until
    then, and `MAX_PENDING` lines are written at once. Lines logged outside a running loop, in other threads
    included, are written at once (after the pending ones, keeping the order). `flush()` writes what is
    pending; it runs at exit too. A process killed outright loses at most the last `FLUSH_SECONDS` of lines.
    """

    FLUSH_SECONDS = 0.02
    MAX_PENDING = 1000

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._pending: list[str] = []
        self._lock = threading.Lock()
        self._scheduled_on: asyncio.AbstractEventLoop | None = None  # the loop whose timer will flush

    def msg(self, message: str) -> None:
        """Log one line."""
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        with self._lock:
            self._pending.append(message)
            if loop is None or len(self._pending) >= self.MAX_PENDING:
                self._write_pending()
            elif self._scheduled_on is not loop:  # also when an earlier loop ended before its timer fired
                self._scheduled_on = loop
                loop.call_later(self.FLUSH_SECONDS, self.flush)

    log = debug = info = warn = warning = error = critical = exception = fatal = failure = err = msg

    def flush(self) -> None:
        """Write every pending line now."""
        with self._lock:
            self._scheduled_on = None
            self._write_pending()

    def _write_pending(self) -> None:
        if self._pending:
            lines, self._pending = self._pending, []
            try:
                self._stream.write("\n".join(lines) + "\n")
                self._stream.flush()
            except ValueError:  # the stream was closed (interpreter shutdown): nowhere left to write
                pass


_writers: list[LineWriter] = []


def flush_logs() -> None:
    """Write the log lines still waiting for the end of their loop iteration."""
    for writer in _writers:
        writer.flush()


atexit.register(flush_logs)


def _processors(renderer: Any) -> list[Any]:
    return [
        add_call_ids,
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        _TIMESTAMPER,
        redact_secrets,
        structlog.processors.format_exc_info,
        renderer,
    ]


def configure_logging(level: str = "info", fmt: str = "json", stream: TextIO | None = None) -> None:
    """Configure structlog and the standard library root logger once per process."""
    numeric = logging.getLevelNamesMapping()[level.upper()]
    output = stream or sys.stdout
    # orjson renders a log line several times faster than json; one line is written per RPC.
    renderer = _JSON_RENDERER if fmt == "json" else structlog.dev.ConsoleRenderer(colors=False)
    flush_logs()
    writer = LineWriter(output)
    _writers[:] = [writer]
    structlog.configure(
        processors=_processors(renderer),
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=lambda *_: writer,
        cache_logger_on_first_use=True,
    )
    # Libraries (SQLAlchemy, alembic, uvicorn) log through the standard library: keep them quiet and on
    # the same stream unless debugging.
    logging.basicConfig(level=max(numeric, logging.WARNING), stream=output, force=True)


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    """A logger carrying its component name."""
    return structlog.get_logger(component=name)  # type: ignore[no-any-return]


def _merge_bound_contextvars(event_dict: dict[str, Any]) -> None:
    """What `structlog.contextvars.merge_contextvars` adds, read from structlog's own few variables instead of
    a copy of the whole context (every variable of every library)."""
    for name, var in tuple(structlog.contextvars._CONTEXT_VARS.items()):
        value = var.get(Ellipsis)
        if value is not Ellipsis:
            event_dict.setdefault(name[len(structlog.contextvars.STRUCTLOG_KEY_PREFIX) :], value)


class EventWriter:
    """Writes one component's events as the JSON configuration renders them, in one call.

    For the line logged per RPC: it runs the same processors in the same order with the same output, but
    skips structlog's generic dispatch (lazy proxy, level method, context copy, processor loop), which cost
    as much as the processors themselves. Under any other configuration (console format, or structlog
    configured elsewhere) events go through structlog unchanged. Like structlog's
    `cache_logger_on_first_use`, the configuration is looked up on the first event.
    """

    def __init__(self, component: str) -> None:
        self._component = component
        self._log = get_logger(component)
        self._sink: Any = None
        self._enabled: frozenset[str] = frozenset()

    def _resolve(self) -> None:
        bound: Any = self._log.bind()  # the configured bound logger behind the lazy proxy
        processors = getattr(bound, "_processors", ())
        if list(processors) == _processors(_JSON_RENDERER) and hasattr(bound, "is_enabled_for"):
            self._sink = bound._logger.msg
            self._enabled = frozenset(
                name
                for name in ("info", "warning")
                if bound.is_enabled_for(logging.getLevelNamesMapping()[name.upper()])
            )
        else:
            self._sink = False

    def write(self, level: str, event: str, fields: dict[str, Any]) -> None:
        """Log `event` with `fields` at `level` ("info" or "warning")."""
        if self._sink is None:
            self._resolve()
        if self._sink is False:
            getattr(self._log, level)(event, **fields)
            return
        if level not in self._enabled:
            return
        event_dict: dict[str, Any] = {"component": self._component, **fields, "event": event}
        add_call_ids(None, level, event_dict)
        _merge_bound_contextvars(event_dict)
        event_dict["level"] = level
        event_dict["timestamp"] = _iso_now()  # as _TIMESTAMPER writes it
        redact_secrets(None, level, event_dict)
        if "exc_info" in event_dict:
            structlog.processors.format_exc_info(None, level, event_dict)
        self._sink(orjson.dumps(event_dict, default=str).decode())
