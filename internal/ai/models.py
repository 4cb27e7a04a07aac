"""AIService's tables (migration 0014) and the value types its use cases return.

- `ai_conversations` / `ai_turns`: assistant conversations held by the server, one member's each; a turn is
  stored only when its answer completed. Deleted when the member deletes them or after
  `ai_conversation_retention_days` without a new turn.
- `ai_usage`: one row per member, UTC day and RPC class: requests, tokens and estimated cost. The budget
  check increments it in its own transaction, so every replica sees the same counts.
- `ai_answer_cache`: generated answers by a digest of their inputs and model, until `expires_at`.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Identity, Integer, Text, Uuid
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from pkg.db.base import Base

QUESTION_MAX = 4000
GOAL_MAX = 500
ROLE_MAX = 200
TURNS_MAX = 50
# Earlier turns given to the model as context (the newest ones).
CONTEXT_TURNS = 10
TITLE_MAX = 80
LEVEL_MIN, LEVEL_MAX = 1, 5
LEVEL_NAMES = {0: "none", 1: "beginner", 2: "elementary", 3: "intermediate", 4: "advanced", 5: "expert"}


class RpcClass(enum.StrEnum):
    """Groups of RPCs sharing a daily budget (ai.v1.AIRpcClass)."""

    GENERATION = "generation"
    ASSISTANT = "assistant"
    EMBEDDING = "embedding"


class Conversation(Base):
    """An assistant conversation of one member."""

    __tablename__ = "ai_conversations"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column()
    title: Mapped[str] = mapped_column(Text)
    turn_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Turn(Base):
    """One stored question or answer."""

    __tablename__ = "ai_turns"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    conversation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ai_conversations.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    referenced_skill_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Usage(Base):
    """A member's usage of one RPC class on one UTC day."""

    __tablename__ = "ai_usage"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    rpc_class: Mapped[str] = mapped_column(Text, primary_key=True)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    tokens: Mapped[int] = mapped_column(BigInteger, default=0)
    cost_micros: Mapped[int] = mapped_column(BigInteger, default=0)


class CachedAnswer(Base):
    """A generated answer for a digest of its inputs and model."""

    __tablename__ = "ai_answer_cache"

    digest: Mapped[str] = mapped_column(Text, primary_key=True)
    rpc: Mapped[str] = mapped_column(Text)
    model: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# ------------------------------------------------------------------------------------------ value types


@dataclass(frozen=True)
class Budget:
    """One daily budget of a member."""

    rpc_class: RpcClass
    requests_limit: int
    requests_used: int
    tokens_limit: int
    tokens_used: int
    reset_time: datetime


@dataclass(frozen=True)
class EmbeddingView:
    """An embedding as AIService returns it: values only for admins."""

    subject_id: uuid.UUID
    values: list[float]
    dimension: int
    model: str
    computed_at: datetime | None
    cached: bool


@dataclass(frozen=True)
class Recommendation:
    """A skill suggested to learn."""

    skill_id: str
    skill_name: str
    category_name: str
    score: float
    source: str  # similar_skills | complementary | goal | similar_members | trending
    reason: str
    teacher_count: int


@dataclass(frozen=True)
class Resource:
    """Something to read, watch or do."""

    title: str
    kind: str  # article | video | course | book | exercise | session
    url: str = ""
    free: bool = True


@dataclass(frozen=True)
class Step:
    """One step of a learning path."""

    position: int
    title: str
    description: str
    skill_ids: list[str]
    estimated_hours: int
    checkpoint: str
    resources: list[Resource]
    teacher_ids: list[str]


@dataclass(frozen=True)
class Gap:
    """A skill the member is missing or needs to improve."""

    skill_id: str
    skill_name: str
    current_level: int
    required_level: int
    priority: str  # high | medium | low
    recommendation: str
    estimated_hours: int


@dataclass(frozen=True)
class Strength:
    """A skill the member already has at the level needed."""

    skill_id: str
    skill_name: str
    level: int


@dataclass(frozen=True)
class Tip:
    """One piece of session advice."""

    title: str
    body: str


@dataclass(frozen=True)
class AgendaItem:
    """One item of a suggested agenda."""

    title: str
    duration_minutes: int


@dataclass
class Generated:
    """A generated answer (payload as plain data) with its provenance; `payload` is what the cache stores."""

    payload: dict[str, Any]
    model: str
    generated_at: datetime
    fallback: bool = False
    input_tokens: int = 0
    output_tokens: int = 0
    cached: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ConversationView:
    """A conversation summary."""

    id: uuid.UUID
    title: str
    turn_count: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class TurnView:
    """A stored turn."""

    role: str
    text: str
    created_at: datetime
    referenced_skill_ids: list[uuid.UUID]


@dataclass(frozen=True)
class AssistantEvent:
    """One event of a streamed answer: a text piece, or the end (`complete` set)."""

    text: str = ""
    complete: dict[str, Any] | None = None
