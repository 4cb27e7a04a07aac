"""What the AI domain needs from other domains, declared here and wired in by the composition root
(internal/app.py): SkillService satisfies `Catalog` (the catalog and skill embeddings, through its public
service, never its tables), the user domain's UserDirectory satisfies `Members` and UserService's
embedding part `MemberEmbeddings`, `Teachers` is the user domain's ListUsers filtered on an offered skill
(`DirectoryTeachers` in internal/app.py), MatchingService's GetSimilarUsers gives `SimilarMembers`
(`MatchingSimilarMembers` in internal/app.py), SessionService satisfies `Sessions`."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from pkg.authz import Caller

if TYPE_CHECKING:
    from internal.session.service import SessionView
    from internal.skill.service import (
        RelatedSkill,
        SearchHit,
        Skill,
        SkillEmbedding,
        SkillOrder,
        SkillStatus,
        TrendingRanking,
        TrendingWindow,
    )
    from internal.user.service import MemberSnapshot
    from pkg.pagination import Page


class Catalog(Protocol):
    """The skill domain: catalog skills, related skills (co-occurrence and embeddings), search, and the
    skill embeddings it owns."""

    async def get_skill(self, *, caller: Caller, skill_id: uuid.UUID) -> Skill:
        """The skill as `caller` may see it, or NotFound (SKILL_NOT_FOUND)."""
        ...

    async def list_skills(
        self,
        *,
        caller: Caller,
        status: SkillStatus | None,
        category_id: uuid.UUID | None,
        tag: str,
        proposer_user_id: uuid.UUID | None,
        order: SkillOrder,
        page_size: int,
        page_token: str,
    ) -> Page[Skill]:
        """Live catalog skills, one page."""
        ...

    async def get_related_skills(self, *, skill_id: uuid.UUID, limit: int) -> list[RelatedSkill]:
        """Skills held together with this one or close in meaning, most related first."""
        ...

    async def search_skills(
        self, *, query: str, category_id: uuid.UUID | None, tags: Sequence[str], page_size: int, page_token: str
    ) -> Page[SearchHit]:
        """Approved skills matching a free-text query, most relevant first."""
        ...

    async def get_trending_skills(
        self, *, category_id: uuid.UUID | None, window: TrendingWindow, page_size: int, page_token: str
    ) -> TrendingRanking:
        """The latest trending ranking of `window`."""
        ...

    async def category_names(self) -> Mapping[uuid.UUID, str]:
        """Every category's name by id."""
        ...

    async def embed_skills(self, skill_ids: Sequence[uuid.UUID]) -> int:
        """(Re-)embed these skills where stale; how many vectors were stored."""
        ...

    async def skill_embedding(self, skill_id: uuid.UUID) -> SkillEmbedding | None:
        """The stored embedding of a skill (None when not embedded yet)."""
        ...


class Members(Protocol):
    """The user domain: member snapshots (profile text, skills and levels, embedding) and visibility."""

    async def member_snapshots(self, user_ids: Sequence[uuid.UUID]) -> Mapping[uuid.UUID, MemberSnapshot]:
        """Snapshots of the given members that exist."""
        ...

    async def profile_visible(self, user_id: uuid.UUID, caller: Caller) -> bool:
        """True when the user has a live profile and `caller` may see it."""
        ...


class MemberEmbeddings(Protocol):
    """The user domain's embedding part: it owns member embeddings."""

    async def embed_users(self, user_ids: Sequence[uuid.UUID]) -> int:
        """(Re-)embed these members where stale; how many vectors were stored."""
        ...


class Teachers(Protocol):
    """Members who teach a skill: live profiles the caller may see offering it at `min_level` or above."""

    async def teachers_of(self, *, caller: Caller, skill_id: uuid.UUID, min_level: int, limit: int) -> list[uuid.UUID]:
        """Best-rated first; never the caller, never a member either side blocked."""
        ...


class SimilarMembers(Protocol):
    """Members whose skills resemble a member's (matching's read model)."""

    async def similar_members(self, *, caller: Caller, user_id: uuid.UUID, limit: int) -> list[uuid.UUID]:
        """Most similar first; empty when matching does not know the member yet."""
        ...


class Sessions(Protocol):
    """The session domain."""

    async def get_session(self, *, caller: Caller, session_id: uuid.UUID) -> SessionView:
        """The session, for participants and admins; NotFound (SESSION_NOT_FOUND) otherwise."""
        ...

    async def get_upcoming_sessions(
        self, *, caller: Caller, within_days: int, include_requested: bool, page_size: int, page_token: str
    ) -> Page[SessionView]:
        """The caller's sessions not ended yet, soonest first."""
        ...


__all__ = ["Catalog", "MemberEmbeddings", "Members", "Sessions", "SimilarMembers", "Teachers", "datetime"]
