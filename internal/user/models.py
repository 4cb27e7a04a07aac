"""Tables and value types of the user domain: profiles, availability, notification preferences, stats,
avatar uploads and the audit log."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, Float, Identity, Integer, SmallInteger, Text, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from pkg.db.base import Base

DISPLAY_NAME_MAX = 80
HEADLINE_MAX = 120
BIO_MAX = 2000
CITY_MAX = 100
LANGUAGES_MAX = 10
LINKS_MAX = 10
LINK_URL_MAX = 2048
LINK_LABEL_MAX = 60
HOURLY_RATE_MAX_MINOR = 100_000_000
DELETED_DISPLAY_NAME = "Deleted user"
WEEKLY_SLOTS_MAX = 50
EXCEPTIONS_MAX = 100
EXCEPTION_DAYS_AHEAD_MAX = 365
MINUTES_PER_DAY = 1440
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY

# ISO 3166-1 alpha-2 (as in tzdata's iso3166.tab).
_COUNTRY_CODES_TEXT = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT
BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH
ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT
HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS
LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI
NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG
SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""
COUNTRY_CODES = frozenset(_COUNTRY_CODES_TEXT.split())

# ISO 639-1 two-letter language codes, plus common three-letter codes that have no two-letter form.
_LANGUAGE_CODES_TEXT = """
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de
dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id
ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu
lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu
rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr
ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu ast ceb chr cmn fil gsw haw hmn kok mai mni
nap nds sah sco sgn yue
"""
LANGUAGE_CODES = frozenset(_LANGUAGE_CODES_TEXT.split())

# ISO 4217 currencies in use.
_CURRENCY_CODES_TEXT = """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD
CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT
LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR
NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP
STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG
XOF XPF YER ZAR ZMW ZWG
"""
CURRENCY_CODES = frozenset(_CURRENCY_CODES_TEXT.split())


class Visibility(enum.StrEnum):
    """Who may see a profile."""

    PUBLIC = "public"
    MEMBERS = "members"
    PRIVATE = "private"


class LinkType(enum.StrEnum):
    """What a profile link points to."""

    WEBSITE = "website"
    GITHUB = "github"
    LINKEDIN = "linkedin"
    X = "x"
    YOUTUBE = "youtube"
    PORTFOLIO = "portfolio"
    OTHER = "other"


class UserOrder(enum.StrEnum):
    """Sort orders of ListUsers."""

    RELEVANCE = "relevance"
    RATING = "rating"
    RECENCY = "recency"


class NotificationChannel(enum.StrEnum):
    """Channels notifications are delivered through."""

    EMAIL = "email"
    PUSH = "push"
    IN_APP = "in_app"


class NotificationEvent(enum.StrEnum):
    """Kinds of events a user can be notified about."""

    SESSION_REQUESTED = "session_requested"
    SESSION_CHANGED = "session_changed"
    SESSION_REMINDER = "session_reminder"
    NEW_MESSAGE = "new_message"
    NEW_RATING = "new_rating"
    MATCH_SUGGESTION = "match_suggestion"
    PAYMENT = "payment"
    SKILL_PROPOSAL_REVIEWED = "skill_proposal_reviewed"
    PRODUCT_NEWS = "product_news"


def default_preference(event: NotificationEvent, channel: NotificationChannel) -> bool:
    """Everything is on by default except product news by email and push."""
    return not (event is NotificationEvent.PRODUCT_NEWS and channel is not NotificationChannel.IN_APP)


# ------------------------------------------------------------------------------------------------ tables


class UserProfile(Base):
    """A profile; its id is the account id. The ListUsers read-model columns (multiranges, search vector,
    embedding) are written with SQL by the repository and not mapped here."""

    __tablename__ = "user_profiles"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(Text)
    headline: Mapped[str] = mapped_column(Text, default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    language_codes: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    language_keys: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    time_zone: Mapped[str] = mapped_column(Text, default="")
    country_code: Mapped[str] = mapped_column(Text, default="")
    city: Mapped[str] = mapped_column(Text, default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    links: Mapped[list[dict[str, str]]] = mapped_column(JSONB, default=list)
    is_mentor: Mapped[bool] = mapped_column(Boolean, default=False)
    accepts_skill_swap: Mapped[bool] = mapped_column(Boolean, default=False)
    hourly_rate_minor: Mapped[int | None] = mapped_column(BigInteger)
    hourly_rate_currency: Mapped[str | None] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(Text, default=Visibility.PUBLIC.value)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    avatar: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    avatar_updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    average_rating: Mapped[float] = mapped_column(Float, default=0.0)
    rating_count: Mapped[int] = mapped_column(Integer, default=0)
    skill_keys: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    embedding_model: Mapped[str | None] = mapped_column(Text)
    embedding_source_hash: Mapped[str | None] = mapped_column(Text)
    embedded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def live(self) -> bool:
        """Not deleted."""
        return self.deleted_at is None


class UserBlock(Base):
    """`blocker_id` blocked `blocked_id`: each is hidden from the other (see blocks.py)."""

    __tablename__ = "user_blocks"

    blocker_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    blocked_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AvailabilityRecord(Base):
    """A user's availability as entered, in local times (see the migration for the JSON shapes)."""

    __tablename__ = "user_availability"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    weekly_slots: Mapped[list[dict[str, int]]] = mapped_column(JSONB, default=list)
    exceptions: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class NotificationSettings(Base):
    """The pairs a user changed from their defaults, and quiet hours."""

    __tablename__ = "user_notification_preferences"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    overrides: Mapped[dict[str, bool]] = mapped_column(JSONB, default=dict)
    quiet_start_minute: Mapped[int | None] = mapped_column(SmallInteger)
    quiet_end_minute: Mapped[int | None] = mapped_column(SmallInteger)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UserStats(Base):
    """Activity statistics, recomputed by the session and review domains (zeros until they ship)."""

    __tablename__ = "user_stats"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    sessions_taught_count: Mapped[int] = mapped_column(Integer, default=0)
    sessions_learned_count: Mapped[int] = mapped_column(Integer, default=0)
    teaching_minutes: Mapped[int] = mapped_column(BigInteger, default=0)
    learning_minutes: Mapped[int] = mapped_column(BigInteger, default=0)
    average_rating: Mapped[float] = mapped_column(Float, default=0.0)
    rating_count: Mapped[int] = mapped_column(Integer, default=0)
    response_rate: Mapped[float] = mapped_column(Float, default=0.0)
    no_show_count: Mapped[int] = mapped_column(Integer, default=0)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AvatarUpload(Base):
    """A signed upload handed out by CreateAvatarUpload; finalized once."""

    __tablename__ = "user_avatar_uploads"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column()
    object_key: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finalized_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """An admin or account action on a user (verification badge, deletion), with its note."""

    __tablename__ = "user_audit_log"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column()
    actor_id: Mapped[uuid.UUID | None] = mapped_column()
    action: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# ------------------------------------------------------------------------------------------ value types


@dataclass(frozen=True)
class Link:
    """A link on a profile."""

    type: LinkType
    url: str
    label: str = ""


@dataclass(frozen=True)
class Money:
    """An amount in minor units of an ISO 4217 currency."""

    amount_minor: int
    currency_code: str


@dataclass(frozen=True)
class Location:
    """Coordinates in degrees."""

    latitude: float
    longitude: float


@dataclass(frozen=True)
class ProfileFields:
    """The settable fields of a profile, as sent by a client (validated by the service)."""

    display_name: str = ""
    headline: str = ""
    bio: str = ""
    language_codes: tuple[str, ...] = ()
    time_zone: str = ""
    country_code: str = ""
    city: str = ""
    location: Location | None = None
    links: tuple[Link, ...] = ()
    is_mentor: bool = False
    hourly_rate: Money | None = None
    visibility: Visibility | None = None
    has_avatar: bool = False
    accepts_skill_swap: bool = False


@dataclass(frozen=True)
class AvatarFiles:
    """The stored objects of an avatar and when it was set."""

    original_url: str
    thumbnails: tuple[tuple[int, str], ...]
    updated_at: datetime


@dataclass(frozen=True)
class UserView:
    """A profile as one caller sees it: `private` says whether email and location may be shown."""

    profile: UserProfile
    email: str
    private: bool
    avatar: AvatarFiles | None


@dataclass(frozen=True)
class TimeSpan:
    """Minutes since local midnight: start inclusive, end exclusive (1440 = midnight at the end)."""

    start: int
    end: int


@dataclass(frozen=True)
class WeeklySlot:
    """A recurring span on one ISO weekday (1 = Monday ... 7 = Sunday)."""

    day: int
    span: TimeSpan


@dataclass(frozen=True)
class DatedException:
    """Spans on one local date replacing that day's weekly slots (none = unavailable all day)."""

    date: date
    spans: tuple[TimeSpan, ...]


@dataclass(frozen=True)
class AvailabilityView:
    """A user's availability in their time zone."""

    user_id: uuid.UUID
    time_zone: str
    weekly: tuple[WeeklySlot, ...]
    exceptions: tuple[DatedException, ...]
    updated_at: datetime | None


@dataclass(frozen=True)
class QuietHours:
    """A daily period (minutes since local midnight); end before start spans midnight."""

    start: int
    end: int


@dataclass(frozen=True)
class Preference:
    """Whether one event type is delivered through one channel."""

    event: NotificationEvent
    channel: NotificationChannel
    enabled: bool


@dataclass(frozen=True)
class PreferencesView:
    """Every (event, channel) pair with its value, and quiet hours."""

    user_id: uuid.UUID
    preferences: tuple[Preference, ...]
    quiet_hours: QuietHours | None
    updated_at: datetime | None


@dataclass(frozen=True)
class SkillFilter:
    """A skill the listed users must hold: kind None = offered or wanted; min_level 0 = any."""

    skill_id: uuid.UUID
    kind: str | None
    min_level: int


@dataclass(frozen=True)
class AvailabilityWindow:
    """A UTC window users must be available in, with a minimum continuous span."""

    start: datetime
    end: datetime
    min_overlap_minutes: int = 0


@dataclass(frozen=True)
class UserFilter:
    """ListUsers filters (all must hold)."""

    skills: tuple[SkillFilter, ...] = ()
    mentors_only: bool = False
    language_codes: tuple[str, ...] = ()
    country_codes: tuple[str, ...] = ()
    min_utc_offset_minutes: int | None = None
    max_utc_offset_minutes: int | None = None
    available_during: AvailabilityWindow | None = None
    min_rating: float | None = None
    verified_only: bool = False
    exclude_user_ids: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True)
class AvatarTicket:
    """Where and how to upload an avatar (CreateAvatarUpload's answer)."""

    upload_id: uuid.UUID
    url: str
    method: str
    headers: dict[str, str]
    expire_time: datetime
    allowed_content_types: tuple[str, ...]
    max_size_bytes: int
