"""UserService use cases: profiles, visibility, availability, notification preferences, stats, verification,
avatars, ListUsers and the user embedding.

Design notes (docs/users.md has the long form):

- Visibility is decided here: PUBLIC profiles are seen by everyone, MEMBERS by signed-in callers, PRIVATE by
  the owner and admins; a profile the caller may not see answers NOT_FOUND, as if it did not exist.
  Deleted profiles are an anonymised stub for everyone and never listed. Email and location are filled in
  only for the owner and admins.
- The email comes from the account (AuthService.account_emails), never copied into the profile; deleting a
  user closes the account through AuthService.close_account in the same transaction (sessions revoked,
  email freed). is_mentor keeps the account's ROLE_MENTOR in step (AuthService.set_role).
- Profiles are read through the `user_profile` cache (pkg/cache); every write invalidates the key inside
  its transaction, so every replica evicts it when the write commits.
- The skill domain owns user skills; it calls `replace_skill_keys` after each user-skill write, in its own
  transaction, to keep this domain's `skill_keys` read model (what ListUsers filters on) in step.
- The embedding is computed by the `user.embed` job (enqueued with every profile or skill change), never
  inside a request.
"""

from __future__ import annotations

import asyncio
import io
import re
import unicodedata
import uuid
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import urlsplit

from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from internal.user.models import (
    BIO_MAX,
    CITY_MAX,
    COUNTRY_CODES,
    CURRENCY_CODES,
    DISPLAY_NAME_MAX,
    EXCEPTION_DAYS_AHEAD_MAX,
    HEADLINE_MAX,
    HOURLY_RATE_MAX_MINOR,
    LANGUAGE_CODES,
    LANGUAGES_MAX,
    LINK_LABEL_MAX,
    LINK_URL_MAX,
    LINKS_MAX,
    MINUTES_PER_DAY,
    MINUTES_PER_WEEK,
    AuditEntry,
    AvailabilityRecord,
    AvailabilityView,
    AvatarFiles,
    AvatarTicket,
    AvatarUpload,
    DatedException,
    Link,
    LinkType,
    Location,
    Money,
    NotificationChannel,
    NotificationEvent,
    NotificationSettings,
    Page,
    Preference,
    PreferencesView,
    ProfileFields,
    QuietHours,
    TimeSpan,
    UserFilter,
    UserOrder,
    UserProfile,
    UserStats,
    UserView,
    Visibility,
    WeeklySlot,
    default_preference,
)
from internal.user.repository import DOMAIN, ListQuery, UserRepository, profile_exists_error
from pkg.authz import Audience, Caller
from pkg.cache import CacheHub
from pkg.db import UnitOfWorkFactory
from pkg.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
    Unimplemented,
)
from pkg.grpcx.context import current_claims, require_caller, require_role
from pkg.jobs import enqueue
from pkg.llm import EmbeddingProvider
from pkg.llm.jobs import embed_in_job, source_digest
from pkg.log import get_logger
from pkg.pagination import Paginator as PageTokens  # noqa: N814 - transitional
from pkg.pagination import clamp_page_size as page_size
from pkg.storage import ObjectNotFound, ObjectStorage, normalize_content_type
from pkg.storage.images import ImageRejected, process_image_async
from pkg.tokens import AccessClaims

log = get_logger("user")

# The value types this service's methods take: other domains (and tools) import them from here, since a
# domain may use another domain's service but not its models.
__all__ = [
    "DatedException",
    "Link",
    "LinkType",
    "Location",
    "Money",
    "ProfileFields",
    "TimeSpan",
    "UserService",
    "Visibility",
    "WeeklySlot",
]

ADMIN = "admin"
MENTOR = "mentor"
EMBED_JOB = "user.embed"
EMBED_BACKFILL_JOB = "user.embed_backfill"
DELETE_FILES_JOB = "user.delete_files"
AVAILABILITY_REFRESH_JOB = "user.refresh_availability"
AVAILABILITY_REFRESH_BATCH = 500
CACHE_NAME = "user_profile"

UPDATE_PATHS = (
    "display_name",
    "headline",
    "bio",
    "language_codes",
    "time_zone",
    "country_code",
    "city",
    "location",
    "links",
    "is_mentor",
    "hourly_rate",
    "visibility",
    "avatar",
)
AVAILABILITY_PATHS = ("weekly_slots", "exceptions")
PREFERENCE_PATHS = ("preferences", "quiet_hours")
BATCH_MAX = 100
SKILL_FILTERS_MAX = 5
WINDOW_MAX = timedelta(days=31)
AVATAR_TYPES = ("image/jpeg", "image/png", "image/webp")
AVATAR_MAX_BYTES = 5 * 1024 * 1024
AVATAR_MAX_PIXELS = 40_000_000
AVATAR_MIN_EDGE = 64
AVATAR_THUMBNAILS = (64, 128, 256)
AVATAR_UPLOAD_TTL = timedelta(minutes=15)
AVATAR_UPLOADS_PER_HOUR = 20
EMBED_BATCH = 100
SKILL_KINDS = ("offered", "wanted")
_SCRIPT = re.compile(r"[A-Za-z]{4}")
_REGION = re.compile(r"[A-Za-z]{2}|[0-9]{3}")
_VARIANT = re.compile(r"[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}")


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Accounts(Protocol):
    """What UserService needs from the auth domain (AuthService satisfies it)."""

    async def account_emails(self, account_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        """Emails by account id."""
        ...

    async def set_role(self, session: AsyncSession, account_id: uuid.UUID, role: str, granted: bool) -> None:
        """Grant or remove a role in the caller's transaction."""
        ...

    async def close_account(
        self, session: AsyncSession, account_id: uuid.UUID, *, actor_id: uuid.UUID | None, reason: str
    ) -> int:
        """Revoke every session, disable sign-in and free the email, in the caller's transaction."""
        ...


class SkillCatalog(Protocol):
    """What UserService needs from the skill domain (SkillService satisfies it): whether a skill exists
    (get_skill raises NOT_FOUND SKILL_NOT_FOUND), and erasing a deleted user's skills."""

    async def get_skill(self, *, caller: Caller, skill_id: uuid.UUID) -> Any:
        """The skill, or NotFound (SKILL_NOT_FOUND)."""
        ...

    async def erase_user_skills(self, session: AsyncSession, user_id: uuid.UUID) -> int:
        """Remove every skill the user holds, in the caller's transaction."""
        ...


# ------------------------------------------------------------------------------------------------ errors


def profile_not_found(user_id: uuid.UUID | str) -> NotFound:
    """The answer for a profile that does not exist or that the caller may not see."""
    return NotFound(
        "No such user, or their profile is not visible to you.",
        reason="PROFILE_NOT_FOUND",
        domain=DOMAIN,
        metadata={"user_id": str(user_id)},
    )


def _not_owner() -> PermissionDenied:
    return PermissionDenied(
        "Only the user themselves or an admin may do this.", reason="NOT_PROFILE_OWNER", domain=DOMAIN
    )


def _invalid(field: str, description: str, reason: str = "INVALID_ARGUMENT") -> InvalidArgument:
    return InvalidArgument(field=field, description=description, reason=reason, domain=DOMAIN)


def _availability_invalid(field: str, description: str) -> InvalidArgument:
    return _invalid(field, description, "AVAILABILITY_INVALID")


def check_mask(paths: Sequence[str], allowed: Sequence[str]) -> list[str]:
    """The mask's paths, deduplicated; UPDATE_MASK_INVALID naming each unknown or read-only path."""
    if not paths:
        raise _invalid("update_mask", f"must name at least one of: {', '.join(allowed)}", "UPDATE_MASK_INVALID")
    bad = [
        FieldViolation(f"update_mask.paths[{i}]", f"'{p}' cannot be updated; updatable: {', '.join(allowed)}")
        for i, p in enumerate(paths)
        if p not in allowed
    ]
    if bad:
        raise InvalidArgument(
            "; ".join(v.description for v in bad), violations=bad, reason="UPDATE_MASK_INVALID", domain=DOMAIN
        )
    return list(dict.fromkeys(paths))


# ------------------------------------------------------------------------------------------- validation


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def clean_time_zone(value: str, field: str) -> str:
    """An IANA time zone name known to zoneinfo."""
    if value not in _time_zones():
        raise _invalid(field, "must be an IANA time zone such as Europe/Berlin")
    return value


def clean_language(value: str, field: str) -> str:
    """A BCP 47 tag with a known language, normalised (`PT-br` → `pt-BR`, `zh-hant-tw` → `zh-Hant-TW`)."""
    parts = value.strip().split("-")
    language = parts[0].lower()
    if language not in LANGUAGE_CODES:
        raise _invalid(field, f"'{value}' does not start with a known ISO 639 language code")
    out = [language]
    rest = parts[1:]
    if rest and _SCRIPT.fullmatch(rest[0]):
        out.append(rest.pop(0).title())
    if rest and _REGION.fullmatch(rest[0]):
        region = rest.pop(0).upper()
        if region.isalpha() and region not in COUNTRY_CODES:
            raise _invalid(field, f"'{value}' names an unknown region")
        out.append(region)
    for variant in rest:
        if not _VARIANT.fullmatch(variant):
            raise _invalid(field, f"'{value}' is not a BCP 47 language tag")
        out.append(variant.lower())
    return "-".join(out)


def language_keys(codes: Iterable[str]) -> list[str]:
    """What a profile's languages are matched by: each tag and every shorter prefix of it
    (`zh-Hant-TW` → zh-Hant-TW, zh-Hant, zh), so a filter tag also matches its regional variants."""
    keys: list[str] = []
    for code in codes:
        parts = code.split("-")
        for length in range(len(parts), 0, -1):
            key = "-".join(parts[:length])
            if key not in keys:
                keys.append(key)
    return keys


def clean_country(value: str, field: str) -> str:
    """An ISO 3166-1 alpha-2 code (upper case) or empty."""
    if value and value not in COUNTRY_CODES:
        raise _invalid(field, "must be an ISO 3166-1 alpha-2 country code in upper case, such as DE")
    return value


def _check_printable(value: str, field: str) -> None:
    """Control characters (NUL, escape sequences...) are refused; PostgreSQL cannot even store NUL."""
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t\r" for ch in value):
        raise _invalid(field, "must not contain control characters")


def _clean_text(value: str, field: str, maximum: int, *, required: bool = False, single_line: bool = False) -> str:
    _check_printable(value, field)
    text = " ".join(value.split()) if single_line else value.strip()
    if required and not text:
        raise _invalid(field, "is required")
    if len(text) > maximum:
        raise _invalid(field, f"must be at most {maximum} characters")
    return text


def _clean_languages(values: Sequence[str], field: str) -> list[str]:
    codes: list[str] = []
    for index, value in enumerate(values):
        code = clean_language(value, f"{field}[{index}]")
        if code not in codes:
            codes.append(code)
    if len(codes) > LANGUAGES_MAX:
        raise _invalid(field, f"must have at most {LANGUAGES_MAX} languages")
    return codes


def _clean_links(links: Sequence[Link], field: str) -> list[dict[str, str]]:
    if len(links) > LINKS_MAX:
        raise _invalid(field, f"must have at most {LINKS_MAX} links")
    out = []
    for index, link in enumerate(links):
        _check_printable(link.url, f"{field}[{index}].url")
        url = link.url.strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > LINK_URL_MAX:
            raise _invalid(
                f"{field}[{index}].url", f"must be an absolute http(s) URL of at most {LINK_URL_MAX} characters"
            )
        label = _clean_text(link.label, f"{field}[{index}].label", LINK_LABEL_MAX, single_line=True)
        out.append({"type": link.type.value, "url": url, "label": label})
    return out


def _check_location(fields: ProfileFields, field: str) -> None:
    if fields.location is not None:
        if not -90 <= fields.location.latitude <= 90:
            raise _invalid(f"{field}.latitude", "must be between -90 and 90")
        if not -180 <= fields.location.longitude <= 180:
            raise _invalid(f"{field}.longitude", "must be between -180 and 180")


def _check_rate(fields: ProfileFields, is_mentor: bool, field: str) -> None:
    rate = fields.hourly_rate
    if rate is None:
        return
    if not is_mentor:
        raise _invalid(field, "may be set only when is_mentor is true")
    if rate.currency_code not in CURRENCY_CODES:
        raise _invalid(f"{field}.currency_code", "must be an ISO 4217 currency code such as EUR")
    if not 0 <= rate.amount_minor <= HOURLY_RATE_MAX_MINOR:
        raise _invalid(f"{field}.amount_minor", f"must be between 0 and {HOURLY_RATE_MAX_MINOR}")


# ---------------------------------------------------------------------------------------- availability


def _check_spans(spans: Sequence[TimeSpan], field: str) -> list[TimeSpan]:
    for index, span in enumerate(spans):
        if not 0 <= span.start < MINUTES_PER_DAY or not 0 < span.end <= MINUTES_PER_DAY:
            raise _availability_invalid(f"{field}[{index}]", "times must be within one day (hours 0-23, minutes 0-59)")
        if span.end <= span.start:
            raise _availability_invalid(f"{field}[{index}]", "must end after it starts (00:00 as end means midnight)")
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.start < before.end:
            raise _availability_invalid(field, "slots on the same day or date must not overlap")
    return ordered


def check_weekly(slots: Sequence[WeeklySlot]) -> list[WeeklySlot]:
    """Weekly slots ordered by day and time; AVAILABILITY_INVALID for bad or overlapping slots."""
    for index, slot in enumerate(slots):
        if not 1 <= slot.day <= 7:
            raise _availability_invalid(f"availability.weekly_slots[{index}].day_of_week", "must be set")
    out: list[WeeklySlot] = []
    for day in range(1, 8):
        spans = _check_spans([s.span for s in slots if s.day == day], "availability.weekly_slots")
        out.extend(WeeklySlot(day, span) for span in spans)
    return out


def check_exceptions(exceptions: Sequence[DatedException], today: date) -> list[DatedException]:
    """Future exceptions ordered by date (past ones dropped); AVAILABILITY_INVALID for a repeated date, a date
    more than 365 days ahead, or bad slots."""
    seen: set[date] = set()
    out = []
    for index, exception in enumerate(exceptions):
        field = f"availability.exceptions[{index}]"
        if exception.date in seen:
            raise _availability_invalid(f"{field}.date", "is listed twice")
        seen.add(exception.date)
        if exception.date > today + timedelta(days=EXCEPTION_DAYS_AHEAD_MAX):
            raise _availability_invalid(f"{field}.date", f"must be at most {EXCEPTION_DAYS_AHEAD_MAX} days ahead")
        spans = _check_spans(exception.spans, f"{field}.slots")
        if exception.date >= today:
            out.append(DatedException(exception.date, tuple(spans)))
    return sorted(out, key=lambda e: e.date)


def _at(day: date, minute: int, zone: zoneinfo.ZoneInfo) -> datetime:
    """The UTC instant of `minute` minutes after local midnight of `day` (wall-clock; 1440 = next midnight)."""
    if minute >= MINUTES_PER_DAY:
        return datetime.combine(day + timedelta(days=1), time(), zone).astimezone(UTC)
    return datetime.combine(day, time(minute // 60, minute % 60), zone).astimezone(UTC)


def weekly_utc(slots: Sequence[WeeklySlot], time_zone: str, today: date) -> str:
    """Weekly slots as an int4multirange literal of minutes since Monday 00:00 UTC.

    DST approximation: each slot is converted with the offset of its next occurrence from `today` (the day
    of the write). A slot written in winter would be off by the DST shift in summer, so the daily
    `user.refresh_availability` job rewrites every user's ranges with the current offsets: after a DST
    change the filter is off by the shift for at most a day. Dated exceptions are exact for their date.
    """
    zone = zoneinfo.ZoneInfo(time_zone)
    ranges: list[tuple[int, int]] = []
    for slot in slots:
        day = today + timedelta(days=(slot.day - today.isoweekday()) % 7)
        start = _at(day, slot.span.start, zone)
        end = _at(day, slot.span.end, zone)
        begin = start.weekday() * MINUTES_PER_DAY + start.hour * 60 + start.minute
        length = int((end - start).total_seconds() // 60)
        if length <= 0:
            continue
        if begin + length <= MINUTES_PER_WEEK:
            ranges.append((begin, begin + length))
        else:
            ranges.append((begin, MINUTES_PER_WEEK))
            ranges.append((0, begin + length - MINUTES_PER_WEEK))
    return "{" + ",".join(f"[{a},{b})" for a, b in sorted(ranges)) + "}"


def _tstz(ranges: Iterable[tuple[datetime, datetime]]) -> str:
    return "{" + ",".join(f'["{a.isoformat()}","{b.isoformat()}")' for a, b in ranges) + "}"


def exception_ranges(exceptions: Sequence[DatedException], time_zone: str) -> tuple[str, str]:
    """(the exception dates, their available spans) as tstzmultirange literals, exact for each date."""
    zone = zoneinfo.ZoneInfo(time_zone)
    days = [(_at(e.date, 0, zone), _at(e.date, MINUTES_PER_DAY, zone)) for e in exceptions]
    spans = [(_at(e.date, s.start, zone), _at(e.date, s.end, zone)) for e in exceptions for s in e.spans]
    return _tstz(days), _tstz(spans)


def window_minutes_of_week(start: datetime, end: datetime) -> str:
    """The minutes of the week (UTC, Monday 00:00 = 0) a window touches, as an int4multirange literal."""
    if end - start >= timedelta(days=7):
        return f"{{[0,{MINUTES_PER_WEEK})}}"
    start = start.astimezone(UTC)
    begin = start.weekday() * MINUTES_PER_DAY + start.hour * 60 + start.minute
    length = int(-(-(end - start).total_seconds() // 60)) + 1
    if begin + length <= MINUTES_PER_WEEK:
        return f"{{[{begin},{begin + length})}}"
    return f"{{[0,{begin + length - MINUTES_PER_WEEK}),[{begin},{MINUTES_PER_WEEK})}}"


@lru_cache(maxsize=1)
def _zones() -> tuple[tuple[str, zoneinfo.ZoneInfo], ...]:
    # Held here: zoneinfo's own cache keeps only a few zones strongly and would reload the rest from disk.
    return tuple((name, zoneinfo.ZoneInfo(name)) for name in sorted(_time_zones()))


@lru_cache(maxsize=2)
def _offsets_at(minute: datetime) -> tuple[tuple[str, int], ...]:
    """Every zone's UTC offset in minutes at `minute` (about 1 ms for ~600 zones; kept per minute)."""
    table = []
    for name, zone in _zones():
        offset = minute.astimezone(zone).utcoffset()
        table.append((name, int(offset.total_seconds() // 60) if offset is not None else 0))
    return tuple(table)


def zones_with_offset(minimum: int | None, maximum: int | None, now: datetime) -> tuple[str, ...]:
    """Time zones whose UTC offset at `now` (to the minute) is within [minimum, maximum] minutes."""
    minute = now.astimezone(UTC).replace(second=0, microsecond=0)
    return tuple(
        name
        for name, offset in _offsets_at(minute)
        if (minimum is None or offset >= minimum) and (maximum is None or offset <= maximum)
    )


def skill_keys(skills: Sequence[tuple[str, uuid.UUID, int]]) -> list[str]:
    """'<kind>:<skill_id>:<level>' for every level from 1 up to each held proficiency."""
    keys: list[str] = []
    for kind, skill_id, level in skills:
        if kind not in SKILL_KINDS:
            raise ValueError(f"unknown user skill kind {kind!r}")
        if not 1 <= level <= 5:
            raise ValueError(f"proficiency {level} is not between 1 and 5")
        keys.extend(f"{kind}:{skill_id}:{n}" for n in range(1, level + 1))
    return sorted(set(keys))


def held_skills(keys: Iterable[str]) -> dict[tuple[str, uuid.UUID], int]:
    """(kind, skill id) → held proficiency, read back from skill keys."""
    held: dict[tuple[str, uuid.UUID], int] = {}
    for key in keys:
        kind, skill_id, level = key.split(":")
        pair = (kind, uuid.UUID(skill_id))
        held[pair] = max(held.get(pair, 0), int(level))
    return held


def embedding_text(profile: UserProfile, skill_names: dict[uuid.UUID, str]) -> str:
    """What a user is embedded from: who they are, what they do and which skills they offer and want."""
    parts = [profile.display_name]
    if profile.headline:
        parts.append(profile.headline)
    if profile.bio:
        parts.append(profile.bio)
    if profile.language_codes:
        parts.append("Languages: " + ", ".join(profile.language_codes))
    if profile.is_mentor:
        parts.append("Mentor")
    held = held_skills(profile.skill_keys)
    for kind, label in (("offered", "Offers"), ("wanted", "Wants to learn")):
        named = sorted(
            (skill_names[skill_id], level)
            for (k, skill_id), level in held.items()
            if k == kind and skill_id in skill_names
        )
        if named:
            parts.append(f"{label}: " + ", ".join(f"{name} (level {level})" for name, level in named))
    return ". ".join(parts)


# ---------------------------------------------------------------------------------------------- service


def _caller_id(caller: AccessClaims | None) -> uuid.UUID | None:
    if caller is None:
        return None
    try:
        return uuid.UUID(caller.subject)
    except ValueError:
        return None


def _is_admin(caller: AccessClaims | None) -> bool:
    return caller is not None and ADMIN in caller.roles


def may_see(profile: UserProfile, caller: AccessClaims | None) -> bool:
    """The visibility rule of GetUser (deleted profiles aside)."""
    if _is_admin(caller) or (caller is not None and _caller_id(caller) == profile.id):
        return True
    if profile.visibility == Visibility.PUBLIC:
        return True
    return profile.visibility == Visibility.MEMBERS and caller is not None


class UserService:
    """Profiles and everything attached to them. One unit of work per use case."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        page_tokens: PageTokens,
        accounts: Accounts,
        storage: ObjectStorage,
        embeddings: EmbeddingProvider,
        cache: CacheHub,
        skills: SkillCatalog | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._uow = uow
        self._page_tokens = page_tokens
        self._accounts = accounts
        self._storage = storage
        self._embeddings = embeddings
        self._cache = cache.cache(CACHE_NAME, ttl=60.0)
        self._skills = skills
        self._now = clock

    def use_skill_catalog(self, skills: SkillCatalog) -> None:
        """Set the skill catalog ListUsers checks skill filters against (wired after both services exist)."""
        self._skills = skills

    # ============================================================================================ profiles

    async def create_user(self, fields: ProfileFields) -> UserView:
        """Create the calling account's profile."""
        caller = require_caller()
        user_id = _caller_id(caller)
        if user_id is None:
            raise PermissionDenied("This token does not name an account.", reason="NOT_PROFILE_OWNER", domain=DOMAIN)
        profile = UserProfile(id=user_id, visibility=(fields.visibility or Visibility.PUBLIC).value)
        self._apply(profile, fields, [p for p in UPDATE_PATHS if p not in ("avatar", "visibility")], "user")
        if not profile.display_name:
            raise _invalid("user.display_name", "is required")
        if not profile.time_zone:
            raise _invalid("user.time_zone", "is required")
        emails = await self._accounts.account_emails([user_id])
        if user_id not in emails:
            raise profile_not_found(user_id)
        now = self._now()
        profile.created_at = profile.updated_at = now
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            if await repo.profile(user_id) is not None:
                raise profile_exists_error()
            await repo.add_profile(profile, UserStats(user_id=user_id, computed_at=now))
            await self._accounts.set_role(uow.session, user_id, MENTOR, profile.is_mentor)
            await self._changed(uow.session, user_id)
            await uow.commit()
        log.info("user_created", user_id=str(user_id))
        return self._view(profile, caller, emails[user_id])

    async def get_user(self, user_id: uuid.UUID) -> UserView:
        """One profile as the caller may see it (an anonymised stub when deleted)."""
        caller = current_claims()
        profile = await self._cached(user_id)
        if profile is None or (profile.live and not may_see(profile, caller)):
            raise profile_not_found(user_id)
        return (await self._views([profile], caller))[0]

    async def batch_get_users(self, user_ids: Sequence[uuid.UUID]) -> tuple[list[UserView], list[uuid.UUID]]:
        """Profiles in request order, and the ids that do not exist or are not visible."""
        if not user_ids:
            raise _invalid("user_ids", "must list at least one id")
        if len(user_ids) > BATCH_MAX:
            raise _invalid("user_ids", f"must list at most {BATCH_MAX} ids")
        caller = current_claims()
        async with self._uow() as uow:
            found = await UserRepository(uow.session).profiles(list(dict.fromkeys(user_ids)))
            await uow.commit()
        shown = {user_id: profile for user_id, profile in found.items() if not profile.live or may_see(profile, caller)}
        views = {v.profile.id: v for v in await self._views(list(shown.values()), caller)}
        return [views[u] for u in user_ids if u in views], [u for u in user_ids if u not in views]

    async def update_user(self, user_id: uuid.UUID, paths: Sequence[str], fields: ProfileFields) -> UserView:
        """Change the masked fields of a profile (owner or admin)."""
        caller = require_caller()
        paths = check_mask(paths, UPDATE_PATHS)
        if "avatar" in paths and fields.has_avatar:
            raise _invalid(
                "user.avatar",
                "can only be removed here (send the path with avatar unset); set avatars "
                "with CreateAvatarUpload and FinalizeAvatarUpload",
            )
        now = self._now()
        old_avatar: dict[str, Any] | None = None
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            profile = await self._writable(repo, user_id, caller)
            old_zone = profile.time_zone
            was_mentor = profile.is_mentor
            self._apply(profile, fields, paths, "user")
            if "avatar" in paths and profile.avatar is not None:
                old_avatar = profile.avatar
                profile.avatar = None
                profile.avatar_updated_at = None
            profile.updated_at = now
            await repo.flush()
            if profile.time_zone != old_zone:
                await self._rewrite_availability(repo, profile)
            if profile.is_mentor != was_mentor:
                await self._accounts.set_role(uow.session, user_id, MENTOR, profile.is_mentor)
            if old_avatar is not None:
                await self._delete_files_later(uow.session, _avatar_keys(old_avatar))
            await self._changed(uow.session, user_id)
            await uow.commit()
        log.info("user_updated", user_id=str(user_id), paths=paths, by=caller.subject)
        return (await self._views([profile], caller))[0]

    async def delete_user(self, user_id: uuid.UUID, reason: str) -> None:
        """Soft-delete: anonymise the profile, drop avatar, skills and availability, close the account."""
        caller = require_caller()
        reason = _clean_text(reason, "reason", 500)
        now = self._now()
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            profile = await self._writable(repo, user_id, caller)
            old_avatar = profile.avatar
            profile.display_name = ""
            profile.headline = profile.bio = profile.time_zone = profile.country_code = profile.city = ""
            profile.language_codes = []
            profile.language_keys = []
            profile.latitude = profile.longitude = None
            profile.links = []
            profile.is_mentor = False
            profile.hourly_rate_minor = None
            profile.hourly_rate_currency = None
            profile.avatar = None
            profile.avatar_updated_at = None
            profile.verified = False
            profile.verified_at = None
            profile.deleted_at = profile.updated_at = now
            await repo.flush()
            await repo.clear_read_model(user_id)
            if self._skills is not None:
                await self._skills.erase_user_skills(uow.session, user_id)
            await repo.audit(
                AuditEntry(
                    user_id=user_id,
                    actor_id=_caller_id(caller),
                    action="user_deleted",
                    note=reason,
                    details={},
                    created_at=now,
                )
            )
            await self._accounts.set_role(uow.session, user_id, MENTOR, False)
            revoked = await self._accounts.close_account(
                uow.session, user_id, actor_id=_caller_id(caller), reason=reason
            )
            if old_avatar is not None:
                await self._delete_files_later(uow.session, _avatar_keys(old_avatar))
            await self._cache.invalidate(uow.session, str(user_id))
            await uow.commit()
        log.info("user_deleted", user_id=str(user_id), by=caller.subject, sessions_revoked=revoked)

    async def verify_user(self, user_id: uuid.UUID, *, verified: bool, note: str) -> UserView:
        """Grant or remove the verified badge (admins); recorded in the user audit log."""
        caller = require_role(ADMIN)
        note = _clean_text(note, "note", 500)
        now = self._now()
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            profile = await repo.profile(user_id, for_update=True)
            if profile is None or not profile.live:
                raise profile_not_found(user_id)
            if profile.verified != verified:
                profile.verified = verified
                profile.verified_at = now if verified else None
                profile.updated_at = now
            await repo.audit(
                AuditEntry(
                    user_id=user_id,
                    actor_id=_caller_id(caller),
                    action="verified" if verified else "unverified",
                    note=note,
                    details={},
                    created_at=now,
                )
            )
            await self._cache.invalidate(uow.session, str(user_id))
            await uow.commit()
        log.info("user_verification_changed", user_id=str(user_id), verified=verified, by=caller.subject)
        return (await self._views([profile], caller))[0]

    # =========================================================================================== list

    async def list_users(
        self,
        *,
        query: str,
        filter: UserFilter,  # noqa: A002 - the contract's name
        order: UserOrder | None,
        page_size_requested: int,
        page_token: str,
    ) -> Page[UserView]:
        """Live profiles matching the text and filters, visible to the caller, one keyset page."""
        caller = current_claims()
        size = page_size(page_size_requested)
        _check_printable(query, "query")
        text = " ".join(query.split())
        if len(text) > 200:
            raise _invalid("query", "must be at most 200 characters")
        clean = self._clean_filter(filter)
        if order is None:
            order = UserOrder.RELEVANCE if text or clean.skills else UserOrder.RECENCY
        fingerprint = {
            "rpc": "ListUsers",
            "q": text.lower(),
            "order": order.value,
            "filter": repr(clean),
        }
        after = self._page_tokens.decode(page_token, fingerprint)
        for skill in clean.skills:
            if self._skills is not None:
                await self._skills.get_skill(caller=Caller.from_claims(caller), skill_id=skill.skill_id)
        now = self._now()
        zones = None
        if clean.min_utc_offset_minutes is not None or clean.max_utc_offset_minutes is not None:
            zones = zones_with_offset(clean.min_utc_offset_minutes, clean.max_utc_offset_minutes, now)
        window = clean.available_during
        if _is_admin(caller):
            visible: tuple[str, ...] | None = None
        elif caller is not None:
            visible = (Visibility.PUBLIC.value, Visibility.MEMBERS.value)
        else:
            visible = (Visibility.PUBLIC.value,)
        list_query = ListQuery(
            filter=clean,
            text=text,
            fuzzy=bool(after and after.get("fuzzy")),
            order=order,
            visible_to=visible,
            caller_id=_caller_id(caller),
            time_zones=zones,
            weekly_window=window_minutes_of_week(window.start, window.end) if window else None,
            after=after,
            limit=size + 1,
        )
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            rows = await repo.list_users(list_query)
            if text and not rows and after is None:
                # No word matched: try the text as a (possibly misspelt) name; later pages keep that mode.
                list_query = replace(list_query, fuzzy=True)
                rows = await repo.list_users(list_query)
            await uow.commit()
        token = ""
        if len(rows) > size:
            rows = rows[:size]
            last = rows[-1]
            position: dict[str, Any] = {"id": str(last.profile.id)}
            if list_query.fuzzy:
                position["fuzzy"] = True
            if order is UserOrder.RELEVANCE:
                position["score"] = last.score
            elif order is UserOrder.RATING:
                position["rating"] = last.profile.average_rating
                position["count"] = last.profile.rating_count
            else:
                position["created_at"] = last.profile.created_at.isoformat()
            token = self._page_tokens.encode(position, fingerprint)
        return Page(await self._views([r.profile for r in rows], caller), token)

    def _clean_filter(self, f: UserFilter) -> UserFilter:
        if len(f.skills) > SKILL_FILTERS_MAX:
            raise _invalid("filter.skills", f"must have at most {SKILL_FILTERS_MAX} skills")
        for index, skill in enumerate(f.skills):
            if not 0 <= skill.min_level <= 5:
                raise _invalid(f"filter.skills[{index}].min_proficiency", "must be between 0 and 5")
        minimum, maximum = f.min_utc_offset_minutes, f.max_utc_offset_minutes
        if minimum is not None and maximum is not None and minimum > maximum:
            raise _invalid("filter.min_utc_offset_minutes", "must not be above max_utc_offset_minutes")
        window = f.available_during
        if window is not None:
            if window.end <= window.start:
                raise _invalid("filter.available_during.end_time", "must be after start_time")
            if window.end - window.start > WINDOW_MAX:
                raise _invalid("filter.available_during.end_time", "must be at most 31 days after start_time")
            if not 0 <= window.min_overlap_minutes <= MINUTES_PER_DAY:
                raise _invalid("filter.available_during.min_overlap_minutes", "must be between 0 and 1440")
        languages = tuple(
            sorted({clean_language(c, f"filter.language_codes[{i}]") for i, c in enumerate(f.language_codes)})
        )
        countries = tuple(
            sorted({clean_country(c, f"filter.country_codes[{i}]") for i, c in enumerate(f.country_codes)})
        )
        return UserFilter(
            skills=tuple(sorted(f.skills, key=lambda s: (str(s.skill_id), s.kind or "", s.min_level))),
            mentors_only=f.mentors_only,
            language_codes=languages,
            country_codes=countries,
            min_utc_offset_minutes=minimum,
            max_utc_offset_minutes=maximum,
            available_during=window,
            min_rating=f.min_rating,
            verified_only=f.verified_only,
            exclude_user_ids=tuple(sorted(set(f.exclude_user_ids), key=str)),
        )

    # ============================================================================ stats, sessions, ratings

    async def get_stats(self, user_id: uuid.UUID) -> UserStats:
        """The stored statistics of a profile the caller may see."""
        await self._visible_live(user_id)
        async with self._uow() as uow:
            stats = await UserRepository(uow.session).stats(user_id)
            await uow.commit()
        return stats or UserStats(user_id=user_id, computed_at=self._now())

    async def list_user_sessions(self, user_id: uuid.UUID) -> None:
        """Not served yet: checks the profile and the caller, then answers UNIMPLEMENTED."""
        caller = require_caller()
        async with self._uow() as uow:
            await self._writable(UserRepository(uow.session), user_id, caller, lock=False)
        raise Unimplemented(
            "ListUserSessions is served by the session domain, which has not shipped yet.",
            reason="SESSIONS_NOT_AVAILABLE",
            domain=DOMAIN,
        )

    async def list_user_ratings(self, user_id: uuid.UUID) -> None:
        """Not served yet: checks the profile's visibility, then answers UNIMPLEMENTED."""
        await self._visible_live(user_id)
        raise Unimplemented(
            "ListUserRatings is served by the session and review domains, which have not shipped yet.",
            reason="RATINGS_NOT_AVAILABLE",
            domain=DOMAIN,
        )

    # ====================================================================================== availability

    async def get_availability(self, user_id: uuid.UUID) -> AvailabilityView:
        """Weekly slots and future exceptions of a profile the caller may see."""
        profile = await self._visible_live(user_id)
        async with self._uow() as uow:
            record = await UserRepository(uow.session).availability(user_id)
            await uow.commit()
        return self._availability_view(profile, record)

    async def update_availability(
        self,
        user_id: uuid.UUID,
        paths: Sequence[str],
        *,
        weekly: Sequence[WeeklySlot],
        exceptions: Sequence[DatedException],
    ) -> AvailabilityView:
        """Replace weekly slots and/or exceptions (owner or admin)."""
        caller = require_caller()
        paths = check_mask(paths, AVAILABILITY_PATHS)
        now = self._now()
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            profile = await self._writable(repo, user_id, caller)
            today = now.astimezone(zoneinfo.ZoneInfo(profile.time_zone)).date()
            record = await repo.availability(user_id)
            if record is None:
                record = AvailabilityRecord(user_id=user_id, weekly_slots=[], exceptions=[], updated_at=now)
                await repo.add(record)
            if "weekly_slots" in paths:
                record.weekly_slots = [
                    {"day": s.day, "start": s.span.start, "end": s.span.end} for s in check_weekly(weekly)
                ]
            if "exceptions" in paths:
                record.exceptions = [
                    {"date": e.date.isoformat(), "slots": [{"start": s.start, "end": s.end} for s in e.spans]}
                    for e in check_exceptions(exceptions, today)
                ]
            record.updated_at = now
            await repo.flush()
            await self._rewrite_availability(repo, profile, record)
            await self._cache.invalidate(uow.session, str(user_id))
            await uow.commit()
        log.info("availability_updated", user_id=str(user_id), paths=paths, by=caller.subject)
        return self._availability_view(profile, record)

    def _availability_view(self, profile: UserProfile, record: AvailabilityRecord | None) -> AvailabilityView:
        today = self._now().astimezone(zoneinfo.ZoneInfo(profile.time_zone)).date()
        weekly, exceptions = _parse_availability(record)
        return AvailabilityView(
            user_id=profile.id,
            time_zone=profile.time_zone,
            weekly=tuple(weekly),
            exceptions=tuple(e for e in exceptions if e.date >= today),
            updated_at=record.updated_at if record else None,
        )

    async def _rewrite_availability(
        self, repo: UserRepository, profile: UserProfile, record: AvailabilityRecord | None = None
    ) -> None:
        """Recompute the SQL form of availability (after a change of slots or time zone)."""
        record = record or await repo.availability(profile.id)
        if record is None:
            return
        weekly, exceptions = _parse_availability(record)
        today = self._now().astimezone(zoneinfo.ZoneInfo(profile.time_zone)).date()
        days, spans = exception_ranges(exceptions, profile.time_zone)
        await repo.set_availability_model(
            profile.id,
            weekly_utc=weekly_utc(weekly, profile.time_zone, today),
            exception_days=days,
            exception_spans=spans,
        )

    async def refresh_availability(self) -> int:
        """Recompute every user's weekly UTC ranges with today's offsets (the periodic job that bounds the DST
        approximation to a day after each change); how many users were rewritten."""
        count = 0
        after: uuid.UUID | None = None
        while True:
            async with self._uow() as uow:
                repo = UserRepository(uow.session)
                batch = await repo.availability_batch(after, AVAILABILITY_REFRESH_BATCH)
                for profile, record in batch:
                    await self._rewrite_availability(repo, profile, record)
                await uow.commit()
            count += len(batch)
            if len(batch) < AVAILABILITY_REFRESH_BATCH:
                break
            after = batch[-1][0].id
        log.info("availability_refreshed", users=count)
        return count

    # ====================================================================================== notifications

    async def get_preferences(self, user_id: uuid.UUID) -> PreferencesView:
        """Every (event, channel) pair with its value, and quiet hours (owner or admin)."""
        caller = require_caller()
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            await self._writable(repo, user_id, caller, lock=False)
            settings = await repo.notification_settings(user_id)
            await uow.commit()
        return _preferences_view(user_id, settings)

    async def update_preferences(
        self,
        user_id: uuid.UUID,
        paths: Sequence[str],
        *,
        preferences: Sequence[tuple[NotificationEvent | None, NotificationChannel | None, bool]],
        quiet_hours: QuietHours | None,
    ) -> PreferencesView:
        """Set the listed pairs and/or replace quiet hours (owner or admin)."""
        caller = require_caller()
        paths = check_mask(paths, PREFERENCE_PATHS)
        changes: dict[str, bool] = {}
        if "preferences" in paths:
            for index, (event, channel, enabled) in enumerate(preferences):
                field = f"notification_preferences.preferences[{index}]"
                if event is None:
                    raise _invalid(f"{field}.event_type", "must be set")
                if channel is None:
                    raise _invalid(f"{field}.channel", "must be set")
                key = f"{event.value}:{channel.value}"
                if key in changes:
                    raise _invalid(field, "lists the same event type and channel twice")
                changes[key] = enabled
        if "quiet_hours" in paths and quiet_hours is not None:
            for name, value in (("start", quiet_hours.start), ("end", quiet_hours.end)):
                if not 0 <= value < MINUTES_PER_DAY:
                    raise _invalid(f"notification_preferences.quiet_hours.{name}", "must be a time of day")
            if quiet_hours.start == quiet_hours.end:
                raise _invalid("notification_preferences.quiet_hours.end", "must differ from start")
        now = self._now()
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            await self._writable(repo, user_id, caller)
            settings = await repo.notification_settings(user_id)
            if settings is None:
                settings = NotificationSettings(user_id=user_id, overrides={}, updated_at=now)
                await repo.add(settings)
            overrides = dict(settings.overrides)
            for key, enabled in changes.items():
                event_name, channel_name = key.split(":")
                if enabled == default_preference(NotificationEvent(event_name), NotificationChannel(channel_name)):
                    overrides.pop(key, None)
                else:
                    overrides[key] = enabled
            settings.overrides = overrides
            if "quiet_hours" in paths:
                settings.quiet_start_minute = quiet_hours.start if quiet_hours else None
                settings.quiet_end_minute = quiet_hours.end if quiet_hours else None
            settings.updated_at = now
            await repo.flush()
            await uow.commit()
        return _preferences_view(user_id, settings)

    # ============================================================================================ avatars

    async def create_avatar_upload(self, user_id: uuid.UUID, *, content_type: str, size_bytes: int) -> AvatarTicket:
        """A signed URL to upload an avatar to (owner or admin; 20 per user per hour)."""
        caller = require_caller()
        try:
            media_type = normalize_content_type(content_type)
        except ValueError:
            media_type = ""
        if media_type not in AVATAR_TYPES:
            raise _invalid("content_type", f"must be one of {', '.join(AVATAR_TYPES)}", "AVATAR_TYPE_NOT_ALLOWED")
        if not 1 <= size_bytes <= AVATAR_MAX_BYTES:
            raise _invalid("size_bytes", f"must be between 1 and {AVATAR_MAX_BYTES} (5 MiB)", "AVATAR_TOO_LARGE")
        now = self._now()
        upload_id = uuid.uuid4()
        key = f"uploads/avatars/{user_id}/{upload_id}"
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            await self._writable(repo, user_id, caller)
            await repo.lock_user(user_id)
            recent = await repo.uploads_since(user_id, now - timedelta(hours=1))
            if len(recent) >= AVATAR_UPLOADS_PER_HOUR:
                retry = recent[len(recent) - AVATAR_UPLOADS_PER_HOUR] + timedelta(hours=1) - now
                raise ResourceExhausted(
                    f"At most {AVATAR_UPLOADS_PER_HOUR} avatar uploads per hour; try again later.",
                    retry_after=retry.total_seconds(),
                    reason="RATE_LIMITED",
                    domain=DOMAIN,
                )
            signed = await self._storage.create_upload(
                key, content_type=media_type, max_bytes=size_bytes, expires_in=AVATAR_UPLOAD_TTL.total_seconds()
            )
            expires = signed.expire_time or now + AVATAR_UPLOAD_TTL
            await repo.add(
                AvatarUpload(
                    id=upload_id,
                    user_id=user_id,
                    object_key=key,
                    content_type=media_type,
                    size_bytes=size_bytes,
                    created_at=now,
                    expires_at=expires,
                )
            )
            await uow.commit()
        return AvatarTicket(
            upload_id=upload_id,
            url=signed.url,
            method=signed.method,
            headers=dict(signed.headers),
            expire_time=expires,
            allowed_content_types=AVATAR_TYPES,
            max_size_bytes=AVATAR_MAX_BYTES,
        )

    async def finalize_avatar_upload(self, user_id: uuid.UUID, upload_id: uuid.UUID) -> UserView:
        """Check, clean and publish an uploaded avatar; idempotent for the same upload."""
        caller = require_caller()
        now = self._now()
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            upload = await repo.upload(upload_id)
            if upload is None or upload.user_id != user_id:
                raise NotFound("No such avatar upload for this user.", reason="UPLOAD_NOT_FOUND", domain=DOMAIN)
            profile = await self._writable(repo, user_id, caller, lock=False)
            await uow.commit()
        if upload.finalized_at is not None:
            return (await self._views([profile], caller))[0]
        if now > upload.expires_at:
            raise FailedPrecondition(
                "This upload expired; start again with CreateAvatarUpload.",
                reason="AVATAR_UPLOAD_EXPIRED",
                domain=DOMAIN,
            )
        try:
            info = await self._storage.stat(upload.object_key)
        except ObjectNotFound:
            raise FailedPrecondition(
                "Nothing was uploaded to the upload URL yet; upload the file first.",
                reason="AVATAR_NOT_UPLOADED",
                domain=DOMAIN,
            ) from None
        if info.size > AVATAR_MAX_BYTES:
            raise _invalid("upload_id", "the uploaded file is larger than 5 MiB", "AVATAR_TOO_LARGE")
        data = await self._storage.get(upload.object_key)
        try:
            processed = await process_image_async(
                data, max_bytes=AVATAR_MAX_BYTES, max_pixels=AVATAR_MAX_PIXELS, thumbnail_sizes=AVATAR_THUMBNAILS
            )
        except ImageRejected as exc:
            if exc.reason in ("TOO_LARGE", "TOO_MANY_PIXELS"):
                raise _invalid(
                    "upload_id", "the image is larger than 5 MiB or 40 megapixels", "AVATAR_TOO_LARGE"
                ) from None
            raise _invalid(
                "upload_id", "the uploaded file is not a JPEG, PNG or WebP image", "AVATAR_NOT_AN_IMAGE"
            ) from None
        if min(processed.image.width, processed.image.height) < AVATAR_MIN_EDGE:
            raise _invalid(
                "upload_id",
                f"the image must be at least {AVATAR_MIN_EDGE} x {AVATAR_MIN_EDGE} pixels",
                "AVATAR_TOO_SMALL",
            )
        base = f"public/avatars/{user_id}/{upload_id}"
        original_key = f"{base}/original.{processed.image.extension}"
        thumbnails = {}
        await self._storage.put(original_key, processed.image.data, processed.image.content_type)
        for size in AVATAR_THUMBNAILS:
            variant = processed.thumbnails[size]
            webp = await _to_webp(variant.data)
            thumb_key = f"{base}/{size}.webp"
            await self._storage.put(thumb_key, webp, "image/webp")
            thumbnails[str(size)] = thumb_key
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            profile = await self._writable(repo, user_id, caller)
            upload = await repo.upload(upload_id, for_update=True)
            assert upload is not None
            if upload.finalized_at is None:
                old = profile.avatar
                profile.avatar = {"upload_id": str(upload_id), "original_key": original_key, "thumbnails": thumbnails}
                profile.avatar_updated_at = now
                profile.updated_at = now
                upload.finalized_at = now
                stale = [upload.object_key]
                if old is not None and old.get("upload_id") != str(upload_id):
                    stale.extend(_avatar_keys(old))
                await self._delete_files_later(uow.session, stale)
                await self._cache.invalidate(uow.session, str(user_id))
            await repo.flush()
            await uow.commit()
        log.info("avatar_set", user_id=str(user_id), upload_id=str(upload_id), by=caller.subject)
        return (await self._views([profile], caller))[0]

    async def delete_files(self, keys: Sequence[str]) -> None:
        """Remove stored objects (the `user.delete_files` job: replaced avatars, finished uploads)."""
        for key in keys:
            await self._storage.delete(key)

    # ===================================================================================== for other domains

    async def replace_skill_keys(
        self, session: AsyncSession, user_id: uuid.UUID, skills: Sequence[tuple[str, uuid.UUID, int]]
    ) -> None:
        """Replace the user's skill read model in the CALLER's transaction (the skill domain calls this after
        every user-skill write, with all of the user's skills as (kind, skill id, proficiency 1..5)).

        Invalidates the cached profile and enqueues `user.embed` there too. A user without a live profile is
        left alone (the keys are rebuilt when the skill domain writes again).
        """
        keys = skill_keys(skills)
        if await UserRepository(session).set_skill_keys(user_id, keys, self._now()):
            await self._changed(session, user_id)

    async def profile_visible(self, user_id: uuid.UUID, caller: Caller) -> bool:
        """True when the user has a live profile that `caller` may see (ProfileDirectory)."""
        profile = await self._cached(user_id)
        if profile is None or not profile.live:
            return False
        audiences = {Visibility.PUBLIC: Audience.PUBLIC, Visibility.MEMBERS: Audience.MEMBERS}
        return caller.can_see(profile.id, audiences.get(Visibility(profile.visibility), Audience.OWNER))

    # ========================================================================================= embeddings

    async def embed_users(self, user_ids: Sequence[uuid.UUID]) -> int:
        """(Re-)embed these users where their text or the model changed; how many vectors were stored."""
        model = self._embeddings.model
        pending: list[tuple[UserProfile, str, str]] = []
        async with self._uow() as uow:
            found = await UserRepository(uow.session).profiles(user_ids)
            await uow.commit()
        live = [p for p in found.values() if p.live]
        skill_names = await self._skill_names({s for p in live for _, s in held_skills(p.skill_keys)})
        # The same names make the user findable by skill in ListUsers' free-text match.
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            for profile in live:
                names = sorted({skill_names[s] for _, s in held_skills(profile.skill_keys) if s in skill_names})
                await repo.set_skill_text(profile.id, " ".join(names))
            await uow.commit()
        for profile in live:
            text = embedding_text(profile, skill_names)
            digest = source_digest(model, text)
            if profile.embedding_source_hash != digest or profile.embedding_model != model:
                pending.append((profile, text, digest))
        if not pending:
            return 0
        vectors = await embed_in_job(self._embeddings, [text for _, text, _ in pending])
        stored = 0
        now = self._now()
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            for (profile, _, digest), vector in zip(pending, vectors, strict=True):
                stored += await repo.store_embedding(
                    profile.id,
                    vector=vector,
                    model=model,
                    source_hash=digest,
                    seen_updated_at=profile.updated_at,
                    now=now,
                )
            await uow.commit()
        log.info("users_embedded", count=stored, model=model)
        return stored

    async def _skill_names(self, skill_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
        """Names of catalog skills through the skill service (unknown or hidden ones are left out)."""
        names: dict[uuid.UUID, str] = {}
        if self._skills is None:
            return names
        for skill_id in sorted(set(skill_ids), key=str):
            try:
                names[skill_id] = str((await self._skills.get_skill(caller=Caller.ANONYMOUS, skill_id=skill_id)).name)
            except NotFound:
                continue
        return names

    async def embed_stale_users(self) -> int:
        """Embed live profiles never embedded or embedded by another model (one batch per run)."""
        async with self._uow() as uow:
            ids = await UserRepository(uow.session).stale_embeddings(self._embeddings.model, EMBED_BATCH)
        return await self.embed_users(ids) if ids else 0

    # ============================================================================================ helpers

    async def _cached(self, user_id: uuid.UUID) -> UserProfile | None:
        async def load() -> UserProfile | None:
            async with self._uow() as uow:
                profile = await UserRepository(uow.session).profile(user_id)
                await uow.commit()  # keeps the loaded row usable after the block
            return profile

        return await self._cache.get_or_load(str(user_id), load)

    async def _visible_live(self, user_id: uuid.UUID) -> UserProfile:
        profile = await self._cached(user_id)
        if profile is None or not profile.live or not may_see(profile, current_claims()):
            raise profile_not_found(user_id)
        return profile

    @staticmethod
    async def _writable(
        repo: UserRepository, user_id: uuid.UUID, caller: AccessClaims, *, lock: bool = True
    ) -> UserProfile:
        """The live profile, locked for the write; NOT_FOUND / NOT_PROFILE_OWNER otherwise."""
        profile = await repo.profile(user_id, for_update=lock)
        if profile is None or not profile.live:
            raise profile_not_found(user_id)
        if not (_is_admin(caller) or _caller_id(caller) == user_id):
            raise _not_owner()
        return profile

    async def _changed(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        """A profile or its skills changed: every replica forgets it, and the embedding is refreshed."""
        await self._cache.invalidate(session, str(user_id))
        await enqueue(session, EMBED_JOB, {"user_id": str(user_id)}, dedupe_key=f"{EMBED_JOB}:{user_id}")

    async def _delete_files_later(self, session: AsyncSession, keys: Sequence[str]) -> None:
        if keys:
            await enqueue(session, DELETE_FILES_JOB, {"keys": list(keys)})

    def _apply(self, profile: UserProfile, fields: ProfileFields, paths: Sequence[str], prefix: str) -> None:
        """Validate and copy the named fields onto the profile."""
        if "display_name" in paths:
            profile.display_name = _clean_text(
                fields.display_name, f"{prefix}.display_name", DISPLAY_NAME_MAX, required=True, single_line=True
            )
        if "headline" in paths:
            profile.headline = _clean_text(fields.headline, f"{prefix}.headline", HEADLINE_MAX, single_line=True)
        if "bio" in paths:
            profile.bio = _clean_text(fields.bio, f"{prefix}.bio", BIO_MAX)
        if "language_codes" in paths:
            profile.language_codes = _clean_languages(fields.language_codes, f"{prefix}.language_codes")
            profile.language_keys = language_keys(profile.language_codes)
        if "time_zone" in paths:
            if not fields.time_zone:
                raise _invalid(f"{prefix}.time_zone", "is required")
            profile.time_zone = clean_time_zone(fields.time_zone, f"{prefix}.time_zone")
        if "country_code" in paths:
            profile.country_code = clean_country(fields.country_code, f"{prefix}.country_code")
        if "city" in paths:
            profile.city = _clean_text(fields.city, f"{prefix}.city", CITY_MAX, single_line=True)
        if "location" in paths:
            _check_location(fields, f"{prefix}.location")
            profile.latitude = fields.location.latitude if fields.location else None
            profile.longitude = fields.location.longitude if fields.location else None
        if "links" in paths:
            profile.links = _clean_links(fields.links, f"{prefix}.links")
        if "visibility" in paths:
            profile.visibility = (fields.visibility or Visibility.PUBLIC).value
        if "is_mentor" in paths:
            profile.is_mentor = fields.is_mentor
        if "hourly_rate" in paths:
            _check_rate(fields, bool(profile.is_mentor), f"{prefix}.hourly_rate")
            rate = fields.hourly_rate
            profile.hourly_rate_minor = rate.amount_minor if rate else None
            profile.hourly_rate_currency = rate.currency_code if rate else None
        elif not profile.is_mentor:
            # A rate only makes sense for mentors: turning is_mentor off drops it.
            profile.hourly_rate_minor = None
            profile.hourly_rate_currency = None

    async def _views(self, profiles: Sequence[UserProfile], caller: AccessClaims | None) -> list[UserView]:
        """Each profile as `caller` sees it: private fields only for the owner and admins."""
        me = _caller_id(caller)
        private_ids = [p.id for p in profiles if p.live and (_is_admin(caller) or p.id == me)]
        emails = await self._accounts.account_emails(private_ids) if private_ids else {}
        return [self._view(p, caller, emails.get(p.id, "")) for p in profiles]

    def _view(self, profile: UserProfile, caller: AccessClaims | None, email: str) -> UserView:
        private = profile.live and (_is_admin(caller) or profile.id == _caller_id(caller))
        avatar = None
        if profile.avatar and profile.avatar_updated_at:
            avatar = AvatarFiles(
                original_url=self._storage.public_url(profile.avatar["original_key"]),
                thumbnails=tuple(
                    (int(size), self._storage.public_url(key))
                    for size, key in sorted(profile.avatar["thumbnails"].items(), key=lambda item: int(item[0]))
                ),
                updated_at=profile.avatar_updated_at,
            )
        return UserView(profile=profile, email=email if private else "", private=private, avatar=avatar)


def _avatar_keys(avatar: dict[str, Any]) -> list[str]:
    return [avatar["original_key"], *avatar.get("thumbnails", {}).values()]


async def _to_webp(data: bytes) -> bytes:
    """Thumbnails are served as WebP whatever the upload's format (the contract says so)."""

    def convert() -> bytes:
        with Image.open(io.BytesIO(data)) as image:
            out = io.BytesIO()
            image.save(out, format="WEBP", quality=85, method=4)
            return out.getvalue()

    return await asyncio.to_thread(convert)


def _parse_availability(record: AvailabilityRecord | None) -> tuple[list[WeeklySlot], list[DatedException]]:
    if record is None:
        return [], []
    weekly = [WeeklySlot(s["day"], TimeSpan(s["start"], s["end"])) for s in record.weekly_slots]
    exceptions = [
        DatedException(date.fromisoformat(e["date"]), tuple(TimeSpan(s["start"], s["end"]) for s in e["slots"]))
        for e in record.exceptions
    ]
    return weekly, exceptions


def _preferences_view(user_id: uuid.UUID, settings: NotificationSettings | None) -> PreferencesView:
    overrides = settings.overrides if settings else {}
    preferences = tuple(
        Preference(event, channel, overrides.get(f"{event.value}:{channel.value}", default_preference(event, channel)))
        for event in NotificationEvent
        for channel in NotificationChannel
    )
    quiet = None
    if settings is not None and settings.quiet_start_minute is not None and settings.quiet_end_minute is not None:
        quiet = QuietHours(settings.quiet_start_minute, settings.quiet_end_minute)
    return PreferencesView(
        user_id=user_id,
        preferences=preferences,
        quiet_hours=quiet,
        updated_at=settings.updated_at if settings and (settings.overrides or quiet) else None,
    )
