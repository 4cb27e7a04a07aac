"""`skillsphere seed --demo N` as a newcomer runs it: the real command on its own database, then the real
server shows the demo users, their skills and availability, and they can sign in."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest
from skillsphere.auth.v1 import auth_pb2, auth_pb2_grpc
from skillsphere.skill.v1 import skill_pb2, skill_pb2_grpc
from skillsphere.user.v1 import user_pb2, user_pb2_grpc

from internal.seed import DEMO_PASSWORD, demo_email
from tests.conftest import ROOT, scratch_database
from tests.e2e.conftest import start_app
from tests.support.rpc import bearer


@pytest.fixture
async def seed_database(postgres_admin_url: str) -> AsyncIterator[str]:
    """A database of its own, so the demo users meet no other test's data."""
    async with scratch_database(postgres_admin_url, "skillsphere_seed") as url:
        yield url


async def run_seed(
    database_url: str, data_dir: Path, count: int, extra_env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """Run `skillsphere seed --demo count` as a separate process (without blocking the shared event loop,
    which also runs the session's server); (exit code, stdout, stderr)."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SKILLSPHERE_DATA_DIR": str(data_dir),
        "SKILLSPHERE_LOG_LEVEL": "warning",
        **(extra_env or {}),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "cmd" / "skillsphere" / "main.py"),
        "seed",
        "--demo",
        str(count),
        env=environment,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=240)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    assert process.returncode is not None
    return process.returncode, stdout.decode(), stderr.decode()


async def test_seed_creates_demo_users_with_skills_and_availability_once(seed_database: str, tmp_path: Path) -> None:
    code, out, err = await run_seed(seed_database, tmp_path, 6)
    assert code == 0, err
    assert "6 created, 0 already there" in out
    code, out, err = await run_seed(seed_database, tmp_path, 8)
    assert code == 0, err
    assert "2 created, 6 already there" in out

    app, _ = await start_app(seed_database, tmp_path)
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{app.grpc.port}") as channel:
            auth = auth_pb2_grpc.AuthServiceStub(channel)
            users = user_pb2_grpc.UserServiceStub(channel)
            skills = skill_pb2_grpc.SkillServiceStub(channel)
            tokens = (await auth.Login(auth_pb2.LoginRequest(email=demo_email(1), password=DEMO_PASSWORD))).tokens
            me = bearer(tokens.access_token)

            listed = await users.ListUsers(user_pb2.ListUsersRequest(page_size=50), metadata=me)
            assert len(listed.users) == 8
            for user in listed.users:
                assert user.display_name and user.headline and user.time_zone and user.country_code
            first_user = next(u for u in listed.users if u.email == demo_email(1))

            held = (
                await skills.ListUserSkills(skill_pb2.ListUserSkillsRequest(user_id=first_user.id), metadata=me)
            ).user_skills
            kinds = {s.kind for s in held}
            assert kinds == {skill_pb2.USER_SKILL_KIND_OFFERED, skill_pb2.USER_SKILL_KIND_WANTED}
            offered = next(s for s in held if s.kind == skill_pb2.USER_SKILL_KIND_OFFERED)
            # The profile's skill filter sees the seeded skills (the same path as AddUserSkill).
            holders = await users.ListUsers(
                user_pb2.ListUsersRequest(
                    filter=user_pb2.UserFilter(
                        skills=[
                            user_pb2.UserSkillFilter(
                                skill_id=offered.skill_id,
                                kind=skill_pb2.USER_SKILL_KIND_OFFERED,
                                min_proficiency=offered.proficiency,
                            )
                        ]
                    )
                ),
                metadata=me,
            )
            assert first_user.id in {u.id for u in holders.users}

            availability = (
                await users.GetAvailability(user_pb2.GetAvailabilityRequest(user_id=first_user.id), metadata=me)
            ).availability
            assert availability.weekly_slots and availability.time_zone == first_user.time_zone
    finally:
        await app.stop()


async def test_seed_is_refused_in_production(tmp_path: Path) -> None:
    # A complete production configuration: the refusal is the seed command's own, before any connection.
    key = tmp_path / "jwt.pem"
    key.write_text("unused")
    production = {
        "SKILLSPHERE_ENV": "production",
        "SKILLSPHERE_JWT_SIGNING_KEY_FILE": str(key),
        "SKILLSPHERE_PAGE_TOKEN_SECRET": "p" * 32,
        "SKILLSPHERE_STORAGE_SIGNING_SECRET": "s" * 32,
    }
    code, _, err = await run_seed("postgresql://nobody@127.0.0.1:1/none", tmp_path, 1, production)
    assert code == 2
    assert "seed --demo is refused with SKILLSPHERE_ENV=production" in err
