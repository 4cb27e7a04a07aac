"""The session state machine, the cancellation policy and slot computation: pure rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from internal.session.models import BookingRules
from internal.session.ports import Availability
from internal.session.slots import Busy, available_starts, local_iso
from internal.session.states import (
    HOLDING,
    TERMINAL,
    TRANSITIONS,
    Action,
    Actor,
    Canceller,
    Refusal,
    Status,
    allowed_actions,
    decide,
    may_start,
    refund_amount,
    refund_percent,
)

A = Actor
RULES = BookingRules(
    buffer_before_minutes=0,
    buffer_after_minutes=0,
    minimum_notice_minutes=0,
    booking_horizon_days=365,
    daily_limit=8,
    slot_interval_minutes=30,
)
NOW = datetime(2027, 1, 1, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# ------------------------------------------------------------------------------------------ state machine

ALLOWED = [
    (Status.REQUESTED, Action.CONFIRM, {A.AWAITED}, Status.CONFIRMED),
    (Status.REQUESTED, Action.DECLINE, {A.AWAITED, A.PARTICIPANT}, Status.DECLINED),
    (Status.REQUESTED, Action.CANCEL, {A.REQUESTER, A.PARTICIPANT}, Status.CANCELLED),
    (Status.REQUESTED, Action.CANCEL, {A.ADMIN}, Status.CANCELLED),
    (Status.CONFIRMED, Action.CANCEL, {A.PARTICIPANT}, Status.CANCELLED),
    (Status.CONFIRMED, Action.START, {A.PARTICIPANT}, Status.IN_PROGRESS),
    (Status.IN_PROGRESS, Action.COMPLETE, {A.PARTICIPANT}, Status.COMPLETED),
    (Status.REQUESTED, Action.EXPIRE, {A.SYSTEM}, Status.EXPIRED),
    (Status.CONFIRMED, Action.MARK_NO_SHOW, {A.SYSTEM}, Status.NO_SHOW),
    (Status.IN_PROGRESS, Action.AUTO_COMPLETE, {A.SYSTEM}, Status.COMPLETED),
    (Status.CONFIRMED, Action.RESCHEDULE, {A.PARTICIPANT}, Status.CONFIRMED),
    (Status.REQUESTED, Action.RESCHEDULE, {A.REQUESTER, A.PARTICIPANT}, Status.REQUESTED),
]


@pytest.mark.parametrize(("status", "action", "actors", "target"), ALLOWED)
def test_allowed_transitions_reach_their_target(
    status: Status, action: Action, actors: set[Actor], target: Status
) -> None:
    decision = decide(status, action, frozenset(actors))
    assert decision.allowed and decision.changed and decision.target is target


REFUSED_ACTOR = [
    (Status.REQUESTED, Action.CONFIRM, {A.REQUESTER, A.PARTICIPANT}),  # the requester cannot confirm their own
    (Status.REQUESTED, Action.DECLINE, {A.REQUESTER, A.PARTICIPANT}),
    (Status.REQUESTED, Action.CONFIRM, {A.ADMIN}),
    (Status.CONFIRMED, Action.START, {A.ADMIN}),
    (Status.REQUESTED, Action.EXPIRE, {A.PARTICIPANT}),  # only the clock expires, marks no-shows...
    (Status.CONFIRMED, Action.MARK_NO_SHOW, {A.ADMIN}),
    (Status.IN_PROGRESS, Action.AUTO_COMPLETE, {A.PARTICIPANT}),
    (Status.CONFIRMED, Action.CANCEL, {A.SYSTEM}),
]


@pytest.mark.parametrize(("status", "action", "actors"), REFUSED_ACTOR)
def test_the_wrong_actor_is_refused(status: Status, action: Action, actors: set[Actor]) -> None:
    assert decide(status, action, frozenset(actors)).refusal is Refusal.WRONG_ACTOR


@pytest.mark.parametrize("status", sorted(TERMINAL))
@pytest.mark.parametrize(
    "action", [Action.CONFIRM, Action.DECLINE, Action.CANCEL, Action.START, Action.RESCHEDULE, Action.UPDATE]
)
def test_terminal_states_refuse_every_change(status: Status, action: Action) -> None:
    assert decide(status, action, frozenset({A.PARTICIPANT, A.AWAITED, A.ADMIN})).refusal is Refusal.WRONG_STATUS


def test_repeats_the_contract_makes_safe_return_the_session_unchanged() -> None:
    repeat = decide(Status.CONFIRMED, Action.CONFIRM, frozenset({A.PARTICIPANT}), already_done=True)
    assert repeat.allowed and not repeat.changed and repeat.target is Status.CONFIRMED
    assert decide(Status.CANCELLED, Action.CANCEL, frozenset({A.PARTICIPANT}), already_done=True).allowed
    # ... but only for the caller who did it: the other participant is told it is too late.
    assert decide(Status.CANCELLED, Action.CANCEL, frozenset({A.PARTICIPANT})).refusal is Refusal.WRONG_STATUS
    assert decide(Status.DECLINED, Action.DECLINE, frozenset({A.AWAITED}), already_done=True).refusal is (
        Refusal.WRONG_STATUS
    )


def test_only_live_states_hold_time_and_every_state_is_reachable() -> None:
    assert {Status.REQUESTED, Status.CONFIRMED, Status.IN_PROGRESS} == HOLDING
    assert HOLDING.isdisjoint(TERMINAL) and set(Status) == HOLDING | TERMINAL
    reached = {Status.REQUESTED} | {t.target for t in TRANSITIONS}
    assert reached == set(Status)
    assert set(allowed_actions(Status.COMPLETED)) == {Action.RATE, Action.REPORT}


def test_start_window_opens_fifteen_minutes_early_and_closes_at_the_end() -> None:
    start, end = utc(2027, 1, 1, 10), utc(2027, 1, 1, 11)
    assert not may_start(start - timedelta(minutes=16), start, end)
    assert may_start(start - timedelta(minutes=15), start, end)
    assert may_start(end - timedelta(seconds=1), start, end)
    assert not may_start(end, start, end)


def test_refund_policy() -> None:
    start = utc(2027, 1, 2, 10)
    assert refund_percent(Canceller.LEARNER, start=start, now=start - timedelta(hours=24)) == 100
    assert refund_percent(Canceller.LEARNER, start=start, now=start - timedelta(hours=23, minutes=59)) == 50
    assert refund_percent(Canceller.TEACHER, start=start, now=start - timedelta(minutes=1)) == 100
    assert refund_percent(Canceller.ADMIN, start=start, now=start) == 100
    assert refund_amount(2599, 50) == 1299 and refund_amount(2599, 100) == 2599 and refund_amount(0, 50) == 0


# ------------------------------------------------------------------------------------------------ slots


def berlin(
    weekly: tuple[tuple[int, int, int], ...] = (), exceptions: dict[date, tuple[tuple[int, int], ...]] | None = None
) -> Availability:
    return Availability("Europe/Berlin", weekly, exceptions or {})


def test_slots_step_through_each_span_and_skip_busy_times_with_buffers() -> None:
    monday = berlin(((1, 9 * 60, 12 * 60),))  # 2027-01-04 09:00-12:00 CET = 08:00-11:00 UTC
    window = {"window_start": utc(2027, 1, 4), "window_end": utc(2027, 1, 5), "now": NOW}
    free = available_starts(availability=monday, rules=RULES, busy=[], duration=timedelta(hours=1), **window)
    assert free == [
        utc(2027, 1, 4, 8),
        utc(2027, 1, 4, 8, 30),
        utc(2027, 1, 4, 9),
        utc(2027, 1, 4, 9, 30),
        utc(2027, 1, 4, 10),
    ]
    busy = [Busy(utc(2027, 1, 4, 9), utc(2027, 1, 4, 10))]
    assert available_starts(availability=monday, rules=RULES, busy=busy, duration=timedelta(hours=1), **window) == [
        utc(2027, 1, 4, 8),
        utc(2027, 1, 4, 10),
    ]
    buffered = BookingRules(**{**RULES.__dict__, "buffer_before_minutes": 15, "buffer_after_minutes": 15})
    assert available_starts(availability=monday, rules=buffered, busy=busy, duration=timedelta(hours=1), **window) == []
    # Someone else's session (the asker's own) blocks without the teacher's buffers.
    theirs = [Busy(utc(2027, 1, 4, 9), utc(2027, 1, 4, 10), teachers=False)]
    assert available_starts(
        availability=monday, rules=buffered, busy=theirs, duration=timedelta(hours=1), **window
    ) == [utc(2027, 1, 4, 8), utc(2027, 1, 4, 10)]


def test_notice_horizon_and_daily_limit() -> None:
    monday = berlin(((1, 9 * 60, 12 * 60),))
    now = utc(2027, 1, 4, 8, 10)
    rules = BookingRules(**{**RULES.__dict__, "minimum_notice_minutes": 60})
    window = {"window_start": utc(2027, 1, 4), "window_end": utc(2027, 1, 20)}
    first_day = [
        s
        for s in available_starts(
            availability=monday, rules=rules, busy=[], duration=timedelta(hours=1), now=now, **window
        )
        if s.day == 4
    ]
    assert first_day == [utc(2027, 1, 4, 9, 30), utc(2027, 1, 4, 10)]
    short = BookingRules(**{**RULES.__dict__, "booking_horizon_days": 8})
    assert {
        s.date()
        for s in available_starts(
            availability=monday, rules=short, busy=[], duration=timedelta(hours=1), now=now, **window
        )
    } == {date(2027, 1, 4), date(2027, 1, 11)}
    limited = BookingRules(**{**RULES.__dict__, "daily_limit": 1})
    busy = [Busy(utc(2027, 1, 4, 12), utc(2027, 1, 4, 13))]  # outside the span, but that day's one session
    days = {
        s.date()
        for s in available_starts(
            availability=monday, rules=limited, busy=busy, duration=timedelta(hours=1), now=NOW, **window
        )
    }
    assert date(2027, 1, 4) not in days and date(2027, 1, 11) in days


def test_autumn_dst_night_keeps_real_lengths() -> None:
    # 2027-10-31: Berlin goes back from 03:00 CEST to 02:00 CET; 01:00-04:00 local is four real hours.
    night = berlin(exceptions={date(2027, 10, 31): ((60, 240),)})
    free = available_starts(
        availability=night,
        rules=RULES,
        busy=[],
        duration=timedelta(hours=1),
        window_start=utc(2027, 10, 30),
        window_end=utc(2027, 11, 1),
        now=NOW,
    )
    assert free[0] == utc(2027, 10, 30, 23) and free[-1] == utc(2027, 10, 31, 2)
    assert len(free) == 7
    assert [local_iso(s, "Europe/Berlin") for s in free][2:5] == [
        "2027-10-31T02:00:00+02:00",
        "2027-10-31T02:30:00+02:00",
        "2027-10-31T02:00:00+01:00",
    ]
