"""Structured logging (structlog) shared by every process."""

from pkg.log.setup import (
    EventWriter,
    add_call_ids,
    configure_logging,
    flush_logs,
    get_logger,
    redact_secrets,
    request_id_var,
    trace_id_var,
)

__all__ = [
    "EventWriter",
    "add_call_ids",
    "configure_logging",
    "flush_logs",
    "get_logger",
    "redact_secrets",
    "request_id_var",
    "trace_id_var",
]
