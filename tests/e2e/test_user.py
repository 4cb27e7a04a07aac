"""UserService end to end: profiles, visibility, field masks, deletion, stats, verification, availability and
notification preferences, through the generated stubs over a real channel to the shared server."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import grpc
import pytest
from google.protobuf.field_mask_pb2 import FieldMask
from prometheus_client import CollectorRegistry
from skillsphere.auth.v1 import auth_pb2, auth_pb2_grpc
from skillsphere.common.v1 import common_pb2
from skillsphere.skill.v1 import skill_pb2, skill_pb2_grpc
from skillsphere.user.v1 import user_pb2, user_pb2_grpc
from sqlalchemy import text

from internal.app import Application
from tests.conftest import make_settings
from tests.e2e.user_helpers import Caller, caller, create_profile, details, fails
from tests.support.waiting import eventually

NOT_FOUND = grpc.StatusCode.NOT_FOUND
INVALID = grpc.StatusCode.INVALID_ARGUMENT
DENIED = grpc.StatusCode.PERMISSION_DENIED


@pytest.fixture(scope="module")
def stub(channel: grpc.aio.Channel) -> user_pb2_grpc.UserServiceStub:
    return user_pb2_grpc.UserServiceStub(channel)


@pytest.fixture
def new(token_for: Callable[..., str]) -> Callable[..., Caller]:
    return lambda *roles: caller(token_for, *roles)


# --------------------------------------------------------------------------------------------- create/get


async def test_create_user_makes_the_callers_profile_with_the_account_email(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    me = new()
    user = await create_profile(
        stub,
        me,
        headline="  Backend engineer  ",
        language_codes=["EN", "pt-br"],
        country_code="DE",
        city="Berlin",
        location=common_pb2.LatLng(latitude=52.52, longitude=13.4),
        links=[user_pb2.ProfileLink(type=user_pb2.PROFILE_LINK_TYPE_GITHUB, url="https://github.com/ada")],
        is_mentor=True,
        hourly_rate=common_pb2.Money(amount_minor=4500, currency_code="EUR"),
    )
    assert user.id == me.id
    assert user.email == f"{me.id}@test.example"
    assert user.headline == "Backend engineer"
    assert list(user.language_codes) == ["en", "pt-BR"]
    assert user.visibility == user_pb2.PROFILE_VISIBILITY_PUBLIC
    assert user.location.latitude == pytest.approx(52.52)
    assert user.hourly_rate.amount_minor == 4500
    assert user.create_time.seconds > 0 and not user.HasField("delete_time")
    fetched = (await stub.GetUser(user_pb2.GetUserRequest(user_id=me.id), metadata=me.metadata)).user
    assert fetched.email == user.email and fetched.display_name == "Ada Lovelace"


async def test_create_user_twice_is_already_exists(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    me = new()
    await create_profile(stub, me)
    await fails(create_profile(stub, me), grpc.StatusCode.ALREADY_EXISTS, "PROFILE_EXISTS")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"display_name": ""}, "user.display_name"),
        ({"time_zone": ""}, "user.time_zone"),
        ({"time_zone": "Mars/Olympus"}, "user.time_zone"),
        ({"language_codes": ["xx"]}, "user.language_codes[0]"),
        ({"country_code": "XX"}, "user.country_code"),
        ({"hourly_rate": common_pb2.Money(amount_minor=100, currency_code="EUR")}, "user.hourly_rate"),
        ({"bio": "nul \x00 byte"}, "user.bio"),
        ({"display_name": "bell \x07"}, "user.display_name"),
    ],
)
async def test_create_user_refuses_bad_values(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], fields: dict[str, object], field: str
) -> None:
    error = await fails(create_profile(stub, new(), **fields), INVALID)
    assert field in [v.field for v in details(error)["BadRequest"].field_violations], details(error)


async def test_create_user_needs_a_signed_in_caller(stub: user_pb2_grpc.UserServiceStub) -> None:
    request = user_pb2.CreateUserRequest(user=user_pb2.User(display_name="X", time_zone="UTC"))
    await fails(stub.CreateUser(request), grpc.StatusCode.UNAUTHENTICATED)


async def test_get_user_of_an_unknown_id_is_not_found(stub: user_pb2_grpc.UserServiceStub) -> None:
    await fails(stub.GetUser(user_pb2.GetUserRequest(user_id=str(uuid.uuid4()))), NOT_FOUND, "USER_NOT_FOUND")


async def test_private_fields_are_shown_only_to_the_owner_and_admins(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    owner, other, admin = new(), new(), new("admin")
    await create_profile(stub, owner, location=common_pb2.LatLng(latitude=1.5, longitude=2.5))
    request = user_pb2.GetUserRequest(user_id=owner.id)
    for who, private in ((owner, True), (admin, True), (other, False), (None, False)):
        user = (await stub.GetUser(request, metadata=who.metadata if who else None)).user
        assert user.display_name == "Ada Lovelace"
        assert bool(user.email) is private
        assert user.HasField("location") is private


async def test_visibility_levels_decide_who_sees_a_profile(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    members, private, other, admin = new(), new(), new(), new("admin")
    await create_profile(stub, members, visibility=user_pb2.PROFILE_VISIBILITY_MEMBERS)
    await create_profile(stub, private, visibility=user_pb2.PROFILE_VISIBILITY_PRIVATE)
    get = stub.GetUser
    await fails(get(user_pb2.GetUserRequest(user_id=members.id)), NOT_FOUND, "USER_NOT_FOUND")
    assert (await get(user_pb2.GetUserRequest(user_id=members.id), metadata=other.metadata)).user.id == members.id
    await fails(get(user_pb2.GetUserRequest(user_id=private.id), metadata=other.metadata), NOT_FOUND)
    await fails(get(user_pb2.GetUserRequest(user_id=private.id)), NOT_FOUND)
    assert (await get(user_pb2.GetUserRequest(user_id=private.id), metadata=private.metadata)).user.id == private.id
    assert (await get(user_pb2.GetUserRequest(user_id=private.id), metadata=admin.metadata)).user.id == private.id
    # The same rule guards the data attached to a profile.
    await fails(stub.GetUserStats(user_pb2.GetUserStatsRequest(user_id=private.id)), NOT_FOUND)
    await fails(stub.GetAvailability(user_pb2.GetAvailabilityRequest(user_id=members.id)), NOT_FOUND)


async def test_batch_get_keeps_the_order_and_reports_missing_ids(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    a, b, hidden = new(), new(), new()
    await create_profile(stub, a, display_name="A")
    await create_profile(stub, b, display_name="B")
    await create_profile(stub, hidden, visibility=user_pb2.PROFILE_VISIBILITY_PRIVATE)
    unknown = str(uuid.uuid4())
    response = await stub.BatchGetUsers(user_pb2.BatchGetUsersRequest(user_ids=[b.id, unknown, a.id, hidden.id, b.id]))
    assert [u.display_name for u in response.users] == ["B", "A", "B"]
    assert list(response.missing_user_ids) == [unknown, hidden.id]
    assert all(not u.email for u in response.users)


async def test_batch_get_refuses_more_than_100_ids(stub: user_pb2_grpc.UserServiceStub) -> None:
    ids = [str(uuid.uuid4()) for _ in range(101)]
    await fails(stub.BatchGetUsers(user_pb2.BatchGetUsersRequest(user_ids=ids)), INVALID)
    await fails(stub.BatchGetUsers(user_pb2.BatchGetUsersRequest(user_ids=["not-a-uuid"])), INVALID)


# ----------------------------------------------------------------------------------------------- update


async def test_update_changes_only_the_masked_fields(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    me = new()
    await create_profile(stub, me, headline="Old headline", bio="Old bio")
    change = user_pb2.User(id=me.id, headline="New headline", bio="ignored", city="Lisbon")
    updated = (
        await stub.UpdateUser(
            user_pb2.UpdateUserRequest(user=change, update_mask=FieldMask(paths=["headline", "city"])),
            metadata=me.metadata,
        )
    ).user
    assert (updated.headline, updated.bio, updated.city) == ("New headline", "Old bio", "Lisbon")
    # The next read (possibly from the cache) sees the write.
    again = (await stub.GetUser(user_pb2.GetUserRequest(user_id=me.id))).user
    assert (again.headline, again.city) == ("New headline", "Lisbon")


@pytest.mark.parametrize("path", ["email", "verified", "average_rating", "id", "create_time", "nonsense"])
async def test_update_with_a_read_only_or_unknown_path_is_update_mask_invalid(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], path: str
) -> None:
    me = new()
    await create_profile(stub, me)
    request = user_pb2.UpdateUserRequest(user=user_pb2.User(id=me.id), update_mask=FieldMask(paths=["bio", path]))
    error = await fails(stub.UpdateUser(request, metadata=me.metadata), INVALID, "UPDATE_MASK_INVALID")
    assert path in error.details()


async def test_update_with_an_empty_mask_is_update_mask_invalid(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    me = new()
    await create_profile(stub, me)
    request = user_pb2.UpdateUserRequest(user=user_pb2.User(id=me.id), update_mask=FieldMask())
    await fails(stub.UpdateUser(request, metadata=me.metadata), INVALID)


async def test_update_of_someone_elses_profile_is_denied_but_admins_may(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    owner, other, admin = new(), new(), new("admin")
    await create_profile(stub, owner)
    request = user_pb2.UpdateUserRequest(
        user=user_pb2.User(id=owner.id, bio="by someone"), update_mask=FieldMask(paths=["bio"])
    )
    await fails(stub.UpdateUser(request, metadata=other.metadata), DENIED, "NOT_PROFILE_OWNER")
    assert (await stub.UpdateUser(request, metadata=admin.metadata)).user.bio == "by someone"
    missing = user_pb2.UpdateUserRequest(user=user_pb2.User(id=str(uuid.uuid4())), update_mask=FieldMask(paths=["bio"]))
    await fails(stub.UpdateUser(missing, metadata=admin.metadata), NOT_FOUND, "USER_NOT_FOUND")


async def test_update_validates_values_and_the_mentor_rule(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    me = new()
    await create_profile(stub, me)

    def update(user: user_pb2.User, *paths: str) -> object:
        user.id = me.id
        return stub.UpdateUser(
            user_pb2.UpdateUserRequest(user=user, update_mask=FieldMask(paths=list(paths))), metadata=me.metadata
        )

    await fails(update(user_pb2.User(time_zone="Nowhere/City"), "time_zone"), INVALID)
    await fails(update(user_pb2.User(display_name=""), "display_name"), INVALID)
    rate = common_pb2.Money(amount_minor=2000, currency_code="USD")
    await fails(update(user_pb2.User(hourly_rate=rate), "hourly_rate"), INVALID)
    mentor = await update(user_pb2.User(is_mentor=True, hourly_rate=rate), "is_mentor", "hourly_rate")
    assert mentor.user.hourly_rate.amount_minor == 2000  # type: ignore[attr-defined]
    await fails(
        update(user_pb2.User(hourly_rate=common_pb2.Money(amount_minor=1, currency_code="ZZZ")), "hourly_rate"), INVALID
    )
    # Turning mentoring off drops the rate; "location" unset clears it.
    plain = await update(user_pb2.User(is_mentor=False), "is_mentor", "location")
    assert not plain.user.HasField("hourly_rate")  # type: ignore[attr-defined]
    avatar = user_pb2.User(avatar=user_pb2.Avatar(original_url="https://evil.example/a.png"))
    await fails(update(avatar, "avatar"), INVALID)


async def test_is_mentor_keeps_the_accounts_mentor_role_in_step(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], server: Application
) -> None:
    me = new()
    await create_profile(stub, me, is_mentor=True)

    async def roles() -> list[str]:
        async with server.database.engine.connect() as conn:
            row = await conn.execute(text("SELECT roles FROM accounts WHERE id = :id"), {"id": uuid.UUID(me.id)})
            return list(row.scalar_one())

    assert "mentor" in await roles()
    request = user_pb2.UpdateUserRequest(user=user_pb2.User(id=me.id), update_mask=FieldMask(paths=["is_mentor"]))
    await stub.UpdateUser(request, metadata=me.metadata)
    assert "mentor" not in await roles()


# ----------------------------------------------------------------------------------------------- delete


async def test_delete_anonymises_the_profile_and_revokes_every_session(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], server: Application, channel: grpc.aio.Channel
) -> None:
    skill_stub = skill_pb2_grpc.SkillServiceStub(channel)
    me, other = new(), new()
    await create_profile(stub, me, bio="secret bio", city="Porto", is_mentor=True)
    await stub.UpdateAvailability(
        user_pb2.UpdateAvailabilityRequest(
            availability=user_pb2.Availability(
                user_id=me.id,
                weekly_slots=[
                    user_pb2.WeeklySlot(
                        day_of_week=common_pb2.DAY_OF_WEEK_MONDAY,
                        slot=user_pb2.TimeSlot(start=common_pb2.TimeOfDay(hours=9), end=common_pb2.TimeOfDay(hours=10)),
                    )
                ],
            ),
            update_mask=FieldMask(paths=["weekly_slots"]),
        ),
        metadata=me.metadata,
    )
    python = (await skill_stub.SearchSkills(skill_pb2.SearchSkillsRequest(query="Python", page_size=1))).results[0]
    await skill_stub.AddUserSkill(
        skill_pb2.AddUserSkillRequest(
            user_id=me.id, skill_id=python.skill.id, kind=skill_pb2.USER_SKILL_KIND_OFFERED, proficiency=4
        ),
        metadata=me.metadata,
    )
    await fails(stub.DeleteUser(user_pb2.DeleteUserRequest(user_id=me.id), metadata=other.metadata), DENIED)
    await stub.DeleteUser(user_pb2.DeleteUserRequest(user_id=me.id, reason="leaving"), metadata=me.metadata)

    stub_view = (await stub.GetUser(user_pb2.GetUserRequest(user_id=me.id))).user
    assert stub_view.display_name == "Deleted user"
    assert stub_view.HasField("delete_time")
    assert (stub_view.bio, stub_view.city, stub_view.email, stub_view.is_mentor) == ("", "", "", False)
    async with server.database.engine.connect() as conn:
        account = (
            await conn.execute(text("SELECT email, disabled_at FROM accounts WHERE id = :id"), {"id": uuid.UUID(me.id)})
        ).one()
        live = (
            await conn.execute(
                text("SELECT count(*) FROM auth_sessions WHERE account_id = :id AND revoked_at IS NULL"),
                {"id": uuid.UUID(me.id)},
            )
        ).scalar_one()
        availability = (
            await conn.execute(
                text("SELECT count(*) FROM user_availability WHERE user_id = :id"), {"id": uuid.UUID(me.id)}
            )
        ).scalar_one()
        skills_held = (
            await conn.execute(text("SELECT count(*) FROM user_skills WHERE user_id = :id"), {"id": uuid.UUID(me.id)})
        ).scalar_one()
    assert account.email != f"{me.id}@test.example" and account.disabled_at is not None
    assert (live, availability, skills_held) == (0, 0, 0)
    # The old access token is refused once the session check's short cache has expired.
    auth = auth_pb2_grpc.AuthServiceStub(channel)

    async def refused() -> bool:
        try:
            await auth.ListSessions(auth_pb2.ListSessionsRequest(), metadata=me.metadata)
        except grpc.aio.AioRpcError as error:
            return error.code() == grpc.StatusCode.UNAUTHENTICATED
        return False

    await eventually(refused, message="the deleted user's access token is still accepted")
    # The email is free again: a new account can register with it.
    registered = await auth.Register(
        auth_pb2.RegisterRequest(email=f"{me.id}@test.example", password="Velvet-Harbor-Compass-42")
    )
    assert registered.tokens.user_id and registered.tokens.user_id != me.id
    # Deleting again, or anything else on the deleted profile, is NOT_FOUND.
    await fails(stub.DeleteUser(user_pb2.DeleteUserRequest(user_id=me.id), metadata=new("admin").metadata), NOT_FOUND)


async def test_delete_of_an_unknown_user_is_not_found(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    request = user_pb2.DeleteUserRequest(user_id=str(uuid.uuid4()))
    await fails(stub.DeleteUser(request, metadata=new("admin").metadata), NOT_FOUND, "USER_NOT_FOUND")


# ------------------------------------------------------------------------------------ stats and verification


async def test_stats_are_zeros_until_sessions_exist(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    me = new()
    await create_profile(stub, me)
    stats = (await stub.GetUserStats(user_pb2.GetUserStatsRequest(user_id=me.id))).stats
    assert stats.user_id == me.id
    assert (stats.sessions_taught_count, stats.teaching_minutes, stats.rating_count, stats.response_rate) == (
        0,
        0,
        0,
        0,
    )
    assert stats.compute_time.seconds > 0
    await fails(stub.GetUserStats(user_pb2.GetUserStatsRequest(user_id=str(uuid.uuid4()))), NOT_FOUND)


async def test_verify_user_is_admin_only_and_audited(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], server: Application
) -> None:
    me, admin = new(), new("admin")
    await create_profile(stub, me)
    request = user_pb2.VerifyUserRequest(user_id=me.id, verified=True, note="passport checked")
    await fails(stub.VerifyUser(request, metadata=me.metadata), DENIED)
    user = (await stub.VerifyUser(request, metadata=admin.metadata)).user
    assert user.verified and user.verify_time.seconds > 0
    assert (await stub.GetUser(user_pb2.GetUserRequest(user_id=me.id))).user.verified
    removed = await stub.VerifyUser(user_pb2.VerifyUserRequest(user_id=me.id, verified=False), metadata=admin.metadata)
    assert not removed.user.verified and not removed.user.HasField("verify_time")
    async with server.database.engine.connect() as conn:
        rows = (
            await conn.execute(
                text("SELECT action, note, actor_id FROM user_audit_log WHERE user_id = :id ORDER BY id"),
                {"id": uuid.UUID(me.id)},
            )
        ).all()
    assert [(r.action, r.note, str(r.actor_id)) for r in rows] == [
        ("verified", "passport checked", admin.id),
        ("unverified", "", admin.id),
    ]
    missing = user_pb2.VerifyUserRequest(user_id=str(uuid.uuid4()), verified=True)
    await fails(stub.VerifyUser(missing, metadata=admin.metadata), NOT_FOUND)


async def test_sessions_and_ratings_check_the_profile_then_answer_from_the_session_domain(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    me, other = new(), new()
    await create_profile(stub, me)
    unknown = str(uuid.uuid4())
    await fails(
        stub.ListUserSessions(user_pb2.ListUserSessionsRequest(user_id=unknown), metadata=me.metadata), NOT_FOUND
    )
    await fails(stub.ListUserSessions(user_pb2.ListUserSessionsRequest(user_id=me.id), metadata=other.metadata), DENIED)
    # No sessions yet (tests/e2e/test_session.py covers the lists with sessions in them).
    listed = await stub.ListUserSessions(user_pb2.ListUserSessionsRequest(user_id=me.id), metadata=me.metadata)
    assert list(listed.sessions) == [] and listed.next_page_token == ""
    await fails(stub.ListUserRatings(user_pb2.ListUserRatingsRequest(user_id=unknown)), NOT_FOUND)
    assert list((await stub.ListUserRatings(user_pb2.ListUserRatingsRequest(user_id=me.id))).ratings) == []
    await fails(
        stub.ListUserRatings(user_pb2.ListUserRatingsRequest(user_id=me.id, page_token="forged")),
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_PAGE_TOKEN",
    )


# ----------------------------------------------------------------------------------------- availability


def _slot(day: int, start: tuple[int, int], end: tuple[int, int]) -> user_pb2.WeeklySlot:
    return user_pb2.WeeklySlot(
        day_of_week=day,  # type: ignore[arg-type]
        slot=user_pb2.TimeSlot(
            start=common_pb2.TimeOfDay(hours=start[0], minutes=start[1]),
            end=common_pb2.TimeOfDay(hours=end[0], minutes=end[1]),
        ),
    )


def _exception(day: date, *spans: tuple[int, int]) -> user_pb2.AvailabilityException:
    return user_pb2.AvailabilityException(
        date=common_pb2.Date(year=day.year, month=day.month, day=day.day),
        slots=[
            user_pb2.TimeSlot(start=common_pb2.TimeOfDay(hours=a), end=common_pb2.TimeOfDay(hours=b)) for a, b in spans
        ],
    )


async def test_availability_round_trips_in_the_users_time_zone(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    me = new()
    await create_profile(stub, me, time_zone="America/Sao_Paulo")
    empty = (await stub.GetAvailability(user_pb2.GetAvailabilityRequest(user_id=me.id))).availability
    assert (list(empty.weekly_slots), list(empty.exceptions), empty.time_zone) == ([], [], "America/Sao_Paulo")
    soon = datetime.now(UTC).date() + timedelta(days=10)
    later = soon + timedelta(days=5)
    availability = user_pb2.Availability(
        user_id=me.id,
        weekly_slots=[_slot(3, (14, 0), (16, 0)), _slot(1, (22, 0), (0, 0)), _slot(1, (9, 0), (12, 30))],
        exceptions=[_exception(later, (10, 12)), _exception(soon)],
    )
    updated = (
        await stub.UpdateAvailability(
            user_pb2.UpdateAvailabilityRequest(
                availability=availability, update_mask=FieldMask(paths=["weekly_slots", "exceptions"])
            ),
            metadata=me.metadata,
        )
    ).availability
    got = (await stub.GetAvailability(user_pb2.GetAvailabilityRequest(user_id=me.id))).availability
    for view in (updated, got):
        assert [(s.day_of_week, s.slot.start.hours, s.slot.end.hours) for s in view.weekly_slots] == [
            (1, 9, 12),
            (1, 22, 0),
            (3, 14, 16),
        ]
        assert [(e.date.day, len(e.slots)) for e in view.exceptions] == [(soon.day, 0), (later.day, 1)]
        assert view.update_time.seconds > 0
    # Replacing only the exceptions keeps the weekly slots.
    only = await stub.UpdateAvailability(
        user_pb2.UpdateAvailabilityRequest(
            availability=user_pb2.Availability(user_id=me.id), update_mask=FieldMask(paths=["exceptions"])
        ),
        metadata=me.metadata,
    )
    assert len(only.availability.weekly_slots) == 3 and not only.availability.exceptions


@pytest.mark.parametrize(
    ("weekly", "exceptions", "paths"),
    [
        ([_slot(1, (10, 0), (9, 0))], [], ["weekly_slots"]),
        ([_slot(2, (9, 0), (11, 0)), _slot(2, (10, 30), (12, 0))], [], ["weekly_slots"]),
        (
            [],
            [_exception(date.today() + timedelta(days=3)), _exception(date.today() + timedelta(days=3))],
            ["exceptions"],
        ),
        ([], [_exception(date.today() + timedelta(days=400))], ["exceptions"]),
        ([], [_exception(date.today() + timedelta(days=3), (9, 11), (10, 12))], ["exceptions"]),
    ],
    ids=["ends-before-start", "overlap", "repeated-date", "too-far-ahead", "overlap-in-exception"],
)
async def test_update_availability_refuses_invalid_slots(
    stub: user_pb2_grpc.UserServiceStub,
    new: Callable[..., Caller],
    weekly: list[user_pb2.WeeklySlot],
    exceptions: list[user_pb2.AvailabilityException],
    paths: list[str],
) -> None:
    me = new()
    await create_profile(stub, me)
    request = user_pb2.UpdateAvailabilityRequest(
        availability=user_pb2.Availability(user_id=me.id, weekly_slots=weekly, exceptions=exceptions),
        update_mask=FieldMask(paths=paths),
    )
    await fails(stub.UpdateAvailability(request, metadata=me.metadata), INVALID, "AVAILABILITY_INVALID")


async def test_update_availability_checks_mask_and_owner(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    me, other = new(), new()
    await create_profile(stub, me)
    availability = user_pb2.Availability(user_id=me.id)
    bad = user_pb2.UpdateAvailabilityRequest(availability=availability, update_mask=FieldMask(paths=["time_zone"]))
    await fails(stub.UpdateAvailability(bad, metadata=me.metadata), INVALID, "UPDATE_MASK_INVALID")
    good = user_pb2.UpdateAvailabilityRequest(availability=availability, update_mask=FieldMask(paths=["weekly_slots"]))
    await fails(stub.UpdateAvailability(good, metadata=other.metadata), DENIED, "NOT_PROFILE_OWNER")
    gone = user_pb2.UpdateAvailabilityRequest(
        availability=user_pb2.Availability(user_id=str(uuid.uuid4())), update_mask=FieldMask(paths=["weekly_slots"])
    )
    await fails(stub.UpdateAvailability(gone, metadata=me.metadata), NOT_FOUND)


# ----------------------------------------------------------------------------------- notification prefs


async def test_notification_preferences_have_defaults_and_merge_pair_by_pair(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    me, other = new(), new()
    await create_profile(stub, me)
    get = user_pb2.GetNotificationPreferencesRequest(user_id=me.id)
    prefs = (await stub.GetNotificationPreferences(get, metadata=me.metadata)).notification_preferences
    values = {(p.event_type, p.channel): p.enabled for p in prefs.preferences}
    assert len(values) == 27
    news = user_pb2.NOTIFICATION_EVENT_TYPE_PRODUCT_NEWS
    assert values[(news, user_pb2.NOTIFICATION_CHANNEL_EMAIL)] is False
    assert values[(news, user_pb2.NOTIFICATION_CHANNEL_IN_APP)] is True
    assert sum(values.values()) == 25 and not prefs.HasField("quiet_hours") and not prefs.HasField("update_time")

    flip = user_pb2.NotificationPreferences(
        user_id=me.id,
        preferences=[
            user_pb2.NotificationPreference(
                event_type=user_pb2.NOTIFICATION_EVENT_TYPE_NEW_MESSAGE,
                channel=user_pb2.NOTIFICATION_CHANNEL_EMAIL,
                enabled=False,
            )
        ],
        quiet_hours=user_pb2.QuietHours(start=common_pb2.TimeOfDay(hours=22), end=common_pb2.TimeOfDay(hours=7)),
    )
    request = user_pb2.UpdateNotificationPreferencesRequest(
        notification_preferences=flip, update_mask=FieldMask(paths=["preferences", "quiet_hours"])
    )
    await fails(stub.UpdateNotificationPreferences(request, metadata=other.metadata), DENIED)
    await stub.UpdateNotificationPreferences(request, metadata=me.metadata)
    after = (await stub.GetNotificationPreferences(get, metadata=me.metadata)).notification_preferences
    changed = {(p.event_type, p.channel): p.enabled for p in after.preferences}
    assert changed[(user_pb2.NOTIFICATION_EVENT_TYPE_NEW_MESSAGE, user_pb2.NOTIFICATION_CHANNEL_EMAIL)] is False
    assert sum(changed.values()) == 24
    assert (after.quiet_hours.start.hours, after.quiet_hours.end.hours) == (22, 7)
    # Path quiet_hours with quiet_hours unset removes them; the pairs stay.
    clear = user_pb2.UpdateNotificationPreferencesRequest(
        notification_preferences=user_pb2.NotificationPreferences(user_id=me.id),
        update_mask=FieldMask(paths=["quiet_hours"]),
    )
    cleared = (await stub.UpdateNotificationPreferences(clear, metadata=me.metadata)).notification_preferences
    assert not cleared.HasField("quiet_hours")
    assert sum(p.enabled for p in cleared.preferences) == 24
    await fails(stub.GetNotificationPreferences(get, metadata=other.metadata), DENIED, "NOT_PROFILE_OWNER")
    unknown = user_pb2.GetNotificationPreferencesRequest(user_id=str(uuid.uuid4()))
    await fails(stub.GetNotificationPreferences(unknown, metadata=me.metadata), NOT_FOUND, "USER_NOT_FOUND")


async def test_notification_preferences_refuse_unspecified_and_repeated_pairs(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    me = new()
    await create_profile(stub, me)
    pair = user_pb2.NotificationPreference(
        event_type=user_pb2.NOTIFICATION_EVENT_TYPE_PAYMENT, channel=user_pb2.NOTIFICATION_CHANNEL_PUSH
    )
    for preferences in ([pair, pair], [user_pb2.NotificationPreference(channel=user_pb2.NOTIFICATION_CHANNEL_PUSH)]):
        request = user_pb2.UpdateNotificationPreferencesRequest(
            notification_preferences=user_pb2.NotificationPreferences(user_id=me.id, preferences=preferences),
            update_mask=FieldMask(paths=["preferences"]),
        )
        await fails(stub.UpdateNotificationPreferences(request, metadata=me.metadata), INVALID)
    bad_mask = user_pb2.UpdateNotificationPreferencesRequest(
        notification_preferences=user_pb2.NotificationPreferences(user_id=me.id), update_mask=FieldMask(paths=["x"])
    )
    await fails(stub.UpdateNotificationPreferences(bad_mask, metadata=me.metadata), INVALID, "UPDATE_MASK_INVALID")


# ---------------------------------------------------------------------------------------------- replicas


async def test_a_write_on_one_replica_evicts_the_cached_profile_on_another(
    stub: user_pb2_grpc.UserServiceStub,
    new: Callable[..., Caller],
    server: Application,
    database_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # A second replica on the same database (same data dir, so it verifies the same tokens).
    other = await Application.create(
        make_settings(database_url, server.settings.data_dir, worker_enabled=False), registry=CollectorRegistry()
    )
    await other.start()
    try:
        me = new()
        await create_profile(stub, me, headline="first")
        async with grpc.aio.insecure_channel(f"127.0.0.1:{other.grpc.port}") as channel:
            replica = user_pb2_grpc.UserServiceStub(channel)
            request = user_pb2.GetUserRequest(user_id=me.id)
            assert (await replica.GetUser(request)).user.headline == "first"
            assert (await replica.GetUser(request)).user.headline == "first"  # now cached on the replica
            await stub.UpdateUser(
                user_pb2.UpdateUserRequest(
                    user=user_pb2.User(id=me.id, headline="second"), update_mask=FieldMask(paths=["headline"])
                ),
                metadata=me.metadata,
            )

            async def replica_sees_second() -> bool:
                return (await replica.GetUser(request)).user.headline == "second"

            await eventually(replica_sees_second, message="the replica still serves the cached headline")
    finally:
        await other.stop()
