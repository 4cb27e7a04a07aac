"""What the user domain needs from other domains, declared here and wired in by the composition root
(internal/app.py): AuthService satisfies `Accounts`, SkillService satisfies `SkillCatalog`; domains that
keep projections of members (matching, search) hand UserDirectory their `MemberListener`s."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from pkg.authz import Caller

if TYPE_CHECKING:
    from internal.skill.service import Skill


class Accounts(Protocol):
    """The auth domain: the account behind each profile (its email, its roles, closing it)."""

    async def account_emails(self, account_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        """Emails by account id."""
        ...

    async def set_role(self, session: AsyncSession, account_id: uuid.UUID, role: str, granted: bool) -> None:
        """Grant or remove a role in the caller's transaction."""
        ...

    async def close_account(
        self, session: AsyncSession, account_id: uuid.UUID, *, actor_id: uuid.UUID | None, reason: str
    ) -> int:
        """Revoke every session, disable sign-in and free the email, in the caller's transaction."""
        ...

    async def disabled_accounts(self, account_ids: Sequence[uuid.UUID]) -> frozenset[uuid.UUID]:
        """Those of these accounts that are disabled (suspended or closed); unknown ids are left out."""
        ...


class SkillCatalog(Protocol):
    """The skill domain: whether a skill exists and its name (get_skill raises NOT_FOUND SKILL_NOT_FOUND),
    and erasing a deleted user's skills."""

    async def get_skill(self, *, caller: Caller, skill_id: uuid.UUID) -> Skill:
        """The skill as `caller` may see it, or NotFound (SKILL_NOT_FOUND)."""
        ...

    async def erase_user_skills(self, session: AsyncSession, user_id: uuid.UUID) -> int:
        """Remove every skill the user holds, in the caller's transaction."""
        ...

    async def skill_names(self, skill_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        """Names of the approved, live skills among these ids (one query); others are left out."""
        ...


class MemberListener(Protocol):
    """Told whenever a member's discoverable data changes (matching and search keep projections fresh)."""

    async def member_changed(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        """A member's profile, skills, visibility, status (deleted/suspended) or embedding changed; called inside
        the caller's transaction (typically to enqueue a refresh job with a dedupe key)."""
        ...
