"""Booking: available slots across DST changes, buffers and daily limits, and reschedules that never lose
the agreed time."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from google.protobuf.field_mask_pb2 import FieldMask
from skillsphere.common.v1 import common_pb2
from skillsphere.session.v1 import session_pb2, session_pb2_grpc
from skillsphere.user.v1 import user_pb2, user_pb2_grpc

from internal.app import Application
from tests.e2e.session_helpers import (
    Member,
    booked,
    calendar_of,
    catalog_skill,
    create_request,
    emails,
    member,
    propose,
    soon,
    teacher,
    ts,
)
from tests.support.rpc import fails
from tests.support.waiting import eventually

OK = grpc.StatusCode
S = session_pb2


@pytest.fixture(scope="module")
def stub(channel: grpc.aio.Channel) -> session_pb2_grpc.SessionServiceStub:
    return session_pb2_grpc.SessionServiceStub(channel)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def _slot(start_hour: int, end_hour: int) -> user_pb2.TimeSlot:
    return user_pb2.TimeSlot(
        start=common_pb2.TimeOfDay(hours=start_hour), end=common_pb2.TimeOfDay(hours=end_hour % 24)
    )


async def set_availability(
    channel: grpc.aio.Channel,
    who: Member,
    weekly: list[tuple[int, int, int]],
    exceptions: list[tuple[tuple[int, int, int], list[tuple[int, int]]]] = (),  # type: ignore[assignment]
) -> None:
    """Weekly (ISO day, start hour, end hour) slots and dated exceptions ((y, m, d), [(start, end) hours])."""
    await user_pb2_grpc.UserServiceStub(channel).UpdateAvailability(
        user_pb2.UpdateAvailabilityRequest(
            availability=user_pb2.Availability(
                user_id=who.id,
                weekly_slots=[user_pb2.WeeklySlot(day_of_week=d, slot=_slot(a, b)) for d, a, b in weekly],  # type: ignore[arg-type]
                exceptions=[
                    user_pb2.AvailabilityException(
                        date=common_pb2.Date(year=y, month=m, day=d), slots=[_slot(a, b) for a, b in spans]
                    )
                    for (y, m, d), spans in exceptions
                ],
            ),
            update_mask=FieldMask(paths=["weekly_slots", "exceptions"]),
        ),
        metadata=who.metadata,
    )


async def starts(
    stub: session_pb2_grpc.SessionServiceStub,
    who: Member,
    teacher_id: str,
    start: datetime,
    end: datetime,
    time_zone: str = "",
    duration: int = 60,
) -> list[tuple[datetime, str]]:
    response = await stub.ListAvailableSlots(
        S.ListAvailableSlotsRequest(
            teacher_user_id=teacher_id,
            duration_minutes=duration,
            window_start_time=ts(start),
            window_end_time=ts(end),
            time_zone=time_zone,
        ),
        metadata=who.metadata,
    )
    return [(s.start_time.ToDatetime(tzinfo=UTC), s.local_start) for s in response.slots]


async def test_slots_follow_the_teachers_wall_clock_across_the_spring_dst_change(
    channel: grpc.aio.Channel, stub: session_pb2_grpc.SessionServiceStub, token_for: Callable[..., str]
) -> None:
    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    ada = await member(channel, token_for, "Ada", "America/New_York")
    # Mondays 09:00-11:00 Berlin time. Berlin moves to summer time on Sunday 2027-03-28.
    await set_availability(channel, grace, [(1, 9, 11)])
    found = await starts(stub, ada, grace.id, utc(2027, 3, 21), utc(2027, 4, 1), "America/New_York")
    assert [s for s, _ in found] == [
        utc(2027, 3, 22, 8),
        utc(2027, 3, 22, 8, 30),
        utc(2027, 3, 22, 9),  # CET, UTC+1
        utc(2027, 3, 29, 7),
        utc(2027, 3, 29, 7, 30),
        utc(2027, 3, 29, 8),  # CEST, UTC+2
    ]
    # Shown in the asker's zone (New York is already on summer time).
    assert found[0][1] == "2027-03-22T04:00:00-04:00" and found[3][1] == "2027-03-29T03:00:00-04:00"

    # On the night itself, a span 00:00-04:00 is three real hours: no start falls in the missing hour.
    await set_availability(channel, grace, [(1, 9, 11)], [((2027, 3, 28), [(0, 4)]), ((2027, 3, 29), [])])
    night = await starts(stub, ada, grace.id, utc(2027, 3, 27, 12), utc(2027, 3, 30), "Europe/Berlin")
    assert [local for _, local in night] == [
        "2027-03-28T00:00:00+01:00",
        "2027-03-28T00:30:00+01:00",
        "2027-03-28T01:00:00+01:00",
        "2027-03-28T01:30:00+01:00",
        "2027-03-28T03:00:00+02:00",
    ]  # and the exception emptied Monday the 29th
    await fails(
        stub.ListAvailableSlots(
            S.ListAvailableSlotsRequest(
                teacher_user_id=grace.id,
                duration_minutes=60,
                window_start_time=ts(utc(2027, 3, 1)),
                window_end_time=ts(utc(2027, 4, 15)),
            ),
            metadata=ada.metadata,
        ),
        OK.INVALID_ARGUMENT,
    )


async def test_a_booked_slot_and_the_teachers_buffers_and_daily_limit_leave_the_list(
    channel: grpc.aio.Channel, stub: session_pb2_grpc.SessionServiceStub, token_for: Callable[..., str]
) -> None:
    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    ada = await member(channel, token_for, "Ada")
    bob = await member(channel, token_for, "Bob")
    await set_availability(channel, grace, [(1, 9, 12)])  # Monday 2027-03-22: 08:00-11:00 UTC
    window = (utc(2027, 3, 22), utc(2027, 3, 23))
    before = [s for s, _ in await starts(stub, bob, grace.id, *window)]
    assert before[0] == utc(2027, 3, 22, 8) and len(before) == 5

    # The learner may only ask for an offered start.
    await fails(
        stub.CreateSession(create_request(skill, grace.id, ada.id, utc(2027, 3, 22, 8, 15)), metadata=ada.metadata),
        OK.FAILED_PRECONDITION,
        "SLOT_UNAVAILABLE",
    )
    await fails(
        stub.CreateSession(create_request(skill, grace.id, ada.id, utc(2027, 3, 22, 12)), metadata=ada.metadata),
        OK.FAILED_PRECONDITION,
        "SLOT_UNAVAILABLE",
    )
    made = await stub.CreateSession(create_request(skill, grace.id, ada.id, utc(2027, 3, 22, 8)), metadata=ada.metadata)
    assert made.session.awaiting_user_id == grace.id
    after = [s for s, _ in await starts(stub, bob, grace.id, *window)]
    assert after == [utc(2027, 3, 22, 9), utc(2027, 3, 22, 9, 30), utc(2027, 3, 22, 10)]

    await stub.UpdateBookingSettings(
        S.UpdateBookingSettingsRequest(
            user_id=grace.id,
            settings=S.BookingSettings(buffer_after_minutes=30),
            update_mask=FieldMask(paths=["buffer_after_minutes"]),
        ),
        metadata=grace.metadata,
    )
    # 30 free minutes after the booked 08:00-09:00: the next start is 09:30.
    assert [s for s, _ in await starts(stub, bob, grace.id, *window)] == [utc(2027, 3, 22, 9, 30), utc(2027, 3, 22, 10)]
    await stub.UpdateBookingSettings(
        S.UpdateBookingSettingsRequest(
            user_id=grace.id, settings=S.BookingSettings(daily_limit=1), update_mask=FieldMask(paths=["daily_limit"])
        ),
        metadata=grace.metadata,
    )
    assert await starts(stub, bob, grace.id, *window) == []
    await fails(
        stub.CreateSession(create_request(skill, grace.id, bob.id, utc(2027, 3, 22, 10)), metadata=bob.metadata),
        OK.FAILED_PRECONDITION,
        "SLOT_UNAVAILABLE",
    )


async def test_a_confirmed_session_keeps_its_time_until_the_reschedule_is_accepted(
    channel: grpc.aio.Channel,
    stub: session_pb2_grpc.SessionServiceStub,
    token_for: Callable[..., str],
    server: Application,
) -> None:
    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    ada = await member(channel, token_for, "Ada")
    bob = await member(channel, token_for, "Bob")
    old, new = soon(600), soon(720)
    session = await booked(stub, skill, grace, ada, old)
    moved = (
        await stub.RescheduleSession(
            S.RescheduleSessionRequest(session_id=session.id, scheduled_start_time=ts(new), note="Later works better"),
            metadata=ada.metadata,
        )
    ).session
    assert moved.status == S.SESSION_STATUS_CONFIRMED
    assert moved.scheduled_start_time.ToDatetime(tzinfo=UTC) == old
    assert moved.pending_reschedule.scheduled_start_time.ToDatetime(tzinfo=UTC) == new
    assert moved.pending_reschedule.proposed_by_user_id == ada.id
    # Both times are held meanwhile.
    for taken in (old, new):
        await fails(
            stub.CreateSession(create_request(skill, grace.id, bob.id, taken), metadata=grace.metadata),
            OK.FAILED_PRECONDITION,
            "SLOT_CONFLICT",
        )
    await fails(
        stub.RespondToReschedule(
            S.RespondToRescheduleRequest(session_id=session.id, accept=True), metadata=ada.metadata
        ),
        OK.PERMISSION_DENIED,
        "AWAITING_OTHER_PARTICIPANT",
    )
    await fails(
        stub.RescheduleSession(
            S.RescheduleSessionRequest(session_id=session.id, scheduled_start_time=ts(soon(800))),
            metadata=grace.metadata,
        ),
        OK.FAILED_PRECONDITION,
        "RESCHEDULE_PENDING",
    )

    accepted = (
        await stub.RespondToReschedule(
            S.RespondToRescheduleRequest(session_id=session.id, accept=True), metadata=grace.metadata
        )
    ).session
    assert accepted.scheduled_start_time.ToDatetime(tzinfo=UTC) == new and not accepted.HasField("pending_reschedule")
    assert (await propose(stub, skill, grace, bob, old)).status == S.SESSION_STATUS_REQUESTED  # the old time is free
    await fails(
        stub.RespondToReschedule(
            S.RespondToRescheduleRequest(session_id=session.id, accept=True), metadata=grace.metadata
        ),
        OK.FAILED_PRECONDITION,
        "NO_PENDING_RESCHEDULE",
    )
    message = await eventually(lambda: emails(server, ada, "Session moved"))
    event = calendar_of(message[0]).walk("VEVENT")[0]
    assert int(event["sequence"]) == 2 and event.decoded("dtstart") == new

    # Declining keeps the agreed time and frees the proposed one; a proposal may overlap its own session.
    nudged = new + timedelta(minutes=30)
    await stub.RescheduleSession(
        S.RescheduleSessionRequest(session_id=session.id, scheduled_start_time=ts(nudged)), metadata=grace.metadata
    )
    kept = (
        await stub.RespondToReschedule(
            S.RespondToRescheduleRequest(session_id=session.id, accept=False), metadata=ada.metadata
        )
    ).session
    assert kept.scheduled_start_time.ToDatetime(tzinfo=UTC) == new and not kept.HasField("pending_reschedule")
    await fails(
        stub.CreateSession(create_request(skill, grace.id, bob.id, nudged), metadata=grace.metadata),
        OK.FAILED_PRECONDITION,
        "SLOT_CONFLICT",
    )  # still overlaps the agreed hour
    assert (await propose(stub, skill, grace, bob, new + timedelta(minutes=60))).status == S.SESSION_STATUS_REQUESTED


async def test_a_requested_session_moves_at_once_and_asks_the_other_side(
    channel: grpc.aio.Channel, stub: session_pb2_grpc.SessionServiceStub, token_for: Callable[..., str]
) -> None:
    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    ada = await member(channel, token_for, "Ada")
    session = await propose(stub, skill, grace, ada, soon(500))
    later = soon(520)
    moved = (
        await stub.RescheduleSession(
            S.RescheduleSessionRequest(session_id=session.id, scheduled_start_time=ts(later), duration_minutes=30),
            metadata=ada.metadata,
        )
    ).session
    assert moved.status == S.SESSION_STATUS_REQUESTED and moved.awaiting_user_id == grace.id
    assert moved.duration_minutes == 30 and moved.scheduled_start_time.ToDatetime(tzinfo=UTC) == later
    await fails(
        stub.ConfirmSession(S.ConfirmSessionRequest(session_id=session.id), metadata=ada.metadata),
        OK.PERMISSION_DENIED,
        "AWAITING_OTHER_PARTICIPANT",
    )
    await stub.ConfirmSession(S.ConfirmSessionRequest(session_id=session.id), metadata=grace.metadata)


async def test_two_reschedules_racing_for_one_time_one_wins(
    channel: grpc.aio.Channel, stub: session_pb2_grpc.SessionServiceStub, token_for: Callable[..., str]
) -> None:
    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    learners = [await member(channel, token_for, f"L{i}") for i in range(4)]
    sessions = [await booked(stub, skill, grace, who, soon(1000 + 90 * i)) for i, who in enumerate(learners)]
    target = soon(2000)
    results = await asyncio.gather(
        *(
            stub.RescheduleSession(
                S.RescheduleSessionRequest(session_id=s.id, scheduled_start_time=ts(target)), metadata=who.metadata
            )
            for s, who in zip(sessions, learners, strict=True)
        ),
        return_exceptions=True,
    )
    won = [r for r in results if not isinstance(r, BaseException)]
    lost = [r for r in results if isinstance(r, grpc.aio.AioRpcError)]
    assert len(won) == 1 and len(lost) == 3, results
    assert all(e.code() == OK.FAILED_PRECONDITION for e in lost)
