"""The skill catalog (categories, skills), user skills, search events and trending rankings.

Tables come from migration 0004. Two columns of `skills` are deliberately not mapped: `embedding`
(pgvector, written and read by the repository in SQL) and `search_vector` (kept by a trigger). The
`skill_names` table, one row per name or alias of each live skill, is kept by a trigger too; it is mapped
read-only for search.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Integer,
    SmallInteger,
    Text,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from pkg.db.base import Base
from pkg.pagination import Page

NAME_MAX = 80
DESCRIPTION_MAX = 2000
TAG_MAX = 40
TAGS_MAX = 20
ALIASES_MAX = 30
PROPOSAL_ALIASES_MAX = 10
JUSTIFICATION_MAX = 1000
REVIEW_NOTE_MAX = 500
USER_SKILL_DESCRIPTION_MAX = 500
YEARS_MAX = 70
PROFICIENCY_MIN, PROFICIENCY_MAX = 1, 5


class SkillStatus(enum.StrEnum):
    """Review state of a catalog skill."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


class UserSkillKind(enum.StrEnum):
    """Whether a user offers (teaches) or wants (to learn) a skill. Offered sorts first."""

    OFFERED = "offered"
    WANTED = "wanted"


class SkillOrder(enum.StrEnum):
    """Sort orders of ListSkills."""

    NAME = "name"
    POPULARITY = "popularity"
    RECENCY = "recency"


class TrendingWindow(enum.StrEnum):
    """The windows trending is computed over; events decay with a half-life of a quarter window."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"

    @property
    def span(self) -> timedelta:
        """How far back events count."""
        return {"day": timedelta(days=1), "week": timedelta(days=7), "month": timedelta(days=30)}[self.value]

    @property
    def half_life(self) -> timedelta:
        """After this long an event weighs half as much."""
        return self.span / 4


class RelationReason(enum.StrEnum):
    """Why two skills are related."""

    CO_OCCURRENCE = "co_occurrence"
    SIMILAR = "similar"
    BOTH = "both"


# ---------------------------------------------------------------------------------------------- tables


class Category(Base):
    """A node of the category tree; `ancestor_ids` runs from the root down to the parent."""

    __tablename__ = "skill_categories"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("skill_categories.id"))
    ancestor_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), default=list)
    name: Mapped[str] = mapped_column(Text)
    slug: Mapped[str] = mapped_column(Text, unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    display_order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    @property
    def depth(self) -> int:
        """0 for top-level categories."""
        return len(self.ancestor_ids)


class Skill(Base):
    """A catalog skill. Live = not deleted; only approved live skills are public."""

    __tablename__ = "skills"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(Text)
    slug: Mapped[str] = mapped_column(Text, unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("skill_categories.id"))
    tags: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    aliases: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    status: Mapped[str] = mapped_column(Text, default=SkillStatus.APPROVED.value)
    proposer_user_id: Mapped[uuid.UUID | None] = mapped_column()
    justification: Mapped[str] = mapped_column(Text, default="")
    review_note: Mapped[str] = mapped_column(Text, default="")
    duplicate_of_skill_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("skills.id"))
    reviewed_by: Mapped[uuid.UUID | None] = mapped_column()
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    offered_user_count: Mapped[int] = mapped_column(Integer, default=0)
    wanted_user_count: Mapped[int] = mapped_column(Integer, default=0)
    embedding_model: Mapped[str | None] = mapped_column(Text)
    embedding_source_hash: Mapped[str | None] = mapped_column(Text)
    embedded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def live(self) -> bool:
        """Not deleted."""
        return self.deleted_at is None

    @property
    def public(self) -> bool:
        """Approved and not deleted: visible to everyone."""
        return self.live and self.status == SkillStatus.APPROVED


class SkillName(Base):
    """One name or alias of a live skill (kept by the `skills_sync_names` trigger; never written here)."""

    __tablename__ = "skill_names"

    skill_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text, primary_key=True)
    is_primary: Mapped[bool] = mapped_column(Boolean)


class UserSkill(Base):
    """A skill on a user's profile, offered or wanted, with a proficiency of 1..5."""

    __tablename__ = "user_skills"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column()
    skill_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("skills.id"))
    kind: Mapped[str] = mapped_column(Text)
    proficiency: Mapped[int] = mapped_column(SmallInteger)
    years_of_experience: Mapped[int] = mapped_column(SmallInteger, default=0)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SkillSearchEvent(Base):
    """A search whose best hit was this skill (anonymous: no user, no query text)."""

    __tablename__ = "skill_search_events"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    skill_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class TrendingRun(Base):
    """One computation of the ranking of one window; page tokens pin a run."""

    __tablename__ = "skill_trending_runs"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    window: Mapped[str] = mapped_column(Text)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class TrendingEntry(Base):
    """A skill's place in one run."""

    __tablename__ = "skill_trending_entries"

    run_id: Mapped[int] = mapped_column(ForeignKey("skill_trending_runs.id", ondelete="CASCADE"), primary_key=True)
    skill_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    new_user_skill_count: Mapped[int] = mapped_column(Integer)
    search_count: Mapped[int] = mapped_column(Integer)
    session_count: Mapped[int] = mapped_column(Integer)


# --------------------------------------------------------------------------------------- value types


@dataclass(frozen=True)
class SkillFields:
    """Catalog fields a caller sets (CreateSkill, UpdateSkill); which ones apply is the update mask's job."""

    name: str = ""
    description: str = ""
    category_id: uuid.UUID | None = None
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class UserSkillFields:
    """User-skill fields a caller sets (UpdateUserSkill)."""

    proficiency: int = 0
    years_of_experience: int = 0
    description: str = ""


@dataclass(frozen=True)
class CategoryNode:
    """A category with the figures clients show: depth and approved skills in its subtree."""

    category: Category
    skill_count: int


@dataclass(frozen=True)
class CategoryDetail:
    """A category and its ancestors from the root down to the parent."""

    category: CategoryNode
    ancestors: list[CategoryNode]


@dataclass(frozen=True)
class TagCount:
    """A tag and the number of approved skills carrying it."""

    name: str
    skill_count: int


@dataclass(frozen=True)
class UserSkillView:
    """A user skill with the catalog fields shown next to it."""

    user_skill: UserSkill
    skill_name: str
    category_id: uuid.UUID


@dataclass(frozen=True)
class SearchHit:
    """A search result: the skill, a 0..1 score and the name or alias that matched best."""

    skill: Skill
    score: float
    matched_text: str


@dataclass(frozen=True)
class Suggestion:
    """An autocomplete entry."""

    skill_id: uuid.UUID
    name: str
    matched_text: str
    category_id: uuid.UUID


@dataclass(frozen=True)
class RelatedSkill:
    """A skill related to another, with a 0..1 strength and why."""

    skill: Skill
    score: float
    reason: RelationReason


@dataclass(frozen=True)
class TrendingSkill:
    """A skill's place in a trending ranking."""

    skill: Skill
    rank: int
    score: float
    rank_change: int
    new_user_skill_count: int
    search_count: int
    session_count: int


@dataclass(frozen=True)
class TrendingRanking:
    """A page of a ranking and when that ranking was computed (None before the first computation)."""

    page: Page[TrendingSkill]
    computed_at: datetime | None = None


@dataclass(frozen=True)
class TrendingRefresh:
    """What one trending computation did (for logs and tests)."""

    runs: dict[str, int] = field(default_factory=dict)
    ranked: dict[str, int] = field(default_factory=dict)
    counts_updated: int = 0
