"""What the user domain needs from other domains, declared here and wired in by the composition root
(internal/app.py): AuthService satisfies `Accounts`, SkillService satisfies `SkillCatalog`; domains that
keep projections of members (matching, search) hand UserDirectory their `MemberListener`s; domains that keep
a member's content (chat's messages) hand it their `MemberErasure`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from pkg.authz import Caller

if TYPE_CHECKING:
    from internal.session.ports import RatingSummary, SessionSummary
    from internal.skill.service import Skill
    from pkg.pagination import Page


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


class MemberErasure(Protocol):
    """Told when a member's account is deleted, in the deletion's transaction, so a domain that keeps what the
    member wrote (chat messages) anonymises or erases it there: it commits with the deletion or not at all."""

    async def member_deleted(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        """The member `user_id` is being deleted; detach or erase their data in `session`'s transaction."""
        ...


class SessionHistory(Protocol):
    """The session domain: a member's sessions and the ratings they received (it owns both; UserService's
    ListUserSessions and ListUserRatings answer from it). SessionService satisfies it."""

    async def member_sessions(
        self,
        *,
        caller: Caller,
        user_id: uuid.UUID,
        role: str | None,
        statuses: frozenset[str],
        page_size: int,
        page_token: str,
    ) -> Page[SessionSummary]:
        """The member's sessions, latest start first (role "teacher"/"learner", statuses as session states)."""
        ...

    async def member_ratings(
        self, *, user_id: uuid.UUID, role: str | None, page_size: int, page_token: str
    ) -> Page[RatingSummary]:
        """Ratings the member received, newest first."""
        ...
