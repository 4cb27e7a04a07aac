"""The SQL form of availability: weekly slots as UTC minutes of the week (with the DST approximation),
exceptions converted exactly per date, and `user_available_spans()` combining them in PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy import text

from internal.user.availability import exception_ranges, weekly_utc, window_minutes_of_week
from internal.user.directory import skill_keys
from internal.user.embeddings import embedding_text
from internal.user.models import DatedException, TimeSpan, UserProfile, WeeklySlot
from internal.user.repository import available_spans_sql, week_hours
from internal.user.validation import clean_language, language_keys
from pkg.db import Database, migrate

MONDAY = 1


@pytest.fixture(scope="module")
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url, registry=CollectorRegistry())
    await migrate.upgrade(db.engine)
    yield db
    await db.dispose()


_OPERANDS = (
    "CAST(CAST(:w AS text) AS int4multirange)",
    "CAST(CAST(:d AS text) AS tstzmultirange)",
    "CAST(CAST(:s AS text) AS tstzmultirange)",
    "CAST(:start AS timestamptz)",
    "CAST(:end AS timestamptz)",
)


async def spans(db: Database, weekly: str, days: str, exception_spans: str, start: datetime, end: datetime) -> list:
    """The available spans as `user_available_spans()` computes them, checked against the copy of its body
    that ListUsers inlines (internal/user/repository.py: available_spans_sql)."""
    params = {"w": weekly, "d": days, "s": exception_spans, "start": start, "end": end}
    found = []
    async with db.engine.connect() as conn:
        for expression in (f"user_available_spans({', '.join(_OPERANDS)})", available_spans_sql(*_OPERANDS)):
            row = await conn.execute(
                text(f"SELECT array(SELECT (lower(s), upper(s)) FROM unnest({expression}) AS s)"),  # noqa: S608
                params,
            )
            found.append([(a.astimezone(UTC), b.astimezone(UTC)) for a, b in (tuple(r) for r in row.scalar_one())])
    function, inlined = found
    assert inlined == function
    return function


def test_weekly_slots_use_the_offset_of_the_week_they_were_written_in() -> None:
    slot = [WeeklySlot(MONDAY, TimeSpan(9 * 60, 12 * 60))]
    # Berlin is UTC+1 in winter and UTC+2 in summer: 09:00 local is 08:00 or 07:00 UTC.
    assert weekly_utc(slot, "Europe/Berlin", date(2026, 12, 1)) == "{[480,660)}"
    assert weekly_utc(slot, "Europe/Berlin", date(2026, 7, 1)) == "{[420,600)}"


def test_slots_crossing_the_utc_week_boundary_are_split() -> None:
    # Monday 05:00-10:00 in Tokyo (UTC+9) is Sunday 20:00 to Monday 01:00 UTC.
    assert weekly_utc([WeeklySlot(MONDAY, TimeSpan(300, 600))], "Asia/Tokyo", date(2026, 12, 1)) == (
        "{[0,60),[9840,10080)}"
    )
    # Sunday evening in Los Angeles (UTC-8) is Monday morning UTC.
    assert weekly_utc([WeeklySlot(7, TimeSpan(20 * 60, 1440))], "America/Los_Angeles", date(2026, 12, 1)) == (
        "{[240,480)}"
    )


def test_exceptions_are_exact_on_a_dst_change_day() -> None:
    # 29 March 2026: Berlin springs forward at 02:00, so the day has 23 hours.
    days, exception_spans = exception_ranges(
        [DatedException(date(2026, 3, 29), (TimeSpan(60, 4 * 60),))], "Europe/Berlin"
    )
    assert days == '{["2026-03-28T23:00:00+00:00","2026-03-29T22:00:00+00:00")}'
    assert exception_spans == '{["2026-03-29T00:00:00+00:00","2026-03-29T02:00:00+00:00")}'


def test_window_minutes_of_the_week() -> None:
    sunday_late = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
    assert window_minutes_of_week(sunday_late, datetime(2026, 11, 30, 0, 30, tzinfo=UTC)) == "{[0,31),[10050,10080)}"
    assert window_minutes_of_week(sunday_late, datetime(2026, 12, 10, tzinfo=UTC)) == "{[0,10080)}"


def test_skill_keys_hold_every_level_up_to_the_proficiency() -> None:
    skill = uuid.UUID(int=7)
    assert skill_keys([("offered", skill, 3), ("wanted", skill, 1)]) == [
        f"offered:{skill}:1",
        f"offered:{skill}:2",
        f"offered:{skill}:3",
        f"wanted:{skill}:1",
    ]
    with pytest.raises(ValueError):
        skill_keys([("taught", skill, 3)])
    with pytest.raises(ValueError):
        skill_keys([("offered", skill, 6)])


async def test_available_spans_merge_across_the_week_boundary(database: Database) -> None:
    # Sunday 23:00 to Monday 01:00 UTC, stored split in two ranges, comes back as one span.
    got = await spans(
        database,
        "{[0,60),[10020,10080)}",
        "{}",
        "{}",
        datetime(2026, 11, 29, 22, 0, tzinfo=UTC),
        datetime(2026, 11, 30, 3, 0, tzinfo=UTC),
    )
    assert got == [(datetime(2026, 11, 29, 23, 0, tzinfo=UTC), datetime(2026, 11, 30, 1, 0, tzinfo=UTC))]


async def test_exception_days_replace_weekly_slots_and_add_their_own(database: Database) -> None:
    # Weekly: Mondays 08:00-11:00 UTC. Exception on Monday 30 Nov: only 14:00-15:00 UTC.
    got = await spans(
        database,
        "{[480,660)}",
        '{["2026-11-30T00:00:00+00:00","2026-12-01T00:00:00+00:00")}',
        '{["2026-11-30T14:00:00+00:00","2026-11-30T15:00:00+00:00")}',
        datetime(2026, 11, 30, tzinfo=UTC),
        datetime(2026, 12, 8, tzinfo=UTC),
    )
    assert got == [
        (datetime(2026, 11, 30, 14, 0, tzinfo=UTC), datetime(2026, 11, 30, 15, 0, tzinfo=UTC)),
        (datetime(2026, 12, 7, 8, 0, tzinfo=UTC), datetime(2026, 12, 7, 11, 0, tzinfo=UTC)),
    ]


async def test_spans_are_clipped_to_the_window(database: Database) -> None:
    got = await spans(
        database,
        "{[480,660)}",
        "{}",
        "{}",
        datetime(2026, 11, 30, 9, 0, tzinfo=UTC),
        datetime(2026, 11, 30, 9, 30, tzinfo=UTC),
    )
    assert got == [(datetime(2026, 11, 30, 9, 0, tzinfo=UTC), datetime(2026, 11, 30, 9, 30, tzinfo=UTC))]


def test_the_embedding_text_names_skills_with_their_levels() -> None:
    python, spanish = uuid.UUID(int=1), uuid.UUID(int=2)
    profile = UserProfile(
        display_name="Ada",
        headline="Engineer",
        bio="",
        language_codes=["en"],
        is_mentor=True,
        skill_keys=skill_keys([("offered", python, 4), ("wanted", spanish, 1)]),
    )
    assert embedding_text(profile, {python: "Python", spanish: "Spanish"}) == (
        "Ada. Engineer. Languages: en. Mentor. Offers: Python (level 4). Wants to learn: Spanish (level 1)"
    )


def test_language_tags_are_normalised_and_matched_by_every_prefix() -> None:
    assert clean_language("PT-br", "f") == "pt-BR"
    assert clean_language("zh-hant-tw", "f") == "zh-Hant-TW"
    assert language_keys(["zh-Hant-TW", "pt-BR", "pt"]) == ["zh-Hant-TW", "zh-Hant", "zh", "pt-BR", "pt"]


@pytest.mark.parametrize(
    ("weekly", "hours"),
    [
        ("{}", []),
        ("{[480,660)}", [8, 9, 10]),  # Monday 08:00-11:00 UTC: the end minute is exclusive
        ("{[0,60),[10020,10080)}", [0, 167]),  # split across the week boundary
        ("{[1470,1471),[1500,1560)}", [24, 25]),  # one minute still counts its hour
    ],
)
async def test_week_hours_cover_every_hour_a_weekly_range_touches(
    database: Database, weekly: str, hours: list[int]
) -> None:
    async with database.engine.connect() as conn:
        found = await conn.execute(
            text("SELECT user_week_hours(CAST(CAST(:w AS text) AS int4multirange))"), {"w": weekly}
        )
    assert found.scalar_one() == hours
    assert week_hours(weekly) == hours  # what ListUsers binds for a window, computed without PostgreSQL
