"""The embedded PostgreSQL dies under a real `skillsphere serve`: writes answer UNAVAILABLE (never INTERNAL),
the server restarts it by itself and serves again, and two processes on one data directory restart it once.

The postmaster is killed with SIGKILL, its pid read from postmaster.pid, as a crash would. The data
directory is shared by the tests of this module so that only the first one pays for initdb and migrations.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import grpc
import psutil
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from skillsphere.skill.v1 import skill_pb2, skill_pb2_grpc
from skillsphere.user.v1 import user_pb2, user_pb2_grpc

from pkg.tokens import TokenIssuer, load_key_set
from pkg.tokens.keys import development_key_path
from tests.conftest import ROOT, free_port
from tests.e2e.conftest import _ensure_account_and_session
from tests.support.rpc import bearer, details

SERVING = health_pb2.HealthCheckResponse.SERVING
START_DEADLINE = 180.0  # initdb and migrations on a loaded machine
RECOVERY_DEADLINE = 30.0  # generous for the loaded CI machine; the figures measured here are about 1-3 s


@dataclass
class Serve:
    """A `skillsphere serve` subprocess on its own ports, logging JSON lines to a file."""

    process: subprocess.Popen[bytes]
    grpc_port: int
    log_path: Path

    def events(self, name: str) -> list[dict[str, Any]]:
        found = []
        for line in self.log_path.read_text().splitlines():
            if line.startswith("{"):
                record = json.loads(line)
                if record.get("event") == name:
                    found.append(record)
        return found

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(timeout=30)


def serve(data_dir: Path, name: str, **env: str) -> Serve:
    grpc_port, log_path = free_port(), data_dir.parent / f"{name}-{uuid.uuid4().hex[:6]}.log"
    with log_path.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "cmd" / "skillsphere" / "main.py"), "serve", "--workers", "1"],
            cwd=ROOT,
            env={
                **os.environ,
                "SKILLSPHERE_ENV": "test",
                "SKILLSPHERE_DATA_DIR": str(data_dir),
                "SKILLSPHERE_GRPC_PORT": str(grpc_port),
                "SKILLSPHERE_HTTP_PORT": str(free_port()),
                "SKILLSPHERE_RATE_LIMIT_DEFAULT": "100000/second",
                "SKILLSPHERE_DB_POOL_TIMEOUT_SECONDS": "1",
                **env,
            },
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    return Serve(process, grpc_port, log_path)


async def until(predicate: Any, timeout: float, what: str) -> float:
    """Seconds until `await predicate()` is true; fails after `timeout`."""
    started = time.monotonic()
    while not await predicate():
        assert time.monotonic() - started < timeout, f"{what}: not reached in {timeout:.0f} s"
        await asyncio.sleep(0.05)
    return time.monotonic() - started


async def started(server: Serve) -> bool:
    """SERVING and done starting (the job worker starts after the gRPC port opens)."""
    return await serving(server) and bool(server.events("serving"))


async def serving(server: Serve) -> bool:
    assert server.process.poll() is None, server.log_path.read_text()[-3000:]
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.grpc_port}") as channel:
            answer = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=2)
        return answer.status == SERVING
    except grpc.aio.AioRpcError:
        return False


def postmaster_pid(data_dir: Path) -> int:
    return int((data_dir / "postgres" / "postmaster.pid").read_text().split()[0])


def running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


async def postmaster_replaced(data_dir: Path, old_pid: int) -> bool:
    try:
        pid = postmaster_pid(data_dir)
    except (OSError, ValueError, IndexError):
        return False
    return pid != old_pid and running(pid)


@pytest.fixture(scope="module")
def data_dir() -> Iterator[Path]:
    # Under the repository's .data, not pytest's tmp dir: as root the server runs as another user, which
    # needs to traverse the path, and pytest resets /tmp/pytest-of-<user> to mode 0700 when a run starts.
    path = ROOT / ".data" / f"outage-{uuid.uuid4().hex[:8]}" / "data"
    path.mkdir(parents=True)
    yield path
    with contextlib.suppress(OSError, ValueError, IndexError):
        pid = postmaster_pid(path)
        if running(pid):  # a test failed half-way: do not leave a server behind
            os.kill(pid, signal.SIGKILL)
    shutil.rmtree(path.parent, ignore_errors=True)


@pytest.fixture
async def one_server(data_dir: Path) -> AsyncIterator[Serve]:
    server = serve(data_dir, "one")
    try:
        await until(lambda: started(server), START_DEADLINE, "server started")
        yield server
    finally:
        server.stop()


def mint(data_dir: Path) -> Any:
    """A function making access tokens for new accounts with live sessions on the embedded server."""
    pgdata = data_dir / "postgres"
    socket_dir = (pgdata / "postmaster.pid").read_text().splitlines()[4].strip()
    url = f"postgresql://postgres@/skillsphere?host={socket_dir}"
    issuer = TokenIssuer(
        load_key_set(development_key_path(data_dir)),
        issuer="skillsphere",
        audience="skillsphere-api",
        ttl_seconds=900,
    )

    def token() -> tuple[str, tuple[tuple[str, str], ...]]:
        subject = str(uuid.uuid4())
        session_id = _ensure_account_and_session(url, subject, ("learner",))
        access, _ = issuer.issue(subject=subject, session_id=session_id, roles=("learner",), email_verified=True)
        return subject, bearer(access)

    return token


async def test_writes_while_the_embedded_database_is_killed_answer_unavailable_and_it_comes_back(
    one_server: Serve, data_dir: Path
) -> None:
    token = mint(data_dir)
    codes: Counter[str] = Counter()
    unavailable: list[grpc.aio.AioRpcError] = []
    outage = asyncio.Event()
    recovered_writes = 0
    async with grpc.aio.insecure_channel(f"127.0.0.1:{one_server.grpc_port}") as channel:
        users, skills = user_pb2_grpc.UserServiceStub(channel), skill_pb2_grpc.SkillServiceStub(channel)
        catalog = (await skills.ListSkills(skill_pb2.ListSkillsRequest(page_size=40))).skills
        assert len(catalog) >= 10
        writers = []
        for _ in range(4):
            user_id, metadata = await asyncio.to_thread(token)
            await users.CreateUser(
                user_pb2.CreateUserRequest(user=user_pb2.User(display_name="Writer", time_zone="Europe/Berlin")),
                metadata=metadata,
            )
            writers.append((user_id, metadata))

        async def write(user_id: str, metadata: Any) -> None:
            nonlocal recovered_writes
            index = 0
            while recovered_writes < 20:
                skill = catalog[index % len(catalog)]
                index += 1
                try:
                    added = await skills.AddUserSkill(
                        skill_pb2.AddUserSkillRequest(
                            user_id=user_id,
                            skill_id=skill.id,
                            kind=skill_pb2.USER_SKILL_KIND_OFFERED,
                            proficiency=skill_pb2.PROFICIENCY_LEVEL_INTERMEDIATE,
                        ),
                        metadata=metadata,
                        timeout=30,
                    )
                    removal = skill_pb2.RemoveUserSkillRequest(user_skill_id=added.user_skill.id)
                    await skills.RemoveUserSkill(removal, metadata=metadata, timeout=30)
                    codes["OK"] += 1
                    if outage.is_set() and unavailable:
                        recovered_writes += 1
                except grpc.aio.AioRpcError as error:
                    codes[error.code().name] += 1
                    if error.code() == grpc.StatusCode.UNAVAILABLE:
                        unavailable.append(error)
                        await asyncio.sleep(0.05)

        load = [asyncio.create_task(write(*writer)) for writer in writers]
        await until(lambda: _true(codes["OK"] >= 8), 60, "writes before the crash")
        killed_pid = postmaster_pid(data_dir)
        os.kill(killed_pid, signal.SIGKILL)
        outage.set()
        await asyncio.wait_for(asyncio.gather(*load), timeout=RECOVERY_DEADLINE + 30)

    print(f"answers around the crash: {dict(codes)}")
    assert unavailable, f"the crash was never observed: {codes}"
    assert codes["INTERNAL"] == 0 and codes["UNKNOWN"] == 0, codes
    for error in unavailable:
        found = details(error)
        assert found["ErrorInfo"].reason in ("DATABASE_UNAVAILABLE", "COMMIT_OUTCOME_UNKNOWN"), found
        assert found["RetryInfo"].retry_delay.ToNanoseconds() > 0
    assert await postmaster_replaced(data_dir, killed_pid)
    assert len(one_server.events("embedded_postgres_restarted")) == 1


def _at(event: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(event["timestamp"].replace("Z", "+00:00"))


async def _true(value: bool) -> bool:
    return value


async def test_two_servers_on_one_data_dir_restart_the_database_once_and_stop_it_at_exit(data_dir: Path) -> None:
    first, second = serve(data_dir, "first"), serve(data_dir, "second")
    try:
        await until(lambda: started(first), START_DEADLINE, "first started")
        await until(lambda: started(second), START_DEADLINE, "second started")
        killed_pid = postmaster_pid(data_dir)
        os.kill(killed_pid, signal.SIGKILL)
        killed_at = datetime.now(UTC)

        def followed(server: Serve) -> list[dict[str, Any]]:
            return server.events("embedded_postgres_restarted") + server.events("embedded_postgres_adopted")

        def health_after_kill(server: Serve) -> list[dict[str, Any]]:
            return [e for e in server.events("health_changed") if _at(e) > killed_at]

        async def back_to_serving(server: Serve) -> bool:
            # Following the new postmaster, SERVING now, and the last health change since the kill (if its
            # probe ran during the outage) is back to SERVING: a probe begun before the restart may fail late.
            changes = health_after_kill(server)
            return bool(followed(server)) and (not changes or changes[-1]["serving"]) and await serving(server)

        async def both_serving_again() -> bool:
            return (
                await postmaster_replaced(data_dir, killed_pid)
                and await back_to_serving(first)
                and await back_to_serving(second)
            )

        await until(both_serving_again, RECOVERY_DEADLINE, "both SERVING on a new postmaster")
        restarted = [s for s in (first, second) if s.events("embedded_postgres_restarted")]
        assert len(restarted) == 1, [s.events("embedded_postgres_restarted") for s in (first, second)]
        other = second if restarted[0] is first else first
        assert other.events("embedded_postgres_adopted"), "the other process did not follow the new postmaster"
        # When each was SERVING again, per its log: its last health change, or when it followed the postmaster.
        back = [
            (max(_at(e) for e in health_after_kill(server) + followed(server)) - killed_at).total_seconds()
            for server in (first, second)
        ]
        restart_ms = restarted[0].events("embedded_postgres_restarted")[0]["duration_ms"]
        print(f"SERVING again {max(back):.2f} s after the kill (restart {restart_ms} ms)")
        new_pid = postmaster_pid(data_dir)
    finally:
        codes = (first.stop(), second.stop())
    assert codes == (0, 0)
    # The last process to exit stops the server it uses, including the restarted postmaster.
    await until(lambda: _true(not running(new_pid)), 30, "restarted postmaster stopped after the last exit")
