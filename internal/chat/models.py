"""Chat tables (migration 0012) and the small value types the service hands out.

`chat_messages.search_vector` is a generated column and deliberately not mapped (the repository reads it
in SQL). Sequences: `chat_conversations.last_seq` is the conversation's durable cursor; every row of
`chat_events` and every message carries the sequence it was written at.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, Integer, SmallInteger, Text, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from pkg.db.base import Base

TITLE_MAX = 100
TEXT_MAX = 4000
GROUP_MAX = 50
ATTACHMENTS_MAX = 10
REACTIONS_PER_MEMBER_MAX = 20


class ConversationType(enum.StrEnum):
    """Direct (two members, one per pair) or group (3 to 50 members, an owner and a title)."""

    DIRECT = "direct"
    GROUP = "group"


class Role(enum.StrEnum):
    """A participant's role."""

    MEMBER = "member"
    OWNER = "owner"


class EventKind(enum.StrEnum):
    """What a durable event records."""

    MESSAGE_CREATED = "message_created"
    MESSAGE_UPDATED = "message_updated"
    MESSAGE_DELETED = "message_deleted"
    REACTION_CHANGED = "reaction_changed"
    READ_RECEIPT = "read_receipt"
    CONVERSATION_UPDATED = "conversation_updated"


class AttachmentStatus(enum.StrEnum):
    """Where an attachment is in its life."""

    PENDING = "pending"
    SENT = "sent"
    QUARANTINED = "quarantined"
    REMOVED = "removed"


class Conversation(Base):
    """A direct or group conversation; `last_seq` is its durable cursor."""

    __tablename__ = "chat_conversations"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    type: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    session_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    direct_key: Mapped[str | None] = mapped_column(Text)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_message_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Participant(Base):
    """A member of a conversation, their read marker and mute flag."""

    __tablename__ = "chat_participants"

    conversation_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    role: Mapped[str] = mapped_column(Text)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    joined_seq: Mapped[int] = mapped_column(BigInteger)
    read_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    read_message_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    muted: Mapped[bool] = mapped_column(Boolean, default=False)


class ConversationRequest(Base):
    """The first answer to a CreateConversation idempotency key."""

    __tablename__ = "chat_conversation_requests"

    caller_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(Text, primary_key=True)
    conversation_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    created: Mapped[bool] = mapped_column(Boolean)
    request_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Message(Base):
    """A chat message; deleted ones stay as tombstones."""

    __tablename__ = "chat_messages"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    conversation_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    seq: Mapped[int] = mapped_column(BigInteger)
    sender_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    sender_deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str] = mapped_column(Text, default="user")
    text: Mapped[str] = mapped_column(Text, default="")
    reply_to_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    idempotency_key: Mapped[str | None] = mapped_column(Text)
    request_hash: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Event(Base):
    """One durable event of a conversation, at its sequence."""

    __tablename__ = "chat_events"

    conversation_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    message_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Reaction(Base):
    """One member's reaction with one emoji on one message."""

    __tablename__ = "chat_reactions"

    message_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    emoji: Mapped[str] = mapped_column(Text, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Attachment(Base):
    """A file reserved for, and later sent with, a message."""

    __tablename__ = "chat_attachments"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    conversation_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    uploader_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    message_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    file_name: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    storage_key: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    thumbnail_key: Mapped[str | None] = mapped_column(Text)
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)


class Report(Base):
    """A participant's report about a message (the moderation queue)."""

    __tablename__ = "chat_reports"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    message_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    conversation_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    reporter_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    reason: Mapped[int] = mapped_column(SmallInteger)
    details: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[int] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# ------------------------------------------------------------------------------------ value types


@dataclass(frozen=True, slots=True)
class ReactionCount:
    """How many members reacted with one emoji, whether the viewer did, and a few of them."""

    emoji: str
    count: int
    user_ids: tuple[uuid.UUID, ...]


@dataclass(frozen=True, slots=True)
class AttachmentView:
    """An attachment as a message shows it, with a signed download URL."""

    id: uuid.UUID
    file_name: str
    content_type: str
    size_bytes: int
    url: str
    url_expire_time: datetime | None
    thumbnail_url: str = ""
    width: int = 0
    height: int = 0


@dataclass(frozen=True, slots=True)
class MessageView:
    """A message with its reactions and attachments, as any participant may see it."""

    id: uuid.UUID
    conversation_id: uuid.UUID
    seq: int
    sender_id: uuid.UUID | None
    sender_deleted: bool
    kind: str
    text: str
    reply_to_id: uuid.UUID | None
    idempotency_key: str | None
    created_at: datetime
    edited_at: datetime | None
    deleted: bool
    updated_at: datetime
    reactions: tuple[ReactionCount, ...] = ()
    attachments: tuple[AttachmentView, ...] = ()


@dataclass(frozen=True, slots=True)
class MemberCard:
    """What a participant card shows (from the user domain); only `user_id` when the profile is hidden."""

    user_id: uuid.UUID
    display_name: str = ""
    headline: str = ""
    avatar_uri: str = ""


@dataclass(frozen=True, slots=True)
class ParticipantView:
    """A participant with their read marker."""

    user_id: uuid.UUID
    role: str
    joined_at: datetime
    read_message_id: uuid.UUID | None
    read_at: datetime | None
    muted: bool
    card: MemberCard | None = None


@dataclass(frozen=True, slots=True)
class ConversationView:
    """A conversation as one viewer sees it (their unread count)."""

    id: uuid.UUID
    type: str
    title: str
    session_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    last_seq: int
    participants: tuple[ParticipantView, ...]
    last_message: MessageView | None = None
    unread_count: int = 0


@dataclass(frozen=True, slots=True)
class ReportView:
    """A message report."""

    id: uuid.UUID
    message_id: uuid.UUID
    conversation_id: uuid.UUID
    reporter_id: uuid.UUID
    reason: int
    details: str
    status: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class UploadTicket:
    """Where to upload a reserved attachment."""

    attachment_id: uuid.UUID
    url: str
    method: str
    headers: dict[str, str]
    expire_time: datetime | None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A message that matched a search, with its snippet and highlight ranges."""

    message: MessageView
    snippet: str
    highlights: tuple[tuple[int, int], ...] = ()


@dataclass(slots=True)
class StreamEvent:
    """One event on a stream: durable (seq > 0) or ephemeral (typing, heartbeat, live)."""

    conversation_id: uuid.UUID | None
    seq: int
    kind: str
    created_at: datetime
    actor_id: uuid.UUID | None = None
    message: MessageView | None = None
    data: dict[str, Any] = field(default_factory=dict)
    conversation: ConversationView | None = None
