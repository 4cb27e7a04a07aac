"""UserService.ListUsers end to end: visibility, every filter, orders and keyset pagination; the skill read
model written through UserDirectory.replace_skill_keys; the user embedding job.

Each test marks its users with a unique word in their display names and queries it, so tests sharing the
server do not see each other's users.
"""

from __future__ import annotations

import uuid
import zoneinfo
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from google.protobuf.field_mask_pb2 import FieldMask
from google.protobuf.timestamp_pb2 import Timestamp
from skillsphere.common.v1 import common_pb2
from skillsphere.skill.v1 import skill_pb2
from skillsphere.user.v1 import user_pb2, user_pb2_grpc
from sqlalchemy import text

from internal.app import Application
from tests.e2e.user_helpers import Caller, caller, create_profile, details, fails
from tests.support.waiting import eventually

INVALID = grpc.StatusCode.INVALID_ARGUMENT


@pytest.fixture(scope="module")
def stub(channel: grpc.aio.Channel) -> user_pb2_grpc.UserServiceStub:
    return user_pb2_grpc.UserServiceStub(channel)


@pytest.fixture
def new(token_for: Callable[..., str]) -> Callable[..., Caller]:
    return lambda *roles: caller(token_for, *roles)


@pytest.fixture
def mark() -> str:
    return "zq" + uuid.uuid4().hex[:10]


async def listed(
    stub: user_pb2_grpc.UserServiceStub,
    mark: str,
    who: Caller | None = None,
    *,
    order: int = user_pb2.USER_ORDER_BY_RECENCY,
    **filters: object,
) -> list[str]:
    """Display names (first word) of every user carrying `mark` that ListUsers returns with these filters."""
    request = user_pb2.ListUsersRequest(query=mark, filter=user_pb2.UserFilter(**filters), order_by=order)  # type: ignore[arg-type]
    response = await stub.ListUsers(request, metadata=who.metadata if who else None)
    assert not response.next_page_token
    return [u.display_name.split()[0] for u in response.users]


async def profiles(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], mark: str, names: Sequence[str], **fields: object
) -> dict[str, Caller]:
    made = {}
    for name in names:
        who = new()
        await create_profile(stub, who, display_name=f"{name} {mark}", **fields)
        made[name] = who
    return made


async def catalog_skills(server: Application, count: int) -> list[uuid.UUID]:
    async with server.database.engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT id FROM skills WHERE status = 'approved' AND deleted_at IS NULL ORDER BY name LIMIT :n"),
            {"n": count},
        )
        return [row[0] for row in rows]


async def give_skills(server: Application, who: Caller, skills: list[tuple[str, uuid.UUID, int]]) -> None:
    """What the skill domain does after a user-skill write: replace the keys in its own transaction."""
    assert server.users is not None
    async with server.uow() as uow:
        await server.users.directory.replace_skill_keys(uow.session, uuid.UUID(who.id), skills)
        await uow.commit()


# -------------------------------------------------------------------------------------------- pagination


async def test_pages_walk_every_match_newest_first_without_repeats(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], mark: str
) -> None:
    names = [f"P{i}" for i in range(7)]
    await profiles(stub, new, mark, names)
    seen: list[str] = []
    token = ""
    pages = 0
    while True:
        response = await stub.ListUsers(
            user_pb2.ListUsersRequest(
                query=mark, page_size=3, page_token=token, order_by=user_pb2.USER_ORDER_BY_RECENCY
            )
        )
        seen.extend(u.display_name.split()[0] for u in response.users)
        pages += 1
        token = response.next_page_token
        if not token:
            break
    assert pages == 3
    assert seen == list(reversed(names))


async def test_relevance_order_pages_too(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], mark: str
) -> None:
    await profiles(stub, new, mark, [f"R{i}" for i in range(5)])
    first = await stub.ListUsers(user_pb2.ListUsersRequest(query=mark, page_size=2))
    second = await stub.ListUsers(user_pb2.ListUsersRequest(query=mark, page_size=2, page_token=first.next_page_token))
    third = await stub.ListUsers(user_pb2.ListUsersRequest(query=mark, page_size=2, page_token=second.next_page_token))
    ids = [u.id for page in (first, second, third) for u in page.users]
    assert len(ids) == len(set(ids)) == 5 and not third.next_page_token


async def test_a_page_token_is_refused_with_other_filters_or_when_tampered(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], mark: str
) -> None:
    await profiles(stub, new, mark, ["A", "B"])
    first = await stub.ListUsers(user_pb2.ListUsersRequest(query=mark, page_size=1))
    other = user_pb2.ListUsersRequest(
        query=mark, page_size=1, page_token=first.next_page_token, filter=user_pb2.UserFilter(mentors_only=True)
    )
    await fails(stub.ListUsers(other), INVALID, "INVALID_PAGE_TOKEN")
    tampered = user_pb2.ListUsersRequest(query=mark, page_size=1, page_token=first.next_page_token[:-2] + "xx")
    await fails(stub.ListUsers(tampered), INVALID)
    await fails(stub.ListUsers(user_pb2.ListUsersRequest(page_size=-1)), INVALID)
    await fails(stub.ListUsers(user_pb2.ListUsersRequest(query="a\x00b")), INVALID)


# -------------------------------------------------------------------------------------------- visibility


async def test_listing_follows_visibility_and_never_shows_deleted_users(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], mark: str
) -> None:
    made = await profiles(stub, new, mark, ["Pub"])
    made.update(await profiles(stub, new, mark, ["Mem"], visibility=user_pb2.PROFILE_VISIBILITY_MEMBERS))
    made.update(await profiles(stub, new, mark, ["Priv"], visibility=user_pb2.PROFILE_VISIBILITY_PRIVATE))
    made.update(await profiles(stub, new, mark, ["Gone"]))
    await stub.DeleteUser(user_pb2.DeleteUserRequest(user_id=made["Gone"].id), metadata=made["Gone"].metadata)
    assert await listed(stub, mark) == ["Pub"]
    assert await listed(stub, mark, new()) == ["Mem", "Pub"]
    assert await listed(stub, mark, made["Priv"]) == ["Priv", "Mem", "Pub"]
    admin_view = await stub.ListUsers(
        user_pb2.ListUsersRequest(query=mark, order_by=user_pb2.USER_ORDER_BY_RECENCY), metadata=new("admin").metadata
    )
    assert [u.display_name.split()[0] for u in admin_view.users] == ["Priv", "Mem", "Pub"]
    assert all(u.email for u in admin_view.users)
    assert not any(u.email for u in (await stub.ListUsers(user_pb2.ListUsersRequest(query=mark))).users)


# ----------------------------------------------------------------------------------------------- filters


async def test_simple_filters_mentor_language_country_verified_rating_exclude(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], mark: str, server: Application
) -> None:
    made = await profiles(stub, new, mark, ["Mentor"], is_mentor=True, language_codes=["pt-BR"], country_code="BR")
    made.update(await profiles(stub, new, mark, ["Plain"], language_codes=["en"], country_code="DE"))
    made.update(await profiles(stub, new, mark, ["Rated"], language_codes=["pt"], country_code="PT"))
    admin = new("admin")
    await stub.VerifyUser(user_pb2.VerifyUserRequest(user_id=made["Plain"].id, verified=True), metadata=admin.metadata)
    async with server.database.engine.begin() as conn:
        # Ratings come from the review domain (not shipped yet); set the stored aggregate directly.
        await conn.execute(
            text("UPDATE user_profiles SET average_rating = 4.5, rating_count = 2 WHERE id = :id"),
            {"id": uuid.UUID(made["Rated"].id)},
        )
    assert await listed(stub, mark, mentors_only=True) == ["Mentor"]
    assert await listed(stub, mark, language_codes=["pt"]) == ["Rated", "Mentor"]
    assert await listed(stub, mark, language_codes=["pt-BR"]) == ["Mentor"]
    assert await listed(stub, mark, country_codes=["DE", "PT"]) == ["Rated", "Plain"]
    assert await listed(stub, mark, verified_only=True) == ["Plain"]
    assert await listed(stub, mark, min_rating=4.0) == ["Rated"]
    assert await listed(stub, mark, min_rating=4.8) == []
    assert await listed(stub, mark, exclude_user_ids=[made["Plain"].id, made["Rated"].id]) == ["Mentor"]
    rating_order = await listed(stub, mark, order=user_pb2.USER_ORDER_BY_RATING)
    assert rating_order[0] == "Rated"


async def test_utc_offset_filter_uses_each_time_zones_current_offset(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], mark: str
) -> None:
    await profiles(stub, new, mark, ["Tokyo"], time_zone="Asia/Tokyo")
    await profiles(stub, new, mark, ["York"], time_zone="America/New_York")
    await profiles(stub, new, mark, ["Utc"], time_zone="Etc/UTC")
    assert await listed(stub, mark, min_utc_offset_minutes=500) == ["Tokyo"]
    assert await listed(stub, mark, max_utc_offset_minutes=-120) == ["York"]
    assert await listed(stub, mark, min_utc_offset_minutes=-60, max_utc_offset_minutes=60) == ["Utc"]
    await fails(
        stub.ListUsers(
            user_pb2.ListUsersRequest(filter=user_pb2.UserFilter(min_utc_offset_minutes=120, max_utc_offset_minutes=60))
        ),
        INVALID,
    )


async def test_skill_filters_use_the_skill_read_model_with_minimum_proficiency(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], mark: str, server: Application
) -> None:
    python, sql = await catalog_skills(server, 2)
    made = await profiles(stub, new, mark, ["Expert", "Junior", "Learner", "Both"])
    await give_skills(server, made["Expert"], [("offered", python, 5)])
    await give_skills(server, made["Junior"], [("offered", python, 2)])
    await give_skills(server, made["Learner"], [("wanted", python, 4)])
    await give_skills(server, made["Both"], [("offered", python, 3), ("offered", sql, 1)])
    offered = skill_pb2.USER_SKILL_KIND_OFFERED

    def wants(skill: uuid.UUID, kind: int = 0, level: int = 0) -> user_pb2.UserSkillFilter:
        return user_pb2.UserSkillFilter(skill_id=str(skill), kind=kind, min_proficiency=level)  # type: ignore[arg-type]

    # Relevance (the default with a skill filter) puts the higher proficiency first.
    assert await listed(stub, mark, order=user_pb2.USER_ORDER_BY_UNSPECIFIED, skills=[wants(python, offered, 3)]) == [
        "Expert",
        "Both",
    ]
    assert sorted(await listed(stub, mark, skills=[wants(python)])) == ["Both", "Expert", "Junior", "Learner"]
    assert await listed(stub, mark, skills=[wants(python, skill_pb2.USER_SKILL_KIND_WANTED)]) == ["Learner"]
    assert await listed(stub, mark, skills=[wants(python, offered, 3), wants(sql)]) == ["Both"]
    # Replacing the keys replaces them (the skill domain sends the whole list each time).
    await give_skills(server, made["Expert"], [])
    assert await listed(stub, mark, skills=[wants(python, offered, 3)]) == ["Both"]
    error = await fails(
        stub.ListUsers(user_pb2.ListUsersRequest(filter=user_pb2.UserFilter(skills=[wants(uuid.uuid4())]))),
        grpc.StatusCode.NOT_FOUND,
    )
    assert details(error)["ErrorInfo"].reason == "SKILL_NOT_FOUND"


async def test_text_query_matches_headline_words_and_tolerates_typos_in_names(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], mark: str
) -> None:
    await profiles(stub, new, mark, ["Grace"], headline=f"Teaching compilers {mark}")
    unique = "Zanzibarova" + uuid.uuid4().hex[:4]
    other = new()
    await create_profile(stub, other, display_name=f"Olga {unique}")
    response = await stub.ListUsers(user_pb2.ListUsersRequest(query=f"compiler {mark}"))
    assert [u.display_name.split()[0] for u in response.users] == ["Grace"]
    typo = unique[:3] + unique[4:]  # one letter missing
    found = await stub.ListUsers(user_pb2.ListUsersRequest(query=typo))
    assert other.id in [u.id for u in found.users]


# ------------------------------------------------------------------------------------------ availability


def _timestamp(value: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp


async def test_availability_window_filter_honours_weekly_slots_exceptions_and_minimum_overlap(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], mark: str
) -> None:
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    today = datetime.now(berlin).date()
    monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    made = await profiles(stub, new, mark, ["Weekly", "Off", "Extra"])

    async def set_availability(who: Caller, weekly: list[user_pb2.WeeklySlot], exceptions: list[object]) -> None:
        await stub.UpdateAvailability(
            user_pb2.UpdateAvailabilityRequest(
                availability=user_pb2.Availability(user_id=who.id, weekly_slots=weekly, exceptions=exceptions),  # type: ignore[arg-type]
                update_mask=FieldMask(paths=["weekly_slots", "exceptions"]),
            ),
            metadata=who.metadata,
        )

    nine_to_noon = user_pb2.WeeklySlot(
        day_of_week=common_pb2.DAY_OF_WEEK_MONDAY,
        slot=user_pb2.TimeSlot(start=common_pb2.TimeOfDay(hours=9), end=common_pb2.TimeOfDay(hours=12)),
    )
    day_off = user_pb2.AvailabilityException(date=common_pb2.Date(year=monday.year, month=monday.month, day=monday.day))
    extra = user_pb2.AvailabilityException(
        date=common_pb2.Date(year=monday.year, month=monday.month, day=monday.day),
        slots=[user_pb2.TimeSlot(start=common_pb2.TimeOfDay(hours=9), end=common_pb2.TimeOfDay(hours=10))],
    )
    await set_availability(made["Weekly"], [nine_to_noon], [])
    await set_availability(made["Off"], [nine_to_noon], [day_off])
    await set_availability(made["Extra"], [], [extra])

    def window(start_hour: float, end_hour: float, minimum: int = 0) -> user_pb2.AvailabilityWindow:
        base = datetime(monday.year, monday.month, monday.day, tzinfo=berlin)
        return user_pb2.AvailabilityWindow(
            start_time=_timestamp((base + timedelta(hours=start_hour)).astimezone(UTC)),
            end_time=_timestamp((base + timedelta(hours=end_hour)).astimezone(UTC)),
            min_overlap_minutes=minimum,
        )

    assert sorted(await listed(stub, mark, available_during=window(9.5, 10.5))) == ["Extra", "Weekly"]
    assert await listed(stub, mark, available_during=window(10.5, 11.5)) == ["Weekly"]
    assert await listed(stub, mark, available_during=window(8, 13, minimum=150)) == ["Weekly"]
    assert await listed(stub, mark, available_during=window(8, 13, minimum=200)) == []
    assert await listed(stub, mark, available_during=window(13, 20)) == []
    # A window over more than a week also covers the Monday after the day off.
    assert sorted(await listed(stub, mark, available_during=window(-72, 24 * 10))) == ["Extra", "Off", "Weekly"]
    too_long = user_pb2.UserFilter(available_during=window(0, 24 * 32))
    await fails(stub.ListUsers(user_pb2.ListUsersRequest(filter=too_long)), INVALID)
    backwards = user_pb2.UserFilter(available_during=window(10, 9))
    await fails(stub.ListUsers(user_pb2.ListUsersRequest(filter=backwards)), INVALID)


# -------------------------------------------------------------------------------------------- embedding


async def test_a_profile_change_enqueues_user_embed_and_the_worker_stores_a_vector(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], server: Application
) -> None:
    me = new()
    await create_profile(stub, me, headline="Teaching Rust and distributed systems")

    async def embedded() -> tuple[str | None, bool]:
        async with server.database.engine.connect() as conn:
            row = (
                await conn.execute(
                    text("SELECT embedding_model, embedding IS NOT NULL FROM user_profiles WHERE id = :id"),
                    {"id": uuid.UUID(me.id)},
                )
            ).one()
            return row[0], bool(row[1])

    async def vector_stored() -> bool:
        return (await embedded())[1]

    await eventually(vector_stored, message="the user.embed job stored no vector")
    model, stored = await embedded()
    assert stored and model == server.embeddings.model

    async def source_hash() -> str:
        async with server.database.engine.connect() as conn:
            row = await conn.execute(
                text("SELECT embedding_source_hash FROM user_profiles WHERE id = :id"), {"id": uuid.UUID(me.id)}
            )
            return str(row.scalar_one())

    # A skill change (through replace_skill_keys) re-embeds the user with the skill in the text.
    before = await source_hash()
    (skill,) = await catalog_skills(server, 1)
    await give_skills(server, me, [("offered", skill, 4)])

    async def re_embedded() -> bool:
        return await source_hash() != before

    await eventually(re_embedded, message="the skill change did not re-embed the user")


async def test_the_daily_refresh_rewrites_the_weekly_utc_ranges(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], server: Application
) -> None:
    me = new()
    await create_profile(stub, me, time_zone="Asia/Tokyo")
    slot = user_pb2.WeeklySlot(
        day_of_week=common_pb2.DAY_OF_WEEK_TUESDAY,
        slot=user_pb2.TimeSlot(start=common_pb2.TimeOfDay(hours=10), end=common_pb2.TimeOfDay(hours=11)),
    )
    await stub.UpdateAvailability(
        user_pb2.UpdateAvailabilityRequest(
            availability=user_pb2.Availability(user_id=me.id, weekly_slots=[slot]),
            update_mask=FieldMask(paths=["weekly_slots"]),
        ),
        metadata=me.metadata,
    )

    async def weekly() -> str:
        async with server.database.engine.begin() as conn:
            row = await conn.execute(
                text("SELECT weekly_utc::text FROM user_profiles WHERE id = :id"), {"id": uuid.UUID(me.id)}
            )
            return str(row.scalar_one())

    # Tuesday 10:00 in Tokyo (UTC+9, no DST) is Tuesday 01:00 UTC: minute 1440 + 60.
    assert await weekly() == "{[1500,1560)}"
    async with server.database.engine.begin() as conn:
        await conn.execute(text("UPDATE user_profiles SET weekly_utc = '{}' WHERE id = :id"), {"id": uuid.UUID(me.id)})
    assert server.users is not None
    assert await server.users.availability.refresh_availability() >= 1
    assert await weekly() == "{[1500,1560)}"


async def test_skill_names_are_part_of_the_text_match(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller], mark: str, server: Application
) -> None:
    async with server.database.engine.connect() as conn:
        skill_id, name = (
            await conn.execute(
                text("SELECT id, name FROM skills WHERE status = 'approved' AND name ~ '^[A-Za-z]{5,}$' LIMIT 1")
            )
        ).one()
    made = await profiles(stub, new, mark, ["Holder", "Other"])
    await give_skills(server, made["Holder"], [("offered", skill_id, 2)])

    # The user.embed job (enqueued by replace_skill_keys) writes the names the text match uses.
    async def skill_text() -> str | None:
        async with server.database.engine.connect() as conn:
            return (
                await conn.execute(
                    text("SELECT skill_text FROM user_profiles WHERE id = :id"), {"id": uuid.UUID(made["Holder"].id)}
                )
            ).scalar_one()

    written = await eventually(skill_text, message="the user.embed job did not write the skill names")
    assert written == name
    assert await listed(stub, f"{name} {mark}", order=user_pb2.USER_ORDER_BY_RELEVANCE) == ["Holder"]
