"""What the search domain needs from other domains, declared here and wired in by the composition root
(internal/app.py): the user domain's UserDirectory satisfies `MemberDirectory` (and calls our
`MemberChangeListener` as one of its MemberListeners); SkillService satisfies `SkillCatalog`."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from pkg.authz import Caller
from pkg.pagination import Page

if TYPE_CHECKING:
    from internal.skill.service import (
        CategoryDetail,
        CategoryNode,
        SearchHit,
        Skill,
        Suggestion,
        TrendingRanking,
        TrendingWindow,
    )


class MemberSkill(Protocol):
    """A skill on a member's profile."""

    @property
    def kind(self) -> str:
        """ "offered" or "wanted"."""
        ...

    @property
    def skill_id(self) -> uuid.UUID:
        """Catalog skill id."""
        ...

    @property
    def name(self) -> str:
        """The skill's display name."""
        ...

    @property
    def proficiency(self) -> int:
        """1..5."""
        ...


class MemberSnapshot(Protocol):
    """A member as the user domain describes them to readers of its data (precise location included: the
    search domain coarsens it before storing anything)."""

    @property
    def user_id(self) -> uuid.UUID: ...

    @property
    def display_name(self) -> str: ...

    @property
    def headline(self) -> str: ...

    @property
    def bio(self) -> str: ...

    @property
    def avatar_uri(self) -> str: ...

    @property
    def language_codes(self) -> Sequence[str]: ...

    @property
    def time_zone(self) -> str: ...

    @property
    def country_code(self) -> str: ...

    @property
    def city(self) -> str: ...

    @property
    def latitude(self) -> float | None: ...

    @property
    def longitude(self) -> float | None: ...

    @property
    def is_mentor(self) -> bool: ...

    @property
    def hourly_rate_minor(self) -> int | None: ...

    @property
    def hourly_rate_currency(self) -> str | None: ...

    @property
    def accepts_skill_swap(self) -> bool: ...

    @property
    def visibility(self) -> str: ...

    @property
    def verified(self) -> bool: ...

    @property
    def average_rating(self) -> float: ...

    @property
    def rating_count(self) -> int: ...

    @property
    def live(self) -> bool: ...

    @property
    def skills(self) -> Sequence[MemberSkill]: ...

    @property
    def embedding(self) -> Sequence[float] | None: ...

    @property
    def create_time(self) -> datetime: ...

    @property
    def update_time(self) -> datetime: ...


class MemberDirectory(Protocol):
    """The user domain as search sees it: member snapshots for the read model, and blocks."""

    async def member_snapshots(self, user_ids: Sequence[uuid.UUID]) -> Mapping[uuid.UUID, MemberSnapshot]:
        """Snapshots of these members (missing ids: no profile at all)."""
        ...

    async def blocked_either_way(self, user_id: uuid.UUID) -> frozenset[uuid.UUID]:
        """Members `user_id` blocked or was blocked by."""
        ...


class SkillCatalog(Protocol):
    """The skill domain: its search, suggestions and trending (SearchService reuses them, never their SQL),
    and skills and categories by id."""

    async def search_skills(
        self, *, query: str, category_id: uuid.UUID | None, tags: Sequence[str], page_size: int, page_token: str
    ) -> Page[SearchHit]:
        """Approved skills matching a free-text query, most relevant first (typo-tolerant, alias-aware)."""
        ...

    async def suggest_skills(self, *, prefix: str, category_id: uuid.UUID | None, limit: int) -> list[Suggestion]:
        """Autocomplete for a partly typed skill name or alias."""
        ...

    async def get_trending_skills(
        self, *, category_id: uuid.UUID | None, window: TrendingWindow, page_size: int, page_token: str
    ) -> TrendingRanking:
        """The latest trending ranking of a window."""
        ...

    async def get_skill(self, *, caller: Caller, skill_id: uuid.UUID) -> Skill:
        """One skill as `caller` may see it (NotFound SKILL_NOT_FOUND otherwise)."""
        ...

    async def get_category(self, *, category_id: uuid.UUID) -> CategoryDetail:
        """A category with its ancestors (NotFound CATEGORY_NOT_FOUND otherwise)."""
        ...

    async def list_categories(
        self, *, parent_id: uuid.UUID | None, page_size: int, page_token: str
    ) -> Page[CategoryNode]:
        """Every category, depth-first, one page."""
        ...
