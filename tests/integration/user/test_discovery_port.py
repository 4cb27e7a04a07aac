"""The user domain's port for discovery: MemberListener calls on every discoverable change (in the writer's
transaction) and member_snapshots, on the real database with the real services of the application.

The services are composed here as internal/app.py composes them, with one more piece: a listener that
writes each call into a table through the writer's session, so a row exists only if the call happened
inside a transaction that committed.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from internal.app import Application
from internal.skill.models import SkillFields
from internal.skill.service import SkillService, UserSkillKind
from internal.user.directory import MemberSnapshot, UserDirectory
from internal.user.models import Location, Money, ProfileFields, TimeSpan, Visibility, WeeklySlot
from internal.user.service import UserService
from pkg.authz import Caller
from pkg.cache import CacheHub
from pkg.db.engine import asyncpg_url
from pkg.errors import DomainError
from pkg.llm import vector_columns
from tests.conftest import make_settings

ADMIN_ID = uuid.uuid4()


class TableListener:
    """A MemberListener that records each call in `test_member_changes` through the caller's session."""

    async def member_changed(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        await session.execute(text("INSERT INTO test_member_changes (user_id) VALUES (:id)"), {"id": user_id})


@dataclass
class Stack:
    app: Application
    directory: UserDirectory
    users: UserService
    skills: SkillService

    async def changes(self, user_id: uuid.UUID) -> int:
        async with self.app.database.engine.connect() as conn:
            found = await conn.execute(
                text("SELECT count(*) FROM test_member_changes WHERE user_id = :id"), {"id": user_id}
            )
            return int(found.scalar_one())

    async def account(self, *roles: str) -> Caller:
        account_id = uuid.uuid4()
        async with self.app.database.engine.begin() as conn:
            await conn.execute(
                text("INSERT INTO accounts (id, email, roles, email_verified) VALUES (:id, :e, :r, true)"),
                {"id": account_id, "e": f"{account_id}@test.example", "r": list(roles or ("learner",))},
            )
        return Caller.account(account_id, *roles)


@pytest.fixture(scope="module")
async def stack(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:
    data_dir: Path = tmp_path_factory.mktemp("discovery-data")
    app = await Application.create(
        make_settings(database_url, data_dir, worker_enabled=False), registry=CollectorRegistry()
    )
    async with app.database.engine.begin() as conn:
        await conn.execute(
            text("CREATE TABLE IF NOT EXISTS test_member_changes (n bigserial PRIMARY KEY, user_id uuid NOT NULL)")
        )
    # Its own cache hub (names are per hub); not started, so its caches load every time (bypass).
    cache = CacheHub(asyncpg_url(app.database.url), registry=CollectorRegistry())
    directory = UserDirectory(
        uow=app.uow, cache=cache, accounts=app.auth, storage=app.storage, listeners=[TableListener()]
    )
    skills = SkillService(uow=app.uow, pages=app.paginator, embeddings=app.embeddings, profiles=directory)
    assert app.auth is not None
    users = UserService(
        uow=app.uow,
        pages=app.paginator,
        directory=directory,
        accounts=app.auth,
        skills=skills,
        storage=app.storage,
        embeddings=app.embeddings,
    )
    yield Stack(app, directory, users, skills)
    await app.stop()


async def _skill(stack: Stack, name: str) -> uuid.UUID:
    async with stack.app.database.engine.connect() as conn:
        category_id = (await conn.execute(text("SELECT id FROM skill_categories LIMIT 1"))).scalar_one()
    admin = Caller.account(ADMIN_ID, "admin")
    skill = await stack.skills.create_skill(caller=admin, fields=SkillFields(name=name, category_id=category_id))
    return skill.id


async def _hold(stack: Stack, who: Caller, skill_id: uuid.UUID, kind: UserSkillKind, level: int) -> None:
    assert who.account_id is not None
    await stack.skills.add_user_skill(
        caller=who,
        user_id=who.account_id,
        skill_id=skill_id,
        kind=kind,
        proficiency=level,
        years_of_experience=0,
        description="",
    )


async def test_every_discoverable_change_tells_the_listeners_in_the_writers_transaction(stack: Stack) -> None:
    me = await stack.account()
    admin = await stack.account("admin")
    user_id = me.account_id
    assert user_id is not None
    calls = 0

    async def told() -> bool:
        nonlocal calls
        now = await stack.changes(user_id)
        grew = now > calls
        calls = now
        return grew

    await stack.users.profiles.create_user(
        caller=me, fields=ProfileFields(display_name="Listener Test", time_zone="Europe/Berlin")
    )
    assert await told(), "CreateUser"
    await stack.users.profiles.update_user(
        caller=me, user_id=user_id, paths=["headline"], fields=ProfileFields(headline="Teaches Python")
    )
    assert await told(), "UpdateUser headline"
    await stack.users.profiles.update_user(
        caller=me, user_id=user_id, paths=["visibility"], fields=ProfileFields(visibility=Visibility.MEMBERS)
    )
    assert await told(), "UpdateUser visibility"
    skill_id = await _skill(stack, f"Listener skill {uuid.uuid4().hex[:6]}")
    await _hold(stack, me, skill_id, UserSkillKind.OFFERED, 4)
    assert await told(), "AddUserSkill (skill keys)"
    await stack.users.availability.update_availability(
        caller=me,
        user_id=user_id,
        paths=["weekly_slots"],
        weekly=[WeeklySlot(1, TimeSpan(9 * 60, 12 * 60))],
        exceptions=[],
    )
    assert await told(), "UpdateAvailability"
    await stack.users.profiles.verify_user(caller=admin, user_id=user_id, verified=True, note="checked")
    assert await told(), "VerifyUser"
    # A server of the e2e tests may share this database and run the enqueued user.embed job itself (through
    # its own directory): mark the stored vector stale without enqueuing anything, then embed here.
    async with stack.app.database.engine.begin() as conn:
        await conn.execute(
            text("UPDATE user_profiles SET embedding_source_hash = 'stale' WHERE id = :id"), {"id": user_id}
        )
    await told()
    assert await stack.users.embeddings.embed_users([user_id]) == 1
    assert await told(), "user.embed stored a new embedding"
    assert await stack.users.embeddings.embed_users([user_id]) == 0
    assert not await told(), "an unchanged embedding is not a change"
    await stack.users.profiles.delete_user(caller=me, user_id=user_id, reason="")
    assert await told(), "DeleteUser"


async def test_a_failed_write_leaves_no_listener_call(stack: Stack) -> None:
    me = await stack.account()
    assert me.account_id is not None
    await stack.users.profiles.create_user(caller=me, fields=ProfileFields(display_name="Rolls Back", time_zone="UTC"))
    before = await stack.changes(me.account_id)
    with pytest.raises(DomainError):
        # hourly_rate without is_mentor fails validation after the profile row is locked: nothing commits.
        await stack.users.profiles.update_user(
            caller=me,
            user_id=me.account_id,
            paths=["hourly_rate"],
            fields=ProfileFields(hourly_rate=Money(1000, "EUR")),
        )
    assert await stack.changes(me.account_id) == before


async def test_member_snapshots_carry_what_discovery_needs(stack: Stack) -> None:
    me, other, suspended, gone = [await stack.account() for _ in range(4)]
    ids = [c.account_id for c in (me, other, suspended, gone)]
    assert all(ids)
    python = await _skill(stack, f"Snapshot Python {uuid.uuid4().hex[:6]}")
    spanish = await _skill(stack, f"Snapshot Spanish {uuid.uuid4().hex[:6]}")
    await stack.users.profiles.create_user(
        caller=me,
        fields=ProfileFields(
            display_name="Snap Shot",
            headline="Python mentor",
            bio="Teaching since 2010",
            language_codes=("en", "es"),
            time_zone="America/New_York",
            country_code="US",
            city="Boston",
            location=Location(42.36, -71.06),
            is_mentor=True,
            hourly_rate=Money(4500, "USD"),
            accepts_skill_swap=True,
        ),
    )
    await _hold(stack, me, python, UserSkillKind.OFFERED, 5)
    await _hold(stack, me, spanish, UserSkillKind.WANTED, 2)
    await stack.users.availability.update_availability(
        caller=me,
        user_id=me.account_id,
        paths=["weekly_slots"],
        weekly=[WeeklySlot(1, TimeSpan(9 * 60, 10 * 60)), WeeklySlot(7, TimeSpan(22 * 60, 1440))],
        exceptions=[],
    )
    await stack.users.embeddings.embed_users([me.account_id])
    for who in (other, suspended, gone):
        await stack.users.profiles.create_user(caller=who, fields=ProfileFields(display_name="Other", time_zone="UTC"))
    async with stack.app.database.engine.begin() as conn:
        await conn.execute(text("UPDATE accounts SET disabled_at = now() WHERE id = :id"), {"id": suspended.account_id})
    await stack.users.profiles.delete_user(caller=gone, user_id=gone.account_id, reason="")

    unknown = uuid.uuid4()
    found = await stack.directory.member_snapshots([*ids, unknown, ids[0]])
    assert set(found) == set(ids)
    snap: MemberSnapshot = found[me.account_id]
    assert (snap.display_name, snap.headline, snap.bio) == ("Snap Shot", "Python mentor", "Teaching since 2010")
    assert snap.language_codes == ("en", "es")
    assert (snap.time_zone, snap.country_code, snap.city) == ("America/New_York", "US", "Boston")
    assert (snap.latitude, snap.longitude) == (42.36, -71.06)
    assert snap.is_mentor and snap.accepts_skill_swap and snap.live
    assert (snap.hourly_rate_minor, snap.hourly_rate_currency) == (4500, "USD")
    assert snap.visibility is Visibility.PUBLIC and not snap.verified
    assert (snap.average_rating, snap.rating_count) == (0.0, 0)
    assert snap.avatar_uri == ""
    assert [(s.kind, s.skill_id, s.proficiency) for s in snap.skills] == [
        ("offered", python, 5),
        ("wanted", spanish, 2),
    ]
    assert snap.skills[0].name.startswith("Snapshot Python")
    assert snap.embedding is not None and len(snap.embedding) == stack.app.settings.embedding_dimension
    assert snap.embedding_model == stack.app.embeddings.model
    # New York: Monday 09:00-10:00 local is Monday 14:00-15:00 UTC (EST, December) or 13:00-14:00 (EDT);
    # Sunday 22:00-24:00 local is Monday 03:00-05:00 UTC (EST) or 02:00-04:00 (EDT).
    assert snap.weekly_availability in (((180, 300), (840, 900)), ((120, 240), (780, 840)))
    assert snap.create_time <= snap.update_time
    assert found[other.account_id].live and found[other.account_id].skills == ()
    assert found[other.account_id].embedding_model in (None, stack.app.embeddings.model)  # embedded or not yet
    assert not found[suspended.account_id].live  # account disabled (suspended)
    assert not found[gone.account_id].live
    assert found[gone.account_id].display_name == "Deleted user"
    assert await stack.directory.member_snapshots([]) == {}


async def test_member_snapshots_handle_a_batch_of_500(stack: Stack) -> None:
    callers = [await stack.account() for _ in range(500)]
    for who in callers[:20]:
        await stack.users.profiles.create_user(caller=who, fields=ProfileFields(display_name="Bulk", time_zone="UTC"))
    found = await stack.directory.member_snapshots([c.account_id for c in callers if c.account_id])
    assert len(found) == 20  # accounts without a profile are not members


async def test_vectors_of_another_model_are_re_embedded_by_the_backfill(stack: Stack) -> None:
    me = await stack.account()
    assert me.account_id is not None
    await stack.users.profiles.create_user(
        caller=me, fields=ProfileFields(display_name="Backfilled", headline="Spanish teacher", time_zone="UTC")
    )
    await stack.users.embeddings.embed_users([me.account_id])
    async with stack.app.database.engine.begin() as conn:
        # As migration 0008 left rows made by the old provider: no vector, no model, no time.
        await conn.execute(
            text(
                "UPDATE user_profiles SET embedding = NULL, embedding_model = NULL, embedding_source_hash = NULL, "
                "embedded_at = NULL WHERE id = :id"
            ),
            {"id": me.account_id},
        )
    await stack.users.embeddings.embed_stale_users()
    (snap,) = (await stack.directory.member_snapshots([me.account_id])).values()
    assert snap.embedding_model == "wordllama-l2_supercat-256"
    assert snap.embedding is not None and len(snap.embedding) == 256
    async with stack.app.database.engine.begin() as conn:
        await conn.execute(
            text("UPDATE user_profiles SET embedding_model = 'offline-hashing-v1' WHERE id = :id"),
            {"id": me.account_id},
        )
    await stack.users.embeddings.embed_stale_users()
    (snap,) = (await stack.directory.member_snapshots([me.account_id])).values()
    assert snap.embedding_model == "wordllama-l2_supercat-256"


async def test_every_vector_column_is_256_wide_with_its_hnsw_index(stack: Stack) -> None:
    assert await vector_columns(stack.app.database.engine) == {
        "skills.embedding": 256,
        "user_profiles.embedding": 256,
        "match_members.embedding": 256,  # matching's read model copies the profile embedding (migration 0009)
        "search_members.embedding": 256,  # and so does search's (migration 0010)
    }
    async with stack.app.database.engine.connect() as conn:
        indexes = (
            await conn.execute(
                text(
                    "SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING hnsw (embedding vector_cosine_ops)%'"
                )
            )
        ).scalars()
        assert set(indexes) == {
            "ix_skills_embedding",
            "ix_user_profiles_embedding",
            "ix_match_members_embedding",
            "ix_search_members_embedding",
        }
