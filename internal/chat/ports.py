"""What the chat domain needs from other domains, declared here and wired in by the composition root
(internal/app.py): the user domain's UserDirectory satisfies `Members` (blocks, who has a profile) and
provides participant cards through `MemberCards`; AuthService satisfies `SessionLiveness`; the session
domain's SessionService satisfies `Sessions`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from internal.chat.models import MemberCard
from pkg.authz import Caller

__all__ = ["MemberCard", "MemberCards", "Members", "NoCards", "SessionLiveness", "Sessions"]


class Members(Protocol):
    """The user domain: who exists and who has blocked whom."""

    async def profile_visible(self, user_id: uuid.UUID, caller: Caller) -> bool:
        """True when the user has a live profile that `caller` may see."""
        ...

    async def has_live_profile(self, user_id: uuid.UUID) -> bool:
        """True when the user has a profile that is not deleted, whoever asks (visibility aside)."""
        ...

    async def blocked_either_way(self, user_id: uuid.UUID) -> frozenset[uuid.UUID]:
        """Everyone the user blocked or who blocked the user."""
        ...

    async def is_blocked_between(self, a: uuid.UUID, b: uuid.UUID) -> bool:
        """True when a blocked b or b blocked a."""
        ...


class MemberCards(Protocol):
    """Participant cards (name, headline, avatar) as the caller may see them."""

    async def cards(self, user_ids: Sequence[uuid.UUID], caller: Caller) -> dict[uuid.UUID, MemberCard]:
        """Cards of the users the caller may see; others are left out."""
        ...


class SessionLiveness(Protocol):
    """The auth domain: which sign-in sessions were revoked (open streams end when theirs is)."""

    async def revoked_sessions(self, session_ids: Sequence[uuid.UUID]) -> frozenset[uuid.UUID]:
        """The sessions among `session_ids` that are no longer live."""
        ...


class Sessions(Protocol):
    """The session domain: who takes part in a session."""

    async def participants(self, session_id: uuid.UUID) -> frozenset[uuid.UUID] | None:
        """The session's participants; None when there is no such session."""
        ...


class NoCards:
    """`MemberCards` that knows nobody (cards carry only the user id)."""

    async def cards(self, user_ids: Sequence[uuid.UUID], caller: Caller) -> dict[uuid.UUID, MemberCard]:
        """Always empty."""
        return {}
