"""Bookable slots: a teacher's availability minus what their sessions hold, as a pure function.

Availability is wall-clock time in the teacher's zone. Each day's spans are turned into UTC instants for
that very date (so a 09:00-17:00 Monday is 08:00-16:00 UTC in winter Berlin and 07:00-15:00 in summer), and
candidate starts step through each span in real elapsed time from its start: on the night clocks jump, a
span keeps its true length and no start falls in the missing hour. A span ends at its local end, also
exact for that date.
"""

from __future__ import annotations

import bisect
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from internal.session.models import BookingRules
from internal.session.ports import Availability

MINUTES_PER_DAY = 1440


@dataclass(frozen=True)
class Busy:
    """A time a member's session holds (UTC), and whether it is the teacher's (buffers apply to those)."""

    start: datetime
    end: datetime
    teachers: bool = True


def local_instant(day: date, minute: int, zone: zoneinfo.ZoneInfo) -> datetime:
    """The UTC instant of `minute` minutes of wall-clock time after local midnight of `day` (1440 is the
    next midnight). A wall time in a DST gap resolves forward, as zoneinfo does (fold 0)."""
    if minute >= MINUTES_PER_DAY:
        return datetime.combine(day + timedelta(days=1), time(), zone).astimezone(UTC)
    return datetime.combine(day, time(minute // 60, minute % 60), zone).astimezone(UTC)


def day_spans(availability: Availability, day: date) -> tuple[tuple[int, int], ...]:
    """The spans (local minutes) available on `day`: its exception if it has one, else its weekday's."""
    if day in availability.exceptions:
        return availability.exceptions[day]
    return tuple((start, end) for weekday, start, end in availability.weekly if weekday == day.isoweekday())


def available_starts(
    *,
    availability: Availability,
    rules: BookingRules,
    busy: Sequence[Busy],
    duration: timedelta,
    window_start: datetime,
    window_end: datetime,
    now: datetime,
) -> list[datetime]:
    """Starts (UTC, ascending) in [window_start, window_end) at which a session of `duration` fits:

    - inside one available span of the teacher's local day (exceptions replace weekly spans),
    - at least `minimum_notice` after `now` and at most `booking_horizon` ahead,
    - not overlapping any busy time, keeping the teacher's buffers before and after each of their sessions
      (the new session's own buffers too),
    - on a local day with fewer than `daily_limit` sessions of the teacher.
    """
    zone = zoneinfo.ZoneInfo(availability.time_zone)
    step = timedelta(minutes=rules.slot_interval_minutes)
    before = timedelta(minutes=rules.buffer_before_minutes)
    after = timedelta(minutes=rules.buffer_after_minutes)
    earliest = max(window_start, now + timedelta(minutes=rules.minimum_notice_minutes))
    latest = min(window_end, now + timedelta(days=rules.booking_horizon_days) + timedelta(microseconds=1))
    if earliest >= latest:
        return []
    # Busy times widened by the buffers both sessions keep (the teacher's own sessions only).
    blocked = sorted(
        (
            b.start - (before + after if b.teachers else timedelta()),
            b.end + (after + before if b.teachers else timedelta()),
        )
        for b in busy
    )
    blocked_starts = [b[0] for b in blocked]
    per_day = Counter(b.start.astimezone(zone).date() for b in busy if b.teachers)
    first_day = earliest.astimezone(zone).date() - timedelta(days=1)
    last_day = latest.astimezone(zone).date() + timedelta(days=1)
    starts: list[datetime] = []
    day = first_day
    while day <= last_day:
        if per_day[day] < rules.daily_limit:
            for span_start, span_end in day_spans(availability, day):
                begin = local_instant(day, span_start, zone)
                end = local_instant(day, span_end, zone)
                candidate = begin
                while candidate + duration <= end:
                    if earliest <= candidate < latest and _free(
                        candidate, candidate + duration, blocked, blocked_starts
                    ):
                        starts.append(candidate)
                    candidate += step
        day += timedelta(days=1)
    return sorted(set(starts))


def _free(start: datetime, end: datetime, blocked: list[tuple[datetime, datetime]], starts: list[datetime]) -> bool:
    # Only ranges starting before `end` can overlap; check them from the nearest backwards is enough since
    # widened ranges may be long, so scan all that start before `end` (lists here are small: one teacher's
    # sessions in a month).
    index = bisect.bisect_left(starts, end)
    return all(not (b_start < end and start < b_end) for b_start, b_end in blocked[:index])


def local_iso(instant: datetime, time_zone: str) -> str:
    """`instant` as RFC 3339 wall-clock time with the offset of `time_zone` at that instant."""
    return instant.astimezone(zoneinfo.ZoneInfo(time_zone)).isoformat(timespec="seconds")


def busy_from_ranges(ranges: Iterable[tuple[datetime, datetime, bool]]) -> list[Busy]:
    """Busy times from (start, end, is the teacher's) rows."""
    return [Busy(start, end, teachers) for start, end, teachers in ranges]
