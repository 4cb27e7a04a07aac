"""What the session domain needs from other domains, declared here and wired in by the composition root
(internal/app.py): the user domain's `SessionMembers` (internal/user/members.py) satisfies `Members`, the
skill service satisfies `SkillCatalog`, the payment domain's `SessionEscrows` (internal/payment/service.py)
satisfies `Escrow`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from pkg.authz import Caller

if TYPE_CHECKING:
    from internal.skill.service import Skill


@dataclass(frozen=True)
class Member:
    """What sessions need of a member: who they are, where their calendar is, how to reach them, and the
    skills they teach. `email` is empty when unknown."""

    user_id: uuid.UUID
    display_name: str
    headline: str
    time_zone: str
    email: str
    teaches: frozenset[uuid.UUID]
    average_rating: float
    rating_count: int
    email_reminders: bool
    email_session_changes: bool


@dataclass(frozen=True)
class Availability:
    """A member's availability as entered: weekly (ISO day 1..7, minute spans of local time) and dated
    exceptions (a date's spans replace the weekly ones for that date; no spans: unavailable all day)."""

    time_zone: str
    weekly: tuple[tuple[int, int, int], ...]  # (iso day, start minute, end minute)
    exceptions: dict[date, tuple[tuple[int, int], ...]]


@dataclass(frozen=True)
class MemberStats:
    """A member's session statistics, computed by the session domain from its own tables."""

    user_id: uuid.UUID
    sessions_taught_count: int
    sessions_learned_count: int
    teaching_minutes: int
    learning_minutes: int
    average_rating: float
    rating_count: int
    response_rate: float
    no_show_count: int


class Members(Protocol):
    """The user domain as sessions see it."""

    async def members(
        self, user_ids: Sequence[uuid.UUID], caller: Caller | None, *, contact: bool = True
    ) -> dict[uuid.UUID, Member]:
        """The live members among `user_ids` that `caller` may see (others are missing from the answer);
        `caller` None applies no visibility rule (the participants of a session the caller may see).
        Without `contact`, email and notification choices are left empty (no lookups for them)."""
        ...

    async def availability(self, user_id: uuid.UUID) -> Availability | None:
        """The member's availability, or None when they have no profile."""
        ...

    async def is_blocked_between(self, a: uuid.UUID, b: uuid.UUID) -> bool:
        """Whether either member has blocked the other."""
        ...

    async def store_session_stats(self, session: AsyncSession, stats: MemberStats, now: datetime) -> None:
        """Write the member's statistics (GetUserStats, the rating on their profile) in the caller's
        transaction."""
        ...


class SkillCatalog(Protocol):
    """The skill domain: whether a skill exists, and its name (get_skill raises NOT_FOUND SKILL_NOT_FOUND)."""

    async def get_skill(self, *, caller: Caller, skill_id: uuid.UUID) -> Skill:
        """The skill as `caller` may see it, or NotFound (SKILL_NOT_FOUND)."""
        ...

    async def skill_names(self, skill_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        """Names of the approved, live skills among these ids (one query); others are left out."""
        ...


@dataclass(frozen=True)
class EscrowRef:
    """An escrow holding a learner's payment for one session, and the client secret to pay it with."""

    escrow_id: str
    client_secret: str


class Escrow(Protocol):
    """What sessions need from the payment domain: the learner's money for one session, held by the platform.

    A paid session opens its escrow in CreateSession (PaymentService has no CreateEscrow: one way to pay for a
    session) and moves it on every terminal transition, each call in the session's transaction, so a session
    and its money never disagree. An escrow ON_HOLD (a NO_SHOW report) is an admin's to settle: `release` and
    `refund` leave it alone.
    """

    async def hold(
        self,
        session: AsyncSession,
        *,
        session_id: uuid.UUID,
        learner_id: uuid.UUID,
        teacher_id: uuid.UUID,
        amount_minor: int,
        currency: str,
    ) -> EscrowRef:
        """Open the session's escrow, waiting for the learner's payment (INVALID_ARGUMENT naming
        `price.currency_code` or `price.amount_minor` when the price cannot be charged)."""
        ...

    async def payment_secret(self, escrow_id: str) -> str:
        """The client secret to pay the escrow with while it waits for its payment; empty afterwards."""
        ...

    async def is_funded(self, escrow_id: str) -> bool:
        """Whether the money is actually held (ConfirmSession needs it: PAYMENT_REQUIRED otherwise)."""
        ...

    async def release(self, session: AsyncSession, escrow_id: str) -> None:
        """Pay the teacher (CompleteSession, auto-completion)."""
        ...

    async def refund(self, session: AsyncSession, escrow_id: str, *, percent: int) -> int:
        """Refund `percent` of the held amount to the learner and release the rest to the teacher (cancellation
        policy, DECLINED, EXPIRED, an unreported NO_SHOW); an unpaid escrow is cancelled. The refunded minor
        units."""
        ...

    async def put_on_hold(self, session: AsyncSession, escrow_id: str, *, reason: str) -> None:
        """Freeze the money until a moderator decides (a NO_SHOW report)."""
        ...


@dataclass(frozen=True)
class SessionSummary:
    """A session as a profile lists it (UserService.ListUserSessions)."""

    session_id: uuid.UUID
    skill_id: uuid.UUID
    skill_name: str
    role: str  # "teacher" or "learner": the listed member's part
    counterpart_id: uuid.UUID
    status: str  # a session status value (states.Status)
    start: datetime
    duration_minutes: int


@dataclass(frozen=True)
class RatingSummary:
    """A rating a member received (UserService.ListUserRatings)."""

    rating_id: uuid.UUID
    session_id: uuid.UUID
    rater_id: uuid.UUID
    rated_id: uuid.UUID
    role: str  # the rated member's part: "teacher" or "learner"
    score: int
    comment: str
    created_at: datetime
