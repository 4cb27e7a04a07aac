"""Availability: weekly slots and dated exceptions as entered, and the SQL form ListUsers filters on.

The functions at the top are pure (slot checks, local time → UTC minute ranges, time-zone offsets); the
use cases (GetAvailability, UpdateAvailability, the daily refresh) are `AvailabilityService`. docs/users.md
("Availability model") explains the SQL form and its DST approximation.
"""

from __future__ import annotations

import uuid
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from skillsphere.user.v1.error_reason import ErrorReason

from internal.user.directory import UserDirectory, writable_profile
from internal.user.models import (
    EXCEPTION_DAYS_AHEAD_MAX,
    MINUTES_PER_DAY,
    MINUTES_PER_WEEK,
    AvailabilityRecord,
    AvailabilityView,
    DatedException,
    TimeSpan,
    UserProfile,
    WeeklySlot,
)
from internal.user.repository import UserRepository
from internal.user.validation import time_zones
from pkg.authz import Caller
from pkg.db import UnitOfWorkFactory
from pkg.errors import InvalidArgument
from pkg.fieldmask import check_update_mask
from pkg.log import get_logger

log = get_logger("user")

AVAILABILITY_PATHS = ("weekly_slots", "exceptions")
AVAILABILITY_REFRESH_JOB = "user.refresh_availability"
AVAILABILITY_REFRESH_BATCH = 500


def availability_invalid(field: str, description: str) -> InvalidArgument:
    """INVALID_ARGUMENT (AVAILABILITY_INVALID) naming the bad slot, exception or date."""
    return InvalidArgument(field=field, description=description, reason=ErrorReason.AVAILABILITY_INVALID)


# ------------------------------------------------------------------------------------------ pure rules


def _check_spans(spans: Sequence[TimeSpan], field: str) -> list[TimeSpan]:
    for index, span in enumerate(spans):
        if not 0 <= span.start < MINUTES_PER_DAY or not 0 < span.end <= MINUTES_PER_DAY:
            raise availability_invalid(f"{field}[{index}]", "times must be within one day (hours 0-23, minutes 0-59)")
        if span.end <= span.start:
            raise availability_invalid(f"{field}[{index}]", "must end after it starts (00:00 as end means midnight)")
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.start < before.end:
            raise availability_invalid(field, "slots on the same day or date must not overlap")
    return ordered


def check_weekly(slots: Sequence[WeeklySlot]) -> list[WeeklySlot]:
    """Weekly slots ordered by day and time; AVAILABILITY_INVALID for bad or overlapping slots."""
    for index, slot in enumerate(slots):
        if not 1 <= slot.day <= 7:
            raise availability_invalid(f"availability.weekly_slots[{index}].day_of_week", "must be set")
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
            raise availability_invalid(f"{field}.date", "is listed twice")
        seen.add(exception.date)
        if exception.date > today + timedelta(days=EXCEPTION_DAYS_AHEAD_MAX):
            raise availability_invalid(f"{field}.date", f"must be at most {EXCEPTION_DAYS_AHEAD_MAX} days ahead")
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
    return tuple((name, zoneinfo.ZoneInfo(name)) for name in sorted(time_zones()))


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


def parse_availability(record: AvailabilityRecord | None) -> tuple[list[WeeklySlot], list[DatedException]]:
    """The stored availability as value types (nothing stored: none)."""
    if record is None:
        return [], []
    weekly = [WeeklySlot(s["day"], TimeSpan(s["start"], s["end"])) for s in record.weekly_slots]
    exceptions = [
        DatedException(date.fromisoformat(e["date"]), tuple(TimeSpan(s["start"], s["end"]) for s in e["slots"]))
        for e in record.exceptions
    ]
    return weekly, exceptions


def local_today(profile: UserProfile, now: datetime) -> date:
    """The date it is in the user's time zone at `now`."""
    return now.astimezone(zoneinfo.ZoneInfo(profile.time_zone)).date()


async def rewrite_availability(
    repo: UserRepository, profile: UserProfile, now: datetime, record: AvailabilityRecord | None = None
) -> bool:
    """Recompute the SQL form of availability (after a change of slots or time zone, and daily); whether it
    changed."""
    record = record or await repo.availability(profile.id)
    if record is None:
        return False
    weekly, exceptions = parse_availability(record)
    days, spans = exception_ranges(exceptions, profile.time_zone)
    return await repo.set_availability_model(
        profile.id,
        weekly_utc=weekly_utc(weekly, profile.time_zone, local_today(profile, now)),
        exception_days=days,
        exception_spans=spans,
    )


# ------------------------------------------------------------------------------------------ use cases


class AvailabilityService:
    """GetAvailability, UpdateAvailability and the periodic DST refresh."""

    def __init__(self, *, uow: UnitOfWorkFactory, directory: UserDirectory, clock: Callable[[], datetime]) -> None:
        self._uow = uow
        self._directory = directory
        self._now = clock

    async def get_availability(self, *, caller: Caller, user_id: uuid.UUID) -> AvailabilityView:
        """Weekly slots and future exceptions of a profile the caller may see."""
        profile = await self._directory.visible_live(user_id, caller)
        async with self._uow() as uow:
            record = await UserRepository(uow.session).availability(user_id)
            await uow.commit()
        return self._view(profile, record)

    async def update_availability(
        self,
        *,
        caller: Caller,
        user_id: uuid.UUID,
        paths: Sequence[str],
        weekly: Sequence[WeeklySlot],
        exceptions: Sequence[DatedException],
    ) -> AvailabilityView:
        """Replace weekly slots and/or exceptions (owner or admin)."""
        caller.require_signed_in()
        paths = check_update_mask(paths, AVAILABILITY_PATHS)
        now = self._now()
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            profile = await writable_profile(repo, user_id, caller)
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
                    for e in check_exceptions(exceptions, local_today(profile, now))
                ]
            record.updated_at = now
            await repo.flush()
            await rewrite_availability(repo, profile, now, record)
            await self._directory.notify(uow.session, user_id)
            await uow.commit()
        log.info("availability_updated", user_id=str(user_id), paths=paths, by=str(caller.account_id))
        return self._view(profile, record)

    async def refresh_availability(self) -> int:
        """Recompute every user's weekly UTC ranges with today's offsets (the periodic job that bounds the DST
        approximation to a day after each change); how many users were rewritten."""
        count = 0
        after: uuid.UUID | None = None
        while True:
            async with self._uow() as uow:
                repo = UserRepository(uow.session)
                batch = await repo.availability_batch(after, AVAILABILITY_REFRESH_BATCH)
                now = self._now()
                for profile, record in batch:
                    if await rewrite_availability(repo, profile, now, record):
                        # Weekly UTC ranges moved (a DST change): projections of availability follow.
                        await self._directory.notify(uow.session, profile.id)
                await uow.commit()
            count += len(batch)
            if len(batch) < AVAILABILITY_REFRESH_BATCH:
                break
            after = batch[-1][0].id
        log.info("availability_refreshed", users=count)
        return count

    def _view(self, profile: UserProfile, record: AvailabilityRecord | None) -> AvailabilityView:
        today = local_today(profile, self._now())
        weekly, exceptions = parse_availability(record)
        return AvailabilityView(
            user_id=profile.id,
            time_zone=profile.time_zone,
            weekly=tuple(weekly),
            exceptions=tuple(e for e in exceptions if e.date >= today),
            updated_at=record.updated_at if record else None,
        )
