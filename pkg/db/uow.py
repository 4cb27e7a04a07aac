"""Unit of work: one transaction per use case; leaving the block without commit rolls back."""

from __future__ import annotations

from collections.abc import Awaitable
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from pkg.db.faults import commit_outcome_unknown, is_connection_fault


class UnitOfWork:
    """An open transaction. Repositories work on `session`; only the service commits."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._committed = False

    async def commit(self) -> None:
        """Make the work durable.

        When the connection fails during the commit, PostgreSQL may or may not have committed (the COMMIT
        may have been applied before its answer was lost), so this raises UNAVAILABLE with the reason
        COMMIT_OUTCOME_UNKNOWN: never a success that did not happen, never a plain failure of something
        that may have happened. Clients re-read, or retry with the same idempotency key.
        """
        try:
            await self.session.commit()
        except Exception as exc:
            if is_connection_fault(exc):
                raise commit_outcome_unknown() from exc
            raise
        self._committed = True

    async def rollback(self) -> None:
        """Throw the work away."""
        await self.session.rollback()

    async def __aenter__(self) -> UnitOfWork:
        await self.session.begin()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if not self._committed:
                await _unless_connection_lost(self.session.rollback())
        finally:
            await _unless_connection_lost(self.session.close())


async def _unless_connection_lost(step: Awaitable[None]) -> None:
    # A dead connection cannot roll back, and need not: PostgreSQL rolls back what a dropped connection left
    # open, and the pool discards the invalidated connection. Its error must not replace the block's own.
    try:
        await step
    except Exception as exc:
        if not is_connection_fault(exc):
            raise


class UnitOfWorkFactory:
    """Creates units of work on one engine; services receive this and call it per use case."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._sessions = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self._sessions())
