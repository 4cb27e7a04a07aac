"""Tables of the session domain (migration 0011) and its small value types.

`session_holds` (the time each live session holds per participant, under an exclusion constraint) is
written and read in SQL by the repository; it is mapped here so the domain owns it.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import BigInteger, DateTime, Integer, SmallInteger, Text, func
from sqlalchemy.dialects.postgresql import TSTZRANGE, Range
from sqlalchemy.orm import Mapped, mapped_column

from internal.session.states import Status
from pkg.db.base import Base

TITLE_MAX = 120
DESCRIPTION_MAX = 2000
LOCATION_MAX = 300
NOTE_MAX = 500
COMMENT_MAX = 1000
DETAILS_MAX = 2000
DURATION_MIN = 15
DURATION_MAX = 480


class Mode(enum.StrEnum):
    """Where a session takes place."""

    ONLINE = "online"
    IN_PERSON = "in_person"


class Role(enum.StrEnum):
    """A participant's part in a session."""

    TEACHER = "teacher"
    LEARNER = "learner"


class CancelReason(enum.StrEnum):
    """Why a session was cancelled or declined (session.v1.CancellationReason)."""

    SCHEDULE_CONFLICT = "schedule_conflict"
    PERSONAL = "personal"
    NO_LONGER_NEEDED = "no_longer_needed"
    NOT_A_FIT = "not_a_fit"
    MODERATION = "moderation"
    OTHER = "other"


class ReportReason(enum.StrEnum):
    """Why a session is reported (session.v1.SessionReportReason)."""

    NO_SHOW = "no_show"
    LATE_OR_LEFT_EARLY = "late_or_left_early"
    INAPPROPRIATE_BEHAVIOR = "inappropriate_behavior"
    HARASSMENT = "harassment"
    SCAM = "scam"
    NOT_AS_DESCRIBED = "not_as_described"
    TECHNICAL_ISSUE = "technical_issue"
    OTHER = "other"


class ReportStatus(enum.StrEnum):
    """Moderation state of a report."""

    OPEN = "open"
    UNDER_REVIEW = "under_review"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"


class HoldKind(enum.StrEnum):
    """Which time a hold is for: the agreed one, or a proposed reschedule."""

    BOOKED = "booked"
    PROPOSED = "proposed"


class Session(Base):
    """One session between a teacher and a learner."""

    __tablename__ = "sessions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    skill_id: Mapped[uuid.UUID] = mapped_column()
    teacher_id: Mapped[uuid.UUID] = mapped_column()
    learner_id: Mapped[uuid.UUID] = mapped_column()
    requested_by: Mapped[uuid.UUID] = mapped_column()
    awaiting_user_id: Mapped[uuid.UUID | None] = mapped_column()
    status: Mapped[str] = mapped_column(Text)
    scheduled_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    duration_minutes: Mapped[int] = mapped_column(Integer)
    time_zone: Mapped[str] = mapped_column(Text)
    mode: Mapped[str] = mapped_column(Text)
    location: Mapped[str] = mapped_column(Text, default="")
    meeting_url: Mapped[str] = mapped_column(Text, default="")
    price_minor: Mapped[int | None] = mapped_column(BigInteger)
    price_currency: Mapped[str | None] = mapped_column(Text)
    escrow_id: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_by: Mapped[uuid.UUID | None] = mapped_column()
    cancellation_reason: Mapped[str | None] = mapped_column(Text)
    cancellation_note: Mapped[str] = mapped_column(Text, default="")
    # Bumped by every change: the etag, and what timed jobs compare against to know they are still due.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # RFC 5545 SEQUENCE of the calendar invite: bumped by each confirmation, move or cancellation sent.
    calendar_sequence: Mapped[int] = mapped_column(Integer, default=0)
    proposed_start: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    proposed_duration_minutes: Mapped[int | None] = mapped_column(Integer)
    proposed_by: Mapped[uuid.UUID | None] = mapped_column()
    proposed_note: Mapped[str] = mapped_column(Text, default="")
    proposed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    @property
    def state(self) -> Status:
        """The lifecycle state."""
        return Status(self.status)

    @property
    def scheduled_end(self) -> datetime:
        """Start plus the planned length."""
        return self.scheduled_start + timedelta(minutes=self.duration_minutes)

    @property
    def participants(self) -> frozenset[uuid.UUID]:
        """Teacher and learner."""
        return frozenset({self.teacher_id, self.learner_id})

    @property
    def etag(self) -> str:
        """Version tag for UpdateSession (AIP-154)."""
        return f'W/"{self.version}"'

    def other(self, user_id: uuid.UUID) -> uuid.UUID:
        """The participant who is not `user_id`."""
        return self.learner_id if user_id == self.teacher_id else self.teacher_id

    def role_of(self, user_id: uuid.UUID) -> Role | None:
        """`user_id`'s part in the session, if any."""
        if user_id == self.teacher_id:
            return Role.TEACHER
        if user_id == self.learner_id:
            return Role.LEARNER
        return None


class SessionHold(Base):
    """The time a live session holds for one participant (exclusion constraint: no overlaps per user)."""

    __tablename__ = "session_holds"

    session_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(Text, primary_key=True)
    during: Mapped[Range[datetime]] = mapped_column(TSTZRANGE)


class Rating(Base):
    """A rating one participant gave the other."""

    __tablename__ = "session_ratings"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    session_id: Mapped[uuid.UUID] = mapped_column()
    rater_id: Mapped[uuid.UUID] = mapped_column()
    rated_id: Mapped[uuid.UUID] = mapped_column()
    rated_role: Mapped[str] = mapped_column(Text)
    rating: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Report(Base):
    """A participant's report about a session, for moderation."""

    __tablename__ = "session_reports"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    session_id: Mapped[uuid.UUID] = mapped_column()
    reporter_id: Mapped[uuid.UUID] = mapped_column()
    reason: Mapped[str] = mapped_column(Text)
    details: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(Text, default=ReportStatus.OPEN.value)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class IdempotencyKey(Base):
    """CreateSession's idempotency key: the session the first call with it created."""

    __tablename__ = "session_idempotency_keys"

    caller_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    session_id: Mapped[uuid.UUID] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class BookingSettingsRecord(Base):
    """A teacher's own booking settings; NULL columns fall back to the platform defaults (config)."""

    __tablename__ = "session_booking_settings"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    buffer_before_minutes: Mapped[int | None] = mapped_column(Integer)
    buffer_after_minutes: Mapped[int | None] = mapped_column(Integer)
    minimum_notice_minutes: Mapped[int | None] = mapped_column(Integer)
    booking_horizon_days: Mapped[int | None] = mapped_column(Integer)
    daily_limit: Mapped[int | None] = mapped_column(Integer)
    slot_interval_minutes: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


BOOKING_PATHS = (
    "buffer_before_minutes",
    "buffer_after_minutes",
    "minimum_notice_minutes",
    "booking_horizon_days",
    "daily_limit",
    "slot_interval_minutes",
)


@dataclass(frozen=True)
class BookingRules:
    """A teacher's effective booking settings (their own values, else the platform's)."""

    buffer_before_minutes: int
    buffer_after_minutes: int
    minimum_notice_minutes: int
    booking_horizon_days: int
    daily_limit: int
    slot_interval_minutes: int


@dataclass(frozen=True)
class BookingSettingsView:
    """GetBookingSettings: the effective rules and which paths the member set."""

    user_id: uuid.UUID
    rules: BookingRules
    custom_paths: tuple[str, ...]


@dataclass(frozen=True)
class Money:
    """An amount in minor units and its ISO currency."""

    amount_minor: int
    currency: str


@dataclass(frozen=True)
class CancelOutcome:
    """CancelSession's answer: the session and the refund the policy gives (None without a price)."""

    session: SessionView
    refund_percent: int
    refund: Money | None


@dataclass(frozen=True)
class Card:
    """A member's card on a session (user.v1.UserSummary's basic fields)."""

    user_id: uuid.UUID
    display_name: str
    headline: str
    average_rating: float
    rating_count: int


@dataclass(frozen=True)
class SessionView:
    """A session as one caller sees it: its ratings, member cards, and whether the meeting URL is shown."""

    session: Session
    ratings: tuple[Rating, ...]
    cards: dict[uuid.UUID, Card]
    show_meeting_url: bool


@dataclass(frozen=True)
class SlotView:
    """A bookable start (UTC) and its wall-clock time in the asker's zone."""

    start: datetime
    end: datetime
    local_start: str


@dataclass(frozen=True)
class SlotsView:
    """ListAvailableSlots' answer."""

    slots: tuple[SlotView, ...]
    teacher_time_zone: str
    time_zone: str


@dataclass(frozen=True)
class SessionQuery:
    """Filters of a member's session list (shared by SessionService and UserService ListUserSessions)."""

    user_id: uuid.UUID
    statuses: frozenset[Status] = frozenset()
    role: Role | None = None
    start_from: datetime | None = None
    start_to: datetime | None = None
    counterpart_id: uuid.UUID | None = None
