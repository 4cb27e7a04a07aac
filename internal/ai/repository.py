"""AIService's queries: usage counters, the answer cache and assistant conversations. Never commits."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from internal.ai.models import CachedAnswer, Conversation, Turn, Usage


class AIRepository:
    """Queries over the ai_* tables, in the caller's transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # ----------------------------------------------------------------------------------------- usage

    async def take_request(
        self, user_id: uuid.UUID, day: date, rpc_class: str, *, requests_limit: int, tokens_limit: int | None
    ) -> tuple[bool, str]:
        """Count one request if both limits allow it: (True, "") or (False, "requests"|"tokens").

        One statement, so concurrent requests on any replica never both take the last one: the row lock of
        the upsert serialises them and the WHERE sees the committed count.
        """
        await self._session.execute(
            insert(Usage).values(user_id=user_id, day=day, rpc_class=rpc_class).on_conflict_do_nothing()
        )
        conditions = [Usage.requests < requests_limit]
        if tokens_limit is not None:
            conditions.append(Usage.tokens < tokens_limit)
        taken = await self._session.execute(
            update(Usage)
            .where(Usage.user_id == user_id, Usage.day == day, Usage.rpc_class == rpc_class, *conditions)
            .values(requests=Usage.requests + 1)
            .returning(Usage.requests)
        )
        if taken.first() is not None:
            return True, ""
        row = await self._session.get(Usage, (user_id, day, rpc_class))
        if row is not None and row.requests >= requests_limit:
            return False, "requests"
        return False, "tokens"

    async def add_tokens(self, user_id: uuid.UUID, day: date, rpc_class: str, tokens: int, cost_micros: int) -> None:
        """Add the tokens (and estimated cost) of a finished call."""
        await self._session.execute(
            insert(Usage)
            .values(user_id=user_id, day=day, rpc_class=rpc_class, tokens=tokens, cost_micros=cost_micros)
            .on_conflict_do_update(
                index_elements=[Usage.user_id, Usage.day, Usage.rpc_class],
                set_={"tokens": Usage.tokens + tokens, "cost_micros": Usage.cost_micros + cost_micros},
            )
        )

    async def usage(self, user_id: uuid.UUID, day: date) -> dict[str, Usage]:
        """The member's usage rows of one day by RPC class."""
        rows = await self._session.scalars(select(Usage).where(Usage.user_id == user_id, Usage.day == day))
        return {row.rpc_class: row for row in rows}

    async def purge_usage(self, before: date) -> int:
        """Delete usage rows older than `before`."""
        result = await self._session.execute(delete(Usage).where(Usage.day < before))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    # ----------------------------------------------------------------------------------------- cache

    async def cached(self, digest: str, now: datetime) -> CachedAnswer | None:
        """The live cached answer for `digest`."""
        return await self._session.scalar(
            select(CachedAnswer).where(CachedAnswer.digest == digest, CachedAnswer.expires_at > now)
        )

    async def store_answer(
        self, digest: str, rpc: str, model: str, payload: dict[str, Any], now: datetime, expires_at: datetime
    ) -> None:
        """Store (or replace) the answer for `digest`."""
        values = {"rpc": rpc, "model": model, "payload": payload, "created_at": now, "expires_at": expires_at}
        await self._session.execute(
            insert(CachedAnswer)
            .values(digest=digest, **values)
            .on_conflict_do_update(index_elements=[CachedAnswer.digest], set_=values)
        )

    async def purge_answers(self, now: datetime) -> int:
        """Delete expired answers."""
        result = await self._session.execute(delete(CachedAnswer).where(CachedAnswer.expires_at <= now))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    # ---------------------------------------------------------------------------------- conversations

    async def conversation(self, conversation_id: uuid.UUID, *, for_update: bool = False) -> Conversation | None:
        """One conversation."""
        query = select(Conversation).where(Conversation.id == conversation_id)
        if for_update:
            query = query.with_for_update()
        return await self._session.scalar(query)

    async def add_conversation(self, conversation: Conversation) -> None:
        """Insert a conversation."""
        self._session.add(conversation)
        await self._session.flush()

    async def turns(self, conversation_id: uuid.UUID, limit: int) -> list[Turn]:
        """The newest `limit` turns, oldest first."""
        rows = await self._session.scalars(
            select(Turn).where(Turn.conversation_id == conversation_id).order_by(Turn.id.desc()).limit(limit)
        )
        return list(reversed(list(rows)))

    async def add_turns(self, conversation: Conversation, turns: list[Turn], now: datetime) -> None:
        """Append turns and touch the conversation."""
        self._session.add_all(turns)
        conversation.turn_count += len(turns)
        conversation.updated_at = now
        await self._session.flush()

    async def list_conversations(
        self, user_id: uuid.UUID, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[Conversation]:
        """The member's conversations, most recently active first (keyset on updated_at, id)."""
        query = select(Conversation).where(Conversation.user_id == user_id)
        if after is not None:
            query = query.where(func.row(Conversation.updated_at, Conversation.id) < func.row(*after))
        rows = await self._session.scalars(
            query.order_by(Conversation.updated_at.desc(), Conversation.id.desc()).limit(limit)
        )
        return list(rows)

    async def delete_conversation(self, conversation_id: uuid.UUID) -> None:
        """Delete a conversation and (by cascade) its turns."""
        await self._session.execute(delete(Conversation).where(Conversation.id == conversation_id))

    async def purge_conversations(self, before: datetime) -> int:
        """Delete conversations untouched since `before`."""
        result = await self._session.execute(delete(Conversation).where(Conversation.updated_at < before))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def lock(self, key: str) -> None:
        """A transaction-scoped advisory lock on `key`."""
        await self._session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})
