"""Chat's MemberErasure (the user domain's port, internal/user/ports.py): when a member's account is deleted,
the user domain calls it in the deletion's transaction. The member's messages stay in their conversations
(the others' history keeps its shape and its replies), without their sender: `sender_id` cleared,
`sender_deleted` set, the idempotency key dropped. It needs nothing but the session, so the composition root
builds it before the user domain's directory that calls it."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from internal.chat.repository import ChatRepository
from pkg.log import get_logger

log = get_logger("chat")


class ChatMemberErasure:
    """Implements the user domain's MemberErasure for chat: anonymise a deleted member's messages."""

    async def member_deleted(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        """Detach the member from every message they sent, in `session`'s transaction."""
        count = await ChatRepository(session).anonymise_sender(user_id)
        log.info("chat_sender_anonymised", user_id=str(user_id), messages=count)
