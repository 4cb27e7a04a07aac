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
    calendar_of,
    catalog_skill,
    emails,
    member,
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
