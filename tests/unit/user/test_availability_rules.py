"""The availability rules of internal/user as pure functions: slot validation, weekly ranges in UTC across
time zones and DST, search windows and UTC-offset filters. No database: these run in milliseconds."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from internal.user.availability import (
    check_exceptions,
    check_weekly,
    weekly_utc,
    window_minutes_of_week,
    zones_with_offset,
)
from internal.user.models import DatedException, TimeSpan, WeeklySlot
from pkg.errors import InvalidArgument

MONDAY, WEDNESDAY, SUNDAY = 1, 3, 7
TODAY = date(2026, 12, 3)  # a Thursday


def hours(start: float, end: float) -> TimeSpan:
    return TimeSpan(int(start * 60), int(end * 60))


def refused(call: object) -> InvalidArgument:
    assert callable(call)
    with pytest.raises(InvalidArgument) as caught:
        call()
    assert caught.value.reason == "AVAILABILITY_INVALID"
    return caught.value


# ------------------------------------------------------------------------------------------ weekly slots


def test_weekly_slots_come_back_ordered_by_day_then_time() -> None:
    slots = [WeeklySlot(WEDNESDAY, hours(14, 15)), WeeklySlot(MONDAY, hours(10, 11)), WeeklySlot(MONDAY, hours(8, 9))]
    assert check_weekly(slots) == [
        WeeklySlot(MONDAY, hours(8, 9)),
        WeeklySlot(MONDAY, hours(10, 11)),
        WeeklySlot(WEDNESDAY, hours(14, 15)),
    ]


def test_adjacent_slots_are_allowed_and_midnight_ends_a_day() -> None:
    slots = [WeeklySlot(MONDAY, hours(9, 10)), WeeklySlot(MONDAY, hours(10, 11)), WeeklySlot(SUNDAY, hours(23, 24))]
    assert len(check_weekly(slots)) == 3


def test_overlapping_slots_on_one_day_are_refused_but_not_across_days() -> None:
    error = refused(lambda: check_weekly([WeeklySlot(MONDAY, hours(9, 11)), WeeklySlot(MONDAY, hours(10, 12))]))
    assert "overlap" in error.message
    assert len(check_weekly([WeeklySlot(MONDAY, hours(9, 11)), WeeklySlot(WEDNESDAY, hours(10, 12))])) == 2


@pytest.mark.parametrize(
    ("slot", "field"),
    [
        (WeeklySlot(0, hours(9, 10)), "availability.weekly_slots[0].day_of_week"),
        (WeeklySlot(8, hours(9, 10)), "availability.weekly_slots[0].day_of_week"),
        (WeeklySlot(MONDAY, hours(10, 9)), "availability.weekly_slots[0]"),
        (WeeklySlot(MONDAY, hours(10, 10)), "availability.weekly_slots[0]"),
        (WeeklySlot(MONDAY, TimeSpan(1440, 1440)), "availability.weekly_slots[0]"),
        (WeeklySlot(MONDAY, TimeSpan(-1, 60)), "availability.weekly_slots[0]"),
        (WeeklySlot(MONDAY, TimeSpan(0, 1441)), "availability.weekly_slots[0]"),
    ],
)
def test_bad_weekly_slots_name_the_offending_field(slot: WeeklySlot, field: str) -> None:
    error = refused(lambda: check_weekly([slot]))
    assert [v.field for v in error.violations] == [field]


# --------------------------------------------------------------------------------------- dated exceptions


def test_exceptions_drop_past_dates_and_come_back_ordered() -> None:
    later = DatedException(date(2026, 12, 24), ())
    soon = DatedException(TODAY, (hours(9, 10),))
    past = DatedException(date(2026, 12, 1), ())
    assert check_exceptions([later, past, soon], TODAY) == [soon, later]


def test_an_exception_without_slots_means_unavailable_all_day() -> None:
    assert check_exceptions([DatedException(TODAY, ())], TODAY) == [DatedException(TODAY, ())]


def test_exceptions_at_most_a_year_ahead() -> None:
    assert check_exceptions([DatedException(date(2027, 12, 3), ())], TODAY)  # 365 days ahead
    error = refused(lambda: check_exceptions([DatedException(date(2027, 12, 4), ())], TODAY))
    assert error.violations[0].field == "availability.exceptions[0].date"


def test_a_date_listed_twice_or_with_overlapping_slots_is_refused() -> None:
    twice = [DatedException(date(2026, 12, 10), ()), DatedException(date(2026, 12, 10), (hours(9, 10),))]
    assert refused(lambda: check_exceptions(twice, TODAY)).violations[0].field == "availability.exceptions[1].date"
    overlapping = [DatedException(date(2026, 12, 10), (hours(9, 11), hours(10, 12)))]
    assert refused(lambda: check_exceptions(overlapping, TODAY)).violations[0].field == (
        "availability.exceptions[0].slots"
    )


# ------------------------------------------------------------------------------- weekly ranges in UTC


def test_weekly_ranges_follow_the_offset_of_the_week_written_in_new_york() -> None:
    nine_to_ten_on_monday = [WeeklySlot(MONDAY, hours(9, 10))]
    # New York: UTC-5 in January (14:00 UTC), UTC-4 in July (13:00 UTC); minutes from Monday 00:00 UTC.
    assert weekly_utc(nine_to_ten_on_monday, "America/New_York", date(2026, 1, 5)) == "{[840,900)}"
    assert weekly_utc(nine_to_ten_on_monday, "America/New_York", date(2026, 7, 6)) == "{[780,840)}"


def test_half_hour_offsets_are_kept_to_the_minute() -> None:
    # Kolkata is UTC+5:30: Monday 09:00 is Monday 03:30 UTC.
    assert weekly_utc([WeeklySlot(MONDAY, hours(9, 10))], "Asia/Kolkata", TODAY) == "{[210,270)}"


def test_a_slot_on_the_day_clocks_spring_forward_is_an_hour_shorter() -> None:
    # Sunday 29 March 2026 in Berlin: 01:00-04:00 local spans only two real hours (02:00-03:00 does not exist).
    assert weekly_utc([WeeklySlot(SUNDAY, hours(1, 4))], "Europe/Berlin", date(2026, 3, 29)) == "{[8640,8760)}"


def test_a_slot_ending_at_midnight_ends_at_the_next_day_boundary() -> None:
    assert weekly_utc([WeeklySlot(WEDNESDAY, hours(23, 24))], "UTC", TODAY) == "{[4260,4320)}"


def test_ranges_are_sorted_whatever_order_the_slots_come_in() -> None:
    slots = [WeeklySlot(SUNDAY, hours(9, 10)), WeeklySlot(MONDAY, hours(9, 10))]
    assert weekly_utc(slots, "UTC", TODAY) == "{[540,600),[9180,9240)}"


# ----------------------------------------------------------------------------------- windows and offsets


def test_a_window_covers_every_minute_it_touches() -> None:
    monday = datetime(2026, 11, 30, tzinfo=UTC)
    assert window_minutes_of_week(monday, monday.replace(hour=1)) == "{[0,61)}"
    assert window_minutes_of_week(monday.replace(second=30), monday.replace(hour=1)) == "{[0,61)}"


def test_a_window_in_another_zone_is_placed_in_the_utc_week() -> None:
    from zoneinfo import ZoneInfo

    tokyo_monday_morning = datetime(2026, 11, 30, 8, tzinfo=ZoneInfo("Asia/Tokyo"))  # Sunday 23:00 UTC
    assert window_minutes_of_week(tokyo_monday_morning, tokyo_monday_morning.replace(hour=9)) == (
        "{[0,1),[10020,10080)}"
    )


def test_zones_are_filtered_by_their_offset_at_that_moment() -> None:
    winter, summer = datetime(2026, 1, 15, 12, tzinfo=UTC), datetime(2026, 7, 15, 12, tzinfo=UTC)
    assert "Europe/Berlin" in zones_with_offset(60, 60, winter)
    assert "Europe/Berlin" not in zones_with_offset(60, 60, summer)
    assert "Europe/Berlin" in zones_with_offset(120, 120, summer)
    kolkata = zones_with_offset(330, 330, winter)
    assert "Asia/Kolkata" in kolkata and "UTC" not in kolkata
    west_of_utc = zones_with_offset(None, -1, winter)
    assert "America/New_York" in west_of_utc and "Asia/Tokyo" not in west_of_utc
    assert "Asia/Tokyo" in zones_with_offset(540, None, winter)
