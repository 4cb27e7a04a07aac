"""Unit of work: one transaction per use case; leaving the block without commit rolls back."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker


class UnitOfWork:
    """An open transaction. Repositories work on `session`; only the service commits."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._committed = False

    async def commit(self) -> None:
        """Make the work durable."""
        await self.session.commit()
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
                await self.session.rollback()
        finally:
            await self.session.close()


class UnitOfWorkFactory:
    """Creates units of work on one engine; services receive this and call it per use case."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._sessions = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self._sessions())
