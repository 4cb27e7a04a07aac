"""Blocking: BlockUser, UnblockUser, ListBlockedUsers.

A block is one row of `user_blocks` (blocker → blocked). Its effect is symmetric: each member is hidden
from the other. The user domain applies it to GetUser, BatchGetUsers, ListUsers (UserDirectory
.blocked_either_way, admins exempt); every other domain filters its own results with the same port method.

- The blocked member is never told: nothing is sent to them, and what they see of the blocker is what
  they would see of a profile they may not read (USER_NOT_FOUND, or left out of lists).
- Blocking is idempotent (the first block's time is kept) and so is unblocking (a missing block is fine).
- Only live members can be blocked (NOT_FOUND otherwise); the blocked member's profile visibility does not
  matter (a member can block someone whose profile turned private, or who blocked them first: the answer
  is the same, so it reveals nothing). Blocking oneself is INVALID_ARGUMENT.
- Block and unblock invalidate both members' cached `blocked_either_way` on every replica at commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from internal.members import member_not_found
from internal.user.directory import UserDirectory
from internal.user.models import DELETED_DISPLAY_NAME, UserBlock
from internal.user.repository import UserRepository
from internal.user.validation import invalid
from pkg.authz import Caller
from pkg.db import UnitOfWorkFactory
from pkg.log import get_logger
from pkg.pagination import Page, Paginator

log = get_logger("user")


@dataclass(frozen=True)
class BlockedMember:
    """A member the caller blocked, with their display name now."""

    user_id: uuid.UUID
    display_name: str
    blocked_at: datetime


def _position(position: dict[str, Any]) -> tuple[datetime, uuid.UUID]:
    return datetime.fromisoformat(position["t"]), uuid.UUID(position["id"])


class BlockService:
    """Blocks placed by members on each other."""

    def __init__(
        self, *, uow: UnitOfWorkFactory, pages: Paginator, directory: UserDirectory, clock: Callable[[], datetime]
    ) -> None:
        self._uow = uow
        self._pages = pages
        self._directory = directory
        self._now = clock

    async def block_user(self, *, caller: Caller, user_id: uuid.UUID) -> BlockedMember:
        """The caller blocks `user_id` (idempotent)."""
        me = caller.require_signed_in()
        if user_id == me:
            raise invalid("user_id", "is your own id; you cannot block yourself")
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            profile = await repo.profile(user_id)
            if profile is None or not profile.live:
                raise member_not_found(user_id)
            blocked_at = await repo.add_block(me, user_id, self._now())
            await self._directory.blocks_changed(uow.session, me, user_id)
            await uow.commit()
        log.info("user_blocked", blocker_id=str(me), blocked_id=str(user_id))
        return BlockedMember(user_id=user_id, display_name=profile.display_name, blocked_at=blocked_at)

    async def unblock_user(self, *, caller: Caller, user_id: uuid.UUID) -> None:
        """The caller lifts their block of `user_id` (a missing block is fine)."""
        me = caller.require_signed_in()
        if user_id == me:
            raise invalid("user_id", "is your own id; you cannot block or unblock yourself")
        async with self._uow() as uow:
            removed = await UserRepository(uow.session).remove_block(me, user_id)
            if removed:
                await self._directory.blocks_changed(uow.session, me, user_id)
            await uow.commit()
        if removed:
            log.info("user_unblocked", blocker_id=str(me), blocked_id=str(user_id))

    async def list_blocked_users(self, *, caller: Caller, page_size: int, page_token: str) -> Page[BlockedMember]:
        """The caller's blocks, newest first, one keyset page."""
        me = caller.require_signed_in()
        request = self._pages.request(
            page_size=page_size, page_token=page_token, query={"rpc": "ListBlockedUsers", "caller": str(me)}
        )
        after = request.position(_position)
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            rows = await repo.blocks_of(me, after, request.limit)
            page = request.page(rows, key=lambda b: {"t": b.created_at.isoformat(), "id": str(b.blocked_id)})
            profiles = await repo.profiles([b.blocked_id for b in page.items])
            await uow.commit()

        def member(block: UserBlock) -> BlockedMember:
            profile = profiles.get(block.blocked_id)
            name = profile.display_name if profile is not None and profile.live else DELETED_DISPLAY_NAME
            return BlockedMember(user_id=block.blocked_id, display_name=name, blocked_at=block.created_at)

        return page.map(member)
