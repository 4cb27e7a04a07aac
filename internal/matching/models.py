"""Tables and value types of the matching domain.

Tables come from migration 0009. `match_members.weekly` (int4multirange) and `match_members.embedding`
(pgvector) are written and read by the repository in SQL and not mapped here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, Float, Integer, SmallInteger, Text, Uuid
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from internal.matching.algorithms import Algorithm, Component, Direction, Intent, Member
from pkg.db.base import Base

# ------------------------------------------------------------------------------------------------ tables


class MatchMember(Base):
    """One live, non-private member as matching scores them (the read model)."""

    __tablename__ = "match_members"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    visibility: Mapped[str] = mapped_column(Text)
    card: Mapped[dict[str, Any]] = mapped_column(JSONB)
    offered_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid))
    offered_levels: Mapped[list[int]] = mapped_column(ARRAY(SmallInteger))
    wanted_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid))
    wanted_levels: Mapped[list[int]] = mapped_column(ARRAY(SmallInteger))
    languages: Mapped[list[str]] = mapped_column(ARRAY(Text))
    utc_offset_minutes: Mapped[int | None] = mapped_column(Integer)
    average_rating: Mapped[float] = mapped_column(Float)
    rating_count: Mapped[int] = mapped_column(Integer)
    is_mentor: Mapped[bool] = mapped_column(Boolean)
    verified: Mapped[bool] = mapped_column(Boolean)
    accepts_skill_swap: Mapped[bool] = mapped_column(Boolean)
    hourly_rate_minor: Mapped[int | None] = mapped_column(BigInteger)
    hourly_rate_currency: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    member_since: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    source_update_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    refreshed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MatchMemberSkill(Base):
    """One (skill, side, member) with its pre-score: what candidate generation walks per skill."""

    __tablename__ = "match_member_skills"

    skill_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(Text, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    level: Mapped[int] = mapped_column(SmallInteger)
    rank_score: Mapped[float] = mapped_column(Float)


class MatchRanking(Base):
    """One FindMatches ranking, recorded once however often it is read."""

    __tablename__ = "match_rankings"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    digest: Mapped[str] = mapped_column(Text)
    algorithm: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MatchHistoryEntry(Base):
    """One match of a ranking as it was scored and shown."""

    __tablename__ = "match_history"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    ranking_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    candidate_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    position: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    algorithm: Mapped[str] = mapped_column(Text)
    breakdown: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    matched_skills: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    candidate: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MatchDismissal(Base):
    """A candidate the user asked never to see again."""

    __tablename__ = "match_dismissals"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    candidate_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RecommendationSet(Base):
    """A member's computed recommendations (items as JSON) and when they were made and last refreshed."""

    __tablename__ = "match_recommendation_sets"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    generation: Mapped[uuid.UUID] = mapped_column(Uuid)
    generated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    refreshed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    stale: Mapped[bool] = mapped_column(Boolean)
    candidate_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)


# ------------------------------------------------------------------------------------------ value types


@dataclass(frozen=True, slots=True)
class Card:
    """A member's UserSummary as stored (JSON-compatible dict) in the read model and the history."""

    data: dict[str, Any]

    @property
    def user_id(self) -> str:
        """The member's id."""
        return str(self.data.get("user_id", ""))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A member read from the read model: scoring features, embedding similarity, and (once ranked) the card."""

    member: Member
    semantic: float | None = None
    member_since: datetime | None = None
    card: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CandidateFilter:
    """Restrictions on candidates, applied in SQL (MatchFilter plus what the service always excludes)."""

    exclude_ids: frozenset[uuid.UUID] = frozenset()
    intent: Intent = Intent.ANY
    learn_skill_ids: tuple[uuid.UUID, ...] = ()
    teach_skill_ids: tuple[uuid.UUID, ...] = ()
    min_proficiency: int = 0
    languages: tuple[str, ...] = ()
    subject_offset_minutes: int | None = None
    max_time_zone_hours: int = 0
    subject_latitude: float | None = None
    subject_longitude: float | None = None
    max_distance_km: float = 0.0
    max_rate_minor: int | None = None
    max_rate_currency: str | None = None
    subject_weekly: tuple[tuple[int, int], ...] = ()
    require_availability_overlap: bool = False
    min_rating: float = 0.0
    mentors_only: bool = False
    verified_only: bool = False
    # False: no skill condition (similar members are found by the same skills, not complementary ones).
    skill_gate: bool = True

    def key(self) -> dict[str, Any]:
        """Everything that shapes the result, for page-token fingerprints and ranking digests."""
        return {
            "intent": self.intent.value,
            "learn": sorted(map(str, self.learn_skill_ids)),
            "teach": sorted(map(str, self.teach_skill_ids)),
            "minp": self.min_proficiency,
            "lang": sorted(self.languages),
            "tz": self.max_time_zone_hours,
            "km": self.max_distance_km,
            "rate": [self.max_rate_minor, self.max_rate_currency],
            "avail": self.require_availability_overlap,
            "rating": self.min_rating,
            "mentor": self.mentors_only,
            "verified": self.verified_only,
        }


@dataclass(frozen=True, slots=True)
class MatchedSkill:
    """A skill connecting the pair and who would teach it."""

    skill_id: uuid.UUID
    name: str
    direction: Direction


@dataclass(frozen=True, slots=True)
class MatchView:
    """One scored match as the RPCs return it."""

    id: uuid.UUID | None
    user_id: uuid.UUID
    candidate: dict[str, Any]
    score: float
    algorithm: Algorithm
    components: tuple[Component, ...]
    matched_skills: tuple[MatchedSkill, ...]
    create_time: datetime


@dataclass(frozen=True, slots=True)
class MatchPage:
    """A page of FindMatches."""

    matches: list[MatchView]
    next_page_token: str
    algorithm: Algorithm


@dataclass(frozen=True, slots=True)
class RecommendationView:
    """One recommended member."""

    id: uuid.UUID
    kind: str
    match: MatchView
    reason: str
    create_time: datetime


@dataclass(frozen=True, slots=True)
class RecommendationPage:
    """A page of GetRecommendations and when its set was computed."""

    items: list[RecommendationView]
    next_page_token: str
    generate_time: datetime


@dataclass(frozen=True, slots=True)
class SimilarView:
    """A member similar to the reference member."""

    card: dict[str, Any]
    similarity: float
    shared_skills: tuple[tuple[uuid.UUID, str], ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class DismissalView:
    """A dismissed candidate."""

    user_id: uuid.UUID
    candidate: dict[str, Any]
    create_time: datetime
