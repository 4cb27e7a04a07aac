"""Tables and value types of the search domain: the member read model, its change markers, search history,
zero-result queries and featured members (migration 0010)."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, Float, Integer, Text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from pkg.db.base import Base

QUERY_MAX = 200
ADVANCED_QUERY_MAX = 500
HISTORY_CAP = 500
HISTORY_RETENTION_DAYS = 90
ZERO_RESULT_RETENTION_DAYS = 90
TOTAL_CAP = 10_000


class EntityType(enum.StrEnum):
    """What a search returns."""

    USER = "user"
    SKILL = "skill"


class SortOrder(enum.StrEnum):
    """Result orders."""

    RELEVANCE = "relevance"
    RATING = "rating"
    PRICE_LOW_TO_HIGH = "price_low_to_high"
    PRICE_HIGH_TO_LOW = "price_high_to_low"
    NEWEST = "newest"
    POPULARITY = "popularity"
    DISTANCE = "distance"


class RankingMode(enum.StrEnum):
    """How AdvancedSearch ranks."""

    KEYWORD = "keyword"
    SEMANTIC = "semantic"
    HYBRID = "hybrid"


class FacetField(enum.StrEnum):
    """Fields AdvancedSearch counts results by."""

    CATEGORY = "category"
    SKILL = "skill"
    LANGUAGE = "language"
    COUNTRY = "country"
    RATING = "rating"
    TAG = "tag"
    MENTOR = "mentor"


MEMBER_FACETS = frozenset(
    {
        FacetField.CATEGORY,
        FacetField.SKILL,
        FacetField.LANGUAGE,
        FacetField.COUNTRY,
        FacetField.RATING,
        FacetField.MENTOR,
    }
)
SKILL_FACETS = frozenset({FacetField.CATEGORY, FacetField.TAG})


class SuggestionKind(enum.StrEnum):
    """Kinds of autocomplete suggestions."""

    SKILL = "skill"
    USER = "user"
    CATEGORY = "category"
    POPULAR_QUERY = "popular_query"
    RECENT_QUERY = "recent_query"


# ------------------------------------------------------------------------------------------------ tables


class SearchMember(Base):
    """A member as SearchUsers sees them (written only by the refresh job; see the migration)."""

    __tablename__ = "search_members"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)
    headline: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(Text)
    country_code: Mapped[str] = mapped_column(Text)
    language_keys: Mapped[list[str]] = mapped_column(ARRAY(Text))
    is_mentor: Mapped[bool] = mapped_column(Boolean)
    verified: Mapped[bool] = mapped_column(Boolean)
    accepts_skill_swap: Mapped[bool] = mapped_column(Boolean)
    average_rating: Mapped[float] = mapped_column(Float)
    rating_count: Mapped[int] = mapped_column(Integer)
    quality: Mapped[float] = mapped_column(Float)
    hourly_rate_minor: Mapped[int | None] = mapped_column(BigInteger)
    hourly_rate_currency: Mapped[str | None] = mapped_column(Text)
    cell_latitude: Mapped[float | None] = mapped_column(Float)
    cell_longitude: Mapped[float | None] = mapped_column(Float)
    card: Mapped[dict[str, Any]] = mapped_column(JSONB)
    member_since: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    source_updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    refreshed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MemberChange(Base):
    """A member whose read-model row is due for a refresh (written in the profile writer's transaction)."""

    __tablename__ = "search_member_changes"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class HistoryEntry(Base):
    """One recorded search of a signed-in member."""

    __tablename__ = "search_history"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column()
    query: Mapped[str] = mapped_column(Text)
    query_key: Mapped[str] = mapped_column(Text)
    entity_types: Mapped[list[str]] = mapped_column(ARRAY(Text))
    result_count: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ZeroResultQuery(Base):
    """A normalised query that found nothing, with how often (for analytics: what members miss)."""

    __tablename__ = "search_zero_results"

    query_key: Mapped[str] = mapped_column(Text, primary_key=True)
    entity_types: Mapped[str] = mapped_column(Text, primary_key=True)
    search_count: Mapped[int] = mapped_column(BigInteger)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FeaturedMember(Base):
    """A member the team features; pinned to the top of matching searches while current."""

    __tablename__ = "search_featured"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column()
    blurb: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    skill_id: Mapped[uuid.UUID | None] = mapped_column()
    category_id: Mapped[uuid.UUID | None] = mapped_column()
    start_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    end_time: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# ------------------------------------------------------------------------------------------ value types


@dataclass(frozen=True)
class Money:
    """An amount in minor units of an ISO 4217 currency."""

    amount_minor: int
    currency_code: str


@dataclass(frozen=True)
class Point:
    """Coordinates in degrees."""

    latitude: float
    longitude: float


@dataclass(frozen=True)
class MemberFilter:
    """SearchUsers filters (all must hold; values inside one tuple are alternatives)."""

    teaches: tuple[uuid.UUID, ...] = ()
    learns: tuple[uuid.UUID, ...] = ()
    category_ids: tuple[uuid.UUID, ...] = ()
    language_tags: tuple[str, ...] = ()
    country_code: str = ""
    min_rating: float = 0.0
    max_hourly_rate: Money | None = None
    accepts_skill_swap: bool = False
    verified_only: bool = False
    mentors_only: bool = False
    near: Point | None = None
    radius_km: float = 0.0

    def fingerprint(self) -> dict[str, Any]:
        """Everything that shapes the result, for page tokens."""
        return {
            "teaches": sorted(map(str, self.teaches)),
            "learns": sorted(map(str, self.learns)),
            "categories": sorted(map(str, self.category_ids)),
            "languages": sorted(t.lower() for t in self.language_tags),
            "country": self.country_code.upper(),
            "min_rating": self.min_rating,
            "max_rate": [self.max_hourly_rate.amount_minor, self.max_hourly_rate.currency_code]
            if self.max_hourly_rate
            else None,
            "swap": self.accepts_skill_swap,
            "verified": self.verified_only,
            "mentors": self.mentors_only,
            "near": [self.near.latitude, self.near.longitude] if self.near else None,
            "radius": self.radius_km,
        }


@dataclass(frozen=True)
class SkillFilter:
    """Skill search filters."""

    category_id: uuid.UUID | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class CardSkill:
    """A skill on a result card."""

    skill_id: uuid.UUID
    name: str
    proficiency: int


@dataclass(frozen=True)
class MemberCard:
    """What a result list shows of a member (user.v1.UserSummary), already cut to what the caller may see."""

    user_id: uuid.UUID
    display_name: str
    headline: str
    avatar_uri: str
    teaches: tuple[CardSkill, ...]
    learns: tuple[CardSkill, ...]
    average_rating: float
    rating_count: int
    hourly_rate: Money | None
    accepts_skill_swap: bool
    country_code: str
    time_zone: str
    language_tags: tuple[str, ...]
    verified: bool
    is_mentor: bool


@dataclass(frozen=True)
class MemberHit:
    """A member search result."""

    card: MemberCard
    relevance: float
    distance_km: float | None = None
    pinned: bool = False


@dataclass(frozen=True)
class SkillView:
    """A catalog skill for result lists."""

    skill_id: uuid.UUID
    name: str
    category_id: uuid.UUID
    category_name: str
    description: str
    tags: tuple[str, ...]
    teacher_count: int
    learner_count: int
    created_at: datetime


@dataclass(frozen=True)
class SkillHitView:
    """A skill search result with the name or alias that matched."""

    skill: SkillView
    relevance: float
    matched_text: str


@dataclass(frozen=True)
class Highlight:
    """Where a query word matched in a field: [start, end) ranges in code points."""

    field: str
    text: str
    ranges: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class UserResult:
    """A member result with its highlights."""

    hit: MemberHit
    highlights: tuple[Highlight, ...] = ()


@dataclass(frozen=True)
class SkillResult:
    """A skill result with its highlights."""

    hit: SkillHitView
    highlights: tuple[Highlight, ...] = ()


@dataclass(frozen=True)
class MemberPage:
    """One page of SearchUsers."""

    results: list[UserResult]
    next_page_token: str
    total_size: int


@dataclass(frozen=True)
class SkillPage:
    """One page of SearchSkills."""

    results: list[SkillResult]
    next_page_token: str


@dataclass(frozen=True)
class TrendingView:
    """A trending skill."""

    skill: SkillView
    rank: int
    score: float
    rank_change: int
    new_user_skill_count: int
    search_count: int
    session_count: int


@dataclass(frozen=True)
class TrendingPage:
    """One page of TrendingSkills and the window it covers (None before the first ranking)."""

    skills: list[TrendingView]
    next_page_token: str
    window_start: datetime | None
    window_end: datetime | None


@dataclass(frozen=True)
class FeaturedView:
    """A featured member."""

    card: MemberCard
    blurb: str
    end_time: datetime | None


@dataclass(frozen=True)
class SuggestionView:
    """One autocomplete suggestion."""

    kind: SuggestionKind
    text: str
    id: str = ""
    secondary_text: str = ""
    image_uri: str = ""
    matched: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet and its count."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    """Counts per value of one field."""

    field: FacetField
    values: tuple[FacetValue, ...]


@dataclass(frozen=True)
class AdvancedPage:
    """One page of AdvancedSearch: results interleaved by score."""

    results: list[UserResult | SkillResult]
    next_page_token: str
    total_size: int
    facets: tuple[Facet, ...]
    ranking_mode: RankingMode


@dataclass(frozen=True)
class HistoryView:
    """A recorded search."""

    id: uuid.UUID
    query: str
    entity_types: tuple[EntityType, ...]
    result_count: int
    created_at: datetime


@dataclass(frozen=True)
class RefreshOutcome:
    """What one refresh did."""

    written: int = 0
    removed: int = 0
    retried: int = 0
    ids: list[uuid.UUID] = field(default_factory=list)
