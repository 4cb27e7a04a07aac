"""Which database failures mean "the database is unreachable right now" (UNAVAILABLE, retry later).

This is the one place that knows the shapes these failures take: asyncpg's connection errors, SQLAlchemy's
wrappers of them (`connection_invalidated`, OperationalError, InterfaceError), the pool's TimeoutError,
and our own `DatabaseUnreachable` when every connection attempt failed. The error interceptor asks
`unavailable_for` about every exception that is not a domain error; the unit of work asks it when a
commit fails. A deadlock or serialization failure is not a fault but a lost race: `aborted_for` answers it
with ABORTED (retry).
"""

from __future__ import annotations

import asyncpg
from skillsphere.common.v1.error_reason import ErrorReason
from sqlalchemy import exc as sa_exc

from pkg import errors

# Seconds a client is told to wait before retrying; the health probe and connection retry need about this.
RETRY_AFTER_SECONDS = 1.0

# asyncpg's own "no usable connection" errors: refused/lost connections (SQLSTATE class 08), the server
# starting up or shutting down (57P01-57P03), too many connections (53300), and client-side "the
# connection is closed" (InterfaceError).
_ASYNCPG_CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    asyncpg.PostgresConnectionError,
    asyncpg.ConnectionDoesNotExistError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.TooManyConnectionsError,
    asyncpg.InterfaceError,
)


class DatabaseUnreachable(ConnectionError):
    """Every attempt to open a database connection failed (refused, no socket, timed out)."""


def _is_connection_fault(exc: BaseException) -> bool:
    if isinstance(exc, DatabaseUnreachable | sa_exc.TimeoutError | ConnectionError):
        return True  # sa_exc.TimeoutError: the pool had no connection to hand out within its timeout
    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated or isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError):
            return True
        return exc.orig is not None and _is_connection_fault(exc.orig)
    return isinstance(exc, _ASYNCPG_CONNECTION_ERRORS)


def is_connection_fault(exc: BaseException) -> bool:
    """True when `exc` (or what it wraps) means the database could not be reached or the connection died."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if _is_connection_fault(current):
            return True
        seen.add(id(current))
        current = current.__cause__
    return False


def unavailable_for(exc: BaseException) -> errors.Unavailable | None:
    """The UNAVAILABLE error to answer for a database connection fault, or None for any other failure."""
    if not is_connection_fault(exc):
        return None
    return errors.Unavailable(
        "The database is unreachable right now; retry after a short wait.",
        reason=ErrorReason.DATABASE_UNAVAILABLE,
        retry_after=RETRY_AFTER_SECONDS,
    )


# SQLSTATEs of a transaction the database cancelled because a concurrent one got in its way: deadlock
# detected, serialization failure. Nothing of it was saved and running it again normally succeeds.
_CONFLICT_SQLSTATES = frozenset({"40P01", "40001"})


def is_transaction_conflict(exc: BaseException) -> bool:
    """True when `exc` (or what it wraps) is a deadlock or serialization failure."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if getattr(current, "sqlstate", None) in _CONFLICT_SQLSTATES:
            return True
        if isinstance(current, sa_exc.DBAPIError) and current.orig is not None:
            orig = current.orig
            if getattr(orig, "sqlstate", None) in _CONFLICT_SQLSTATES or (
                orig.__cause__ is not None and getattr(orig.__cause__, "sqlstate", None) in _CONFLICT_SQLSTATES
            ):
                return True
        seen.add(id(current))
        current = current.__cause__
    return False


def aborted_for(exc: BaseException) -> errors.Aborted | None:
    """The ABORTED error to answer for a deadlock or serialization failure, or None for any other failure."""
    if not is_transaction_conflict(exc):
        return None
    return errors.Aborted(
        "A concurrent request got in this one's way and the database cancelled it; nothing was changed. "
        "Retry it with the same idempotency key.",
        reason=ErrorReason.TRANSACTION_CONFLICT,
    )


def commit_outcome_unknown() -> errors.Unavailable:
    """UNAVAILABLE for a commit whose connection failed: the change may or may not have been saved."""
    return errors.Unavailable(
        "The database connection failed while saving; the change may or may not have been saved. "
        "Read it back, or retry with the same idempotency key, once the service is available again.",
        reason=ErrorReason.COMMIT_OUTCOME_UNKNOWN,
        retry_after=RETRY_AFTER_SECONDS,
    )
