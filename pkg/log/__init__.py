"""Structured logging (structlog) shared by every process."""

from pkg.log.setup import configure_logging, get_logger, redact_secrets

__all__ = ["configure_logging", "get_logger", "redact_secrets"]
