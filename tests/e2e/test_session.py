"""SessionService end to end: the lifecycle over real channels, who may take each step, stats and invites."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import grpc
import pytest
from skillsphere.session.v1 import session_pb2, session_pb2_grpc
from skillsphere.user.v1 import user_pb2, user_pb2_grpc

from internal.app import Application
from tests.e2e.session_helpers import (
    booked,
    calendar_of,
    catalog_skill,
    create_request,
    emails,
    member,
    pending_jobs,
    propose,
    soon,
    teacher,
)
from tests.support.rpc import fails
from tests.support.waiting import eventually

OK = grpc.StatusCode
S = session_pb2


@pytest.fixture(scope="module")
def stub(channel: grpc.aio.Channel) -> session_pb2_grpc.SessionServiceStub:
    return session_pb2_grpc.SessionServiceStub(channel)


async def test_a_free_session_goes_from_request_to_rating_and_feeds_the_teachers_stats(
    channel: grpc.aio.Channel,
    stub: session_pb2_grpc.SessionServiceStub,
    token_for: Callable[..., str],
    server: Application,
) -> None:
    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    ada = await member(channel, token_for, "Ada", "America/New_York")
    stranger = await member(channel, token_for, "Eve")
    start = soon(5)
    session = await propose(stub, skill, grace, ada, start, duration=45)
    assert session.status == S.SESSION_STATUS_REQUESTED
    assert (session.requested_by_user_id, session.awaiting_user_id) == (grace.id, ada.id)
    assert session.teacher.display_name == "Grace" and session.learner.user_id == ada.id
    assert session.meeting_url == "" and session.etag

    # Only the awaited participant confirms; strangers learn nothing.
    await fails(
        stub.ConfirmSession(S.ConfirmSessionRequest(session_id=session.id), metadata=grace.metadata),
        OK.PERMISSION_DENIED,
        "AWAITING_OTHER_PARTICIPANT",
    )
    await fails(
        stub.GetSession(S.GetSessionRequest(session_id=session.id), metadata=stranger.metadata),
        OK.NOT_FOUND,
        "SESSION_NOT_FOUND",
    )
    await fails(
        stub.ConfirmSession(S.ConfirmSessionRequest(session_id=session.id), metadata=stranger.metadata),
        OK.NOT_FOUND,
        "SESSION_NOT_FOUND",
    )
    await fails(
        stub.StartSession(S.StartSessionRequest(session_id=session.id), metadata=grace.metadata),
        OK.FAILED_PRECONDITION,
        "INVALID_TRANSITION",
    )

    confirmed = (
        await stub.ConfirmSession(S.ConfirmSessionRequest(session_id=session.id), metadata=ada.metadata)
    ).session
    assert confirmed.status == S.SESSION_STATUS_CONFIRMED and confirmed.awaiting_user_id == ""
    assert confirmed.meeting_url.startswith("https://meet.jit.si/skillsphere-") and len(confirmed.meeting_url) > 45
    again = (await stub.ConfirmSession(S.ConfirmSessionRequest(session_id=session.id), metadata=ada.metadata)).session
    assert again.etag == confirmed.etag  # a repeat changes nothing
    await fails(
        stub.CompleteSession(S.CompleteSessionRequest(session_id=session.id), metadata=ada.metadata),
        OK.FAILED_PRECONDITION,
        "INVALID_TRANSITION",
    )

    # The confirmation email carries an invite in each participant's zone.
    message = await eventually(lambda: emails(server, ada, "Session confirmed"))
    invite = calendar_of(message[0])
    event = invite.walk("VEVENT")[0]
    assert str(invite["method"]) == "REQUEST" and event["uid"] == f"{session.id}@sessions.skillsphere"
    assert int(event["sequence"]) == 1
    assert event.decoded("dtstart") == start and str(event.decoded("dtstart").tzinfo) == "America/New_York"
    assert event.decoded("dtend") == start + timedelta(minutes=45)

    started = (await stub.StartSession(S.StartSessionRequest(session_id=session.id), metadata=grace.metadata)).session
    assert started.status == S.SESSION_STATUS_IN_PROGRESS and started.HasField("start_time")
    await fails(
        stub.RateSession(S.RateSessionRequest(session_id=session.id, rating=5), metadata=ada.metadata),
        OK.FAILED_PRECONDITION,
        "INVALID_TRANSITION",
    )
    done = (await stub.CompleteSession(S.CompleteSessionRequest(session_id=session.id), metadata=ada.metadata)).session
    assert done.status == S.SESSION_STATUS_COMPLETED

    rating = (
        await stub.RateSession(
            S.RateSessionRequest(session_id=session.id, rating=4, comment="Clear"), metadata=ada.metadata
        )
    ).rating
    assert (rating.rater_user_id, rating.rated_user_id, rating.rating) == (ada.id, grace.id, 4)
    await fails(
        stub.RateSession(S.RateSessionRequest(session_id=session.id, rating=5), metadata=ada.metadata),
        OK.ALREADY_EXISTS,
        "ALREADY_RATED",
    )
    await fails(
        stub.RateSession(S.RateSessionRequest(session_id=session.id, rating=5), metadata=stranger.metadata),
        OK.NOT_FOUND,
        "SESSION_NOT_FOUND",
    )
    await fails(
        stub.RateSession(S.RateSessionRequest(session_id=session.id, rating=6), metadata=grace.metadata),
        OK.INVALID_ARGUMENT,
    )

    users = user_pb2_grpc.UserServiceStub(channel)
    stats = (await users.GetUserStats(user_pb2.GetUserStatsRequest(user_id=grace.id))).stats
    assert (stats.sessions_taught_count, stats.teaching_minutes, stats.rating_count) == (1, 45, 1)
    assert stats.average_rating == pytest.approx(4.0) and stats.response_rate == 0.0
    learner_stats = (await users.GetUserStats(user_pb2.GetUserStatsRequest(user_id=ada.id))).stats
    assert (learner_stats.sessions_learned_count, learner_stats.learning_minutes) == (1, 45)
    assert learner_stats.response_rate == 1.0  # she answered the one request made to her
    profile = (await users.GetUser(user_pb2.GetUserRequest(user_id=grace.id))).user
    assert (profile.average_rating, profile.rating_count) == (4.0, 1)

    # UserService answers from the same implementation.
    ratings = (await users.ListUserRatings(user_pb2.ListUserRatingsRequest(user_id=grace.id))).ratings
    assert [(r.session_id, r.score, r.role, r.comment) for r in ratings] == [
        (session.id, 4, user_pb2.USER_SESSION_ROLE_MENTOR, "Clear")
    ]
    listed = (
        await users.ListUserSessions(user_pb2.ListUserSessionsRequest(user_id=ada.id), metadata=ada.metadata)
    ).sessions
    assert [
        (s.session_id, s.role, s.status, s.counterpart_user_id, s.skill_name, s.duration_minutes) for s in listed
    ] == [
        (session.id, user_pb2.USER_SESSION_ROLE_LEARNER, user_pb2.USER_SESSION_STATUS_COMPLETED, grace.id, "Python", 45)
    ]
    await fails(
        users.ListUserSessions(user_pb2.ListUserSessionsRequest(user_id=ada.id), metadata=grace.metadata),
        OK.PERMISSION_DENIED,
        "NOT_PROFILE_OWNER",
    )
    mine = (await stub.ListUserSessions(S.ListUserSessionsRequest(), metadata=grace.metadata)).sessions
    assert [s.id for s in mine] == [session.id] and mine[0].ratings[0].rating == 4
    await fails(
        stub.ListUserSessions(S.ListUserSessionsRequest(user_id=grace.id), metadata=ada.metadata),
        OK.PERMISSION_DENIED,
        "NOT_A_PARTICIPANT",
    )
    # The chat domain's question.
    assert server.sessions is not None
    import uuid

    assert await server.sessions.participants(uuid.UUID(session.id)) == {uuid.UUID(grace.id), uuid.UUID(ada.id)}
    assert await server.sessions.participants(uuid.uuid4()) is None


async def test_cancelling_previews_the_policy_then_sends_a_cancel_invite_and_drops_the_reminders(
    channel: grpc.aio.Channel,
    stub: session_pb2_grpc.SessionServiceStub,
    token_for: Callable[..., str],
    server: Application,
    database_url: str,
) -> None:
    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    ada = await member(channel, token_for, "Ada")
    session = await booked(stub, skill, grace, ada, soon(120))
    # Confirmed: a NO_SHOW timer and the reminder a minute before (the test server's setting) are pending.
    keys = await pending_jobs(database_url, session.id)
    assert any(":remind:1:" in k for k in keys) and any(":no_show:" in k for k in keys), keys

    # The learner cancelling within 24 hours gets half back; a preview changes nothing.
    preview = await stub.CancelSession(
        S.CancelSessionRequest(session_id=session.id, validate_only=True), metadata=ada.metadata
    )
    assert preview.refund_percent == 50 and not preview.HasField("refund_amount")  # a free session has no amount
    assert preview.session.status == S.SESSION_STATUS_CONFIRMED
    teacher_preview = await stub.CancelSession(
        S.CancelSessionRequest(session_id=session.id, validate_only=True), metadata=grace.metadata
    )
    assert teacher_preview.refund_percent == 100

    cancelled = await stub.CancelSession(
        S.CancelSessionRequest(
            session_id=session.id, reason=S.CANCELLATION_REASON_PERSONAL, note="Sorry, something came up"
        ),
        metadata=grace.metadata,
    )
    assert cancelled.session.status == S.SESSION_STATUS_CANCELLED and cancelled.refund_percent == 100
    assert cancelled.session.cancelled_by_user_id == grace.id
    assert cancelled.session.cancellation_reason == S.CANCELLATION_REASON_PERSONAL
    # A retry by the same caller answers the same; the other participant may not cancel a cancelled session.
    retry = await stub.CancelSession(S.CancelSessionRequest(session_id=session.id), metadata=grace.metadata)
    assert retry.session.etag == cancelled.session.etag
    await fails(
        stub.CancelSession(S.CancelSessionRequest(session_id=session.id), metadata=ada.metadata),
        OK.FAILED_PRECONDITION,
        "INVALID_TRANSITION",
    )
    assert await pending_jobs(database_url, session.id) == []

    message = await eventually(lambda: emails(server, ada, "Session cancelled"))
    invite = calendar_of(message[0])
    event = invite.walk("VEVENT")[0]
    assert str(invite["method"]) == "CANCEL" and event["uid"] == f"{session.id}@sessions.skillsphere"
    assert int(event["sequence"]) == 2 and str(event["status"]) == "CANCELLED"
    # The time is free again for both.
    again = await propose(stub, skill, grace, ada, soon(120) - timedelta(seconds=1))
    assert again.status == S.SESSION_STATUS_REQUESTED


async def test_a_full_refund_for_a_learner_cancelling_a_day_ahead(
    channel: grpc.aio.Channel, stub: session_pb2_grpc.SessionServiceStub, token_for: Callable[..., str]
) -> None:
    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    ada = await member(channel, token_for, "Ada")
    session = await booked(stub, skill, grace, ada, soon(60 * 30))
    preview = await stub.CancelSession(
        S.CancelSessionRequest(session_id=session.id, validate_only=True), metadata=ada.metadata
    )
    assert preview.refund_percent == 100


async def test_a_reminder_reaches_both_participants_and_none_is_sent_for_a_cancelled_session(
    channel: grpc.aio.Channel,
    stub: session_pb2_grpc.SessionServiceStub,
    token_for: Callable[..., str],
    server: Application,
    database_url: str,
) -> None:
    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    ada = await member(channel, token_for, "Ada")
    kept = await booked(stub, skill, grace, ada, soon(1.1))  # reminded a minute ahead: in about 6 s
    dropped = await booked(stub, skill, grace, ada, soon(1.2) + timedelta(minutes=60))
    await stub.CancelSession(S.CancelSessionRequest(session_id=dropped.id), metadata=ada.metadata)
    assert await pending_jobs(database_url, dropped.id) == []
    for who in (grace, ada):
        reminders = await eventually(lambda who=who: emails(server, who, "Reminder"))
        assert len(reminders) == 1 and "Intro to asyncio" in reminders[0].text
    assert not any(":remind:" in k for k in await pending_jobs(database_url, kept.id))


async def test_the_awaited_member_declines_and_an_unanswered_request_expires_at_its_start(
    channel: grpc.aio.Channel,
    stub: session_pb2_grpc.SessionServiceStub,
    token_for: Callable[..., str],
    server: Application,
) -> None:
    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    ada = await member(channel, token_for, "Ada")
    session = await propose(stub, skill, grace, ada, soon(90))
    await fails(
        stub.DeclineSession(S.DeclineSessionRequest(session_id=session.id), metadata=grace.metadata),
        OK.PERMISSION_DENIED,
        "AWAITING_OTHER_PARTICIPANT",
    )
    declined = (
        await stub.DeclineSession(
            S.DeclineSessionRequest(session_id=session.id, reason=S.CANCELLATION_REASON_NOT_A_FIT),
            metadata=ada.metadata,
        )
    ).session
    assert declined.status == S.SESSION_STATUS_DECLINED and declined.cancelled_by_user_id == ada.id
    await fails(
        stub.DeclineSession(S.DeclineSessionRequest(session_id=session.id), metadata=ada.metadata),
        OK.FAILED_PRECONDITION,
        "INVALID_TRANSITION",
    )
    await fails(
        stub.ConfirmSession(S.ConfirmSessionRequest(session_id=session.id), metadata=ada.metadata),
        OK.FAILED_PRECONDITION,
        "INVALID_TRANSITION",
    )
    await eventually(lambda: emails(server, grace, "Session declined"))

    expiring = await propose(stub, skill, grace, ada, soon(0.1))  # starts in about 6 s, never confirmed

    async def expired() -> bool:
        got = await stub.GetSession(S.GetSessionRequest(session_id=expiring.id), metadata=ada.metadata)
        return got.session.status == S.SESSION_STATUS_EXPIRED

    await eventually(expired)
    await fails(
        stub.ConfirmSession(S.ConfirmSessionRequest(session_id=expiring.id), metadata=ada.metadata),
        OK.FAILED_PRECONDITION,
        "INVALID_TRANSITION",
    )
    # An expired request frees the time.
    assert (
        await propose(stub, skill, grace, ada, soon(0.1) + timedelta(minutes=5))
    ).status == S.SESSION_STATUS_REQUESTED


async def test_create_refuses_what_the_contract_refuses(
    channel: grpc.aio.Channel, stub: session_pb2_grpc.SessionServiceStub, token_for: Callable[..., str]
) -> None:
    skill = await catalog_skill(channel)
    other_skill = await catalog_skill(channel, "Rust")
    grace = await teacher(channel, token_for, skill)
    ada = await member(channel, token_for, "Ada")
    eve = await member(channel, token_for, "Eve")
    start = soon(300)
    from skillsphere.common.v1 import common_pb2

    from tests.e2e.user_helpers import caller as no_profile_caller

    await fails(
        stub.CreateSession(create_request(skill, grace.id, grace.id, start), metadata=grace.metadata),
        OK.INVALID_ARGUMENT,
        "SAME_PARTICIPANT",
    )
    await fails(
        stub.CreateSession(create_request(skill, grace.id, ada.id, start), metadata=eve.metadata),
        OK.PERMISSION_DENIED,
        "NOT_A_PARTICIPANT",
    )
    ghost = no_profile_caller(token_for)
    await fails(
        stub.CreateSession(create_request(skill, grace.id, ghost.id, start), metadata=grace.metadata),
        OK.NOT_FOUND,
        "PARTICIPANT_NOT_FOUND",
    )
    await fails(
        stub.CreateSession(create_request(other_skill, grace.id, ada.id, start), metadata=grace.metadata),
        OK.FAILED_PRECONDITION,
        "SKILL_NOT_TAUGHT",
    )
    await fails(
        stub.CreateSession(create_request(skill, ada.id, grace.id, start), metadata=ada.metadata),
        OK.FAILED_PRECONDITION,
        "SKILL_NOT_TAUGHT",
    )
    await fails(
        stub.CreateSession(
            create_request(
                skill, grace.id, ada.id, start, price=common_pb2.Money(currency_code="CHF", amount_minor=2500)
            ),
            metadata=grace.metadata,
        ),
        OK.INVALID_ARGUMENT,
    )
    await fails(
        stub.CreateSession(create_request(skill, grace.id, ada.id, soon(60 * 24 * 200)), metadata=grace.metadata),
        OK.INVALID_ARGUMENT,
        "OUTSIDE_BOOKING_WINDOW",
    )
    await fails(
        stub.CreateSession(create_request(skill, grace.id, ada.id, soon(-5)), metadata=grace.metadata),
        OK.INVALID_ARGUMENT,
        "OUTSIDE_BOOKING_WINDOW",
    )
    error = await fails(
        stub.CreateSession(
            create_request(skill, grace.id, ada.id, start, duration=10, title=""), metadata=grace.metadata
        ),
        OK.INVALID_ARGUMENT,
    )
    from tests.support.rpc import bad_fields

    assert {"duration_minutes", "title"} <= bad_fields(error)
    await fails(
        stub.CreateSession(
            create_request(skill, grace.id, ada.id, start, mode=S.SESSION_MODE_IN_PERSON), metadata=grace.metadata
        ),
        OK.INVALID_ARGUMENT,
    )
    await fails(stub.CreateSession(create_request(skill, grace.id, ada.id, start)), OK.UNAUTHENTICATED)

    # A free price (zero) is a skill swap; the idempotency key replays the first answer.
    request = create_request(
        skill, grace.id, ada.id, start, price=common_pb2.Money(currency_code="EUR", amount_minor=0)
    )
    first = (await stub.CreateSession(request, metadata=grace.metadata)).session
    replay = (await stub.CreateSession(request, metadata=grace.metadata)).session
    assert replay.id == first.id and first.price.amount_minor == 0
    # Both participants are held: neither can be booked into an overlapping time, whatever the role.
    await fails(
        stub.CreateSession(
            create_request(skill, grace.id, eve.id, start + timedelta(minutes=30)), metadata=grace.metadata
        ),
        OK.FAILED_PRECONDITION,
        "SLOT_CONFLICT",
    )
    hopper = await teacher(channel, token_for, skill, "Hopper")
    error = await fails(
        stub.CreateSession(
            create_request(skill, hopper.id, ada.id, start - timedelta(minutes=59)), metadata=hopper.metadata
        ),
        OK.FAILED_PRECONDITION,
        "SLOT_CONFLICT",
    )
    # Back to back is fine.
    assert (await propose(stub, skill, hopper, ada, start + timedelta(minutes=60))).status == S.SESSION_STATUS_REQUESTED


async def test_update_checks_the_etag_and_the_paths(
    channel: grpc.aio.Channel, stub: session_pb2_grpc.SessionServiceStub, token_for: Callable[..., str]
) -> None:
    from google.protobuf.field_mask_pb2 import FieldMask

    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    ada = await member(channel, token_for, "Ada")
    eve = await member(channel, token_for, "Eve")
    session = await booked(stub, skill, grace, ada, soon(400))
    changed = (
        await stub.UpdateSession(
            S.UpdateSessionRequest(
                session=S.Session(id=session.id, title="Async deep dive", etag=session.etag),
                update_mask=FieldMask(paths=["title"]),
            ),
            metadata=ada.metadata,
        )
    ).session
    assert changed.title == "Async deep dive" and changed.etag != session.etag
    await fails(
        stub.UpdateSession(
            S.UpdateSessionRequest(
                session=S.Session(id=session.id, title="Lost update", etag=session.etag),
                update_mask=FieldMask(paths=["title"]),
            ),
            metadata=grace.metadata,
        ),
        OK.ABORTED,
        "ETAG_MISMATCH",
    )
    await fails(
        stub.UpdateSession(
            S.UpdateSessionRequest(session=S.Session(id=session.id), update_mask=FieldMask(paths=["status"])),
            metadata=grace.metadata,
        ),
        OK.INVALID_ARGUMENT,
        "UPDATE_MASK_INVALID",
    )
    await fails(
        stub.UpdateSession(
            S.UpdateSessionRequest(
                session=S.Session(id=session.id, meeting_url="http://insecure.example/room"),
                update_mask=FieldMask(paths=["meeting_url"]),
            ),
            metadata=grace.metadata,
        ),
        OK.INVALID_ARGUMENT,
    )
    in_person = (
        await stub.UpdateSession(
            S.UpdateSessionRequest(
                session=S.Session(id=session.id, mode=S.SESSION_MODE_IN_PERSON, location="Cafe Einstein"),
                update_mask=FieldMask(paths=["mode", "location"]),
            ),
            metadata=grace.metadata,
        )
    ).session
    assert (in_person.mode, in_person.location) == (S.SESSION_MODE_IN_PERSON, "Cafe Einstein")
    await fails(
        stub.UpdateSession(
            S.UpdateSessionRequest(session=S.Session(id=session.id, title="x"), update_mask=FieldMask(paths=["title"])),
            metadata=eve.metadata,
        ),
        OK.NOT_FOUND,
        "SESSION_NOT_FOUND",
    )


async def test_reports_upcoming_lists_and_booking_settings(
    channel: grpc.aio.Channel, stub: session_pb2_grpc.SessionServiceStub, token_for: Callable[..., str]
) -> None:
    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    ada = await member(channel, token_for, "Ada")
    admin = await member(channel, token_for, "Root", roles=("admin",))
    later = await booked(stub, skill, grace, ada, soon(600))
    sooner = await booked(stub, skill, grace, ada, soon(300))
    requested = await propose(stub, skill, grace, ada, soon(900))
    await fails(
        stub.ReportSession(
            S.ReportSessionRequest(session_id=requested.id, reason=S.SESSION_REPORT_REASON_SCAM), metadata=ada.metadata
        ),
        OK.FAILED_PRECONDITION,
        "INVALID_TRANSITION",
    )
    report = (
        await stub.ReportSession(
            S.ReportSessionRequest(session_id=sooner.id, reason=S.SESSION_REPORT_REASON_SCAM, details="Asked for cash"),
            metadata=ada.metadata,
        )
    ).report
    assert (report.status, report.reporter_user_id, report.reason) == (
        S.SESSION_REPORT_STATUS_OPEN,
        ada.id,
        S.SESSION_REPORT_REASON_SCAM,
    )
    await fails(
        stub.ReportSession(
            S.ReportSessionRequest(session_id=sooner.id, reason=S.SESSION_REPORT_REASON_SCAM), metadata=ada.metadata
        ),
        OK.ALREADY_EXISTS,
        "REPORT_EXISTS",
    )
    await fails(
        stub.ReportSession(S.ReportSessionRequest(session_id=sooner.id), metadata=ada.metadata), OK.INVALID_ARGUMENT
    )

    upcoming = (await stub.GetUpcomingSessions(S.GetUpcomingSessionsRequest(), metadata=ada.metadata)).sessions
    assert [s.id for s in upcoming] == [sooner.id, later.id]
    with_requests = await stub.GetUpcomingSessions(
        S.GetUpcomingSessionsRequest(include_requested=True, page_size=2), metadata=ada.metadata
    )
    assert [s.id for s in with_requests.sessions] == [sooner.id, later.id] and with_requests.next_page_token
    rest = await stub.GetUpcomingSessions(
        S.GetUpcomingSessionsRequest(include_requested=True, page_size=2, page_token=with_requests.next_page_token),
        metadata=ada.metadata,
    )
    assert [s.id for s in rest.sessions] == [requested.id] and not rest.next_page_token
    await fails(
        stub.GetUpcomingSessions(S.GetUpcomingSessionsRequest(within_days=91), metadata=ada.metadata),
        OK.INVALID_ARGUMENT,
    )

    only_requested = (
        await stub.ListUserSessions(
            S.ListUserSessionsRequest(statuses=[S.SESSION_STATUS_REQUESTED], role=S.SESSION_ROLE_LEARNER),
            metadata=ada.metadata,
        )
    ).sessions
    assert [s.id for s in only_requested] == [requested.id]
    by_admin = await stub.ListUserSessions(
        S.ListUserSessionsRequest(user_id=ada.id, page_size=1), metadata=admin.metadata
    )
    assert [s.id for s in by_admin.sessions] == [requested.id] and by_admin.next_page_token
    # Admins see sessions (and may cancel them, refunding in full).
    got = (await stub.GetSession(S.GetSessionRequest(session_id=later.id), metadata=admin.metadata)).session
    assert got.meeting_url
    by_mod = await stub.CancelSession(
        S.CancelSessionRequest(session_id=later.id, reason=S.CANCELLATION_REASON_MODERATION), metadata=admin.metadata
    )
    assert by_mod.refund_percent == 100 and by_mod.session.status == S.SESSION_STATUS_CANCELLED

    from google.protobuf.field_mask_pb2 import FieldMask

    defaults = await stub.GetBookingSettings(S.GetBookingSettingsRequest(user_id=grace.id), metadata=ada.metadata)
    assert defaults.settings.minimum_notice_minutes == 0 and defaults.settings.daily_limit == 8
    assert list(defaults.custom_paths) == []
    changed = await stub.UpdateBookingSettings(
        S.UpdateBookingSettingsRequest(
            user_id=grace.id,
            settings=S.BookingSettings(buffer_after_minutes=15, daily_limit=2),
            update_mask=FieldMask(paths=["buffer_after_minutes", "daily_limit"]),
        ),
        metadata=grace.metadata,
    )
    assert (changed.settings.buffer_after_minutes, changed.settings.daily_limit) == (15, 2)
    assert sorted(changed.custom_paths) == ["buffer_after_minutes", "daily_limit"]
    reset = await stub.UpdateBookingSettings(
        S.UpdateBookingSettingsRequest(
            user_id=grace.id, settings=S.BookingSettings(), update_mask=FieldMask(paths=["daily_limit"])
        ),
        metadata=grace.metadata,
    )
    assert reset.settings.daily_limit == 8 and list(reset.custom_paths) == ["buffer_after_minutes"]
    await fails(
        stub.UpdateBookingSettings(
            S.UpdateBookingSettingsRequest(
                user_id=grace.id,
                settings=S.BookingSettings(daily_limit=3),
                update_mask=FieldMask(paths=["daily_limit"]),
            ),
            metadata=ada.metadata,
        ),
        OK.PERMISSION_DENIED,
        "NOT_SETTINGS_OWNER",
    )
    await fails(
        stub.UpdateBookingSettings(
            S.UpdateBookingSettingsRequest(
                user_id=grace.id,
                settings=S.BookingSettings(daily_limit=99),
                update_mask=FieldMask(paths=["daily_limit"]),
            ),
            metadata=grace.metadata,
        ),
        OK.INVALID_ARGUMENT,
    )


async def test_a_browser_confirms_a_session_over_grpc_web(
    channel: grpc.aio.Channel,
    stub: session_pb2_grpc.SessionServiceStub,
    token_for: Callable[..., str],
    http_base: str,
) -> None:
    import httpx

    from tests.e2e.test_grpcweb import frame, grpc_web_headers, unframe

    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    ada = await member(channel, token_for, "Ada")
    session = await propose(stub, skill, grace, ada, soon(700))
    body = frame(S.ConfirmSessionRequest(session_id=session.id).SerializeToString())
    async with httpx.AsyncClient(base_url=http_base) as client:
        response = await client.post(
            "/skillsphere.session.v1.SessionService/ConfirmSession",
            content=body,
            headers=grpc_web_headers(authorization=ada.metadata[0][1]),
        )
    messages, trailers = unframe(response.content)
    assert trailers["grpc-status"] == "0", trailers
    assert S.ConfirmSessionResponse.FromString(messages[0]).session.status == S.SESSION_STATUS_CONFIRMED


async def test_blocked_members_cannot_book_each_other_and_the_block_stays_hidden(
    channel: grpc.aio.Channel, stub: session_pb2_grpc.SessionServiceStub, token_for: Callable[..., str]
) -> None:
    from datetime import UTC, datetime

    from tests.e2e.session_helpers import ts

    skill = await catalog_skill(channel)
    grace = await teacher(channel, token_for, skill)
    ada = await member(channel, token_for, "Ada")
    await user_pb2_grpc.UserServiceStub(channel).BlockUser(
        user_pb2.BlockUserRequest(user_id=ada.id), metadata=grace.metadata
    )
    # Neither side can book the other, and the blocked member hears "not found", never "blocked".
    await fails(
        stub.CreateSession(create_request(skill, grace.id, ada.id, soon(300)), metadata=ada.metadata),
        OK.NOT_FOUND,
        "PARTICIPANT_NOT_FOUND",
    )
    await fails(
        stub.CreateSession(create_request(skill, grace.id, ada.id, soon(300)), metadata=grace.metadata),
        OK.NOT_FOUND,
        "PARTICIPANT_NOT_FOUND",
    )
    await fails(
        stub.ListAvailableSlots(
            S.ListAvailableSlotsRequest(
                teacher_user_id=grace.id,
                duration_minutes=60,
                window_start_time=ts(datetime.now(UTC)),
                window_end_time=ts(soon(60 * 24)),
            ),
            metadata=ada.metadata,
        ),
        OK.NOT_FOUND,
        "PARTICIPANT_NOT_FOUND",
    )
