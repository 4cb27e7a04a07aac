"""SIGTERM drains a real `skillsphere serve`: calls that reached it before the signal complete, later calls
and open streams get UNAVAILABLE (retryable), and health turns NOT_SERVING before anything else."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from skillsphere.auth.v1 import auth_pb2, auth_pb2_grpc

from tests.conftest import ROOT, free_port
from tests.support.rpc import details

PASSWORD = "correct horse battery staple 42"
CALLS = 40


class Serve:
    """A `skillsphere serve` subprocess against the test database, logging JSON lines to a file."""

    def __init__(self, database_url: str, data_dir: Path, **env: str) -> None:
        self.grpc_port = free_port()
        self.log_path = data_dir / "serve.log"
        with self.log_path.open("wb") as sink:
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / "cmd" / "skillsphere" / "main.py"), "serve", "--workers", "1"],
                cwd=ROOT,
                env={
                    **os.environ,
                    "SKILLSPHERE_ENV": "test",
                    "DATABASE_URL": database_url,
                    "SKILLSPHERE_DATA_DIR": str(data_dir),
                    "SKILLSPHERE_GRPC_PORT": str(self.grpc_port),
                    "SKILLSPHERE_HTTP_PORT": str(free_port()),
                    "SKILLSPHERE_RATE_LIMIT_DEFAULT": "100000/second",
                    "SKILLSPHERE_AUTH_LOGIN_LIMIT_PER_IP": "100000/minute",
                    "SKILLSPHERE_AUTH_LOGIN_LIMIT_PER_EMAIL": "100000/minute",
                    "SKILLSPHERE_AUTH_PASSWORD_HASH_QUEUE_TIMEOUT_SECONDS": "120",
                    "SKILLSPHERE_AUTH_LOCKOUT_THRESHOLD": "1000",
                    "SKILLSPHERE_SHUTDOWN_GRACE_SECONDS": "60",
                    **env,
                },
                stdout=sink,
                stderr=subprocess.STDOUT,
            )

    def events(self, name: str | None = None) -> list[dict[str, Any]]:
        found = []
        for line in self.log_path.read_text().splitlines():
            if line.startswith("{"):
                record = json.loads(line)
                if name is None or record.get("event") == name:
                    found.append(record)
        return found

    async def wait_for(self, name: str, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.events(name):
            assert self.process.poll() is None, self.log_path.read_text()[-3000:]
            assert time.monotonic() < deadline, f"{name} not logged in {timeout:.0f} s"
            await asyncio.sleep(0.05)


@pytest.fixture
async def server(database_url: str, tmp_data_dir: Path) -> AsyncIterator[Serve]:
    serve = Serve(database_url, tmp_data_dir)
    try:
        await serve.wait_for("serving")
        yield serve
    finally:
        if serve.process.poll() is None:
            serve.process.kill()
            serve.process.wait(timeout=30)


async def test_sigterm_completes_calls_already_sent_and_refuses_later_ones_as_unavailable(server: Serve) -> None:
    email = f"drain-{uuid.uuid4().hex[:8]}@example.com"
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.grpc_port}") as channel:
        auth = auth_pb2_grpc.AuthServiceStub(channel)
        health = health_pb2_grpc.HealthStub(channel)
        await auth.Register(auth_pb2.RegisterRequest(email=email, password=PASSWORD), timeout=60)
        watch = health.Watch(health_pb2.HealthCheckRequest())
        assert (await watch.read()).status == health_pb2.HealthCheckResponse.SERVING

        async def login() -> str:
            try:
                await auth.Login(auth_pb2.LoginRequest(email=email, password=PASSWORD), timeout=120)
                return "OK"
            except grpc.aio.AioRpcError as error:
                info = details(error).get("ErrorInfo")
                return f"{error.code().name} {info.reason if info else ''}".strip()

        logins = [asyncio.ensure_future(login()) for _ in range(CALLS)]
        await asyncio.sleep(0.3)
        server.process.send_signal(signal.SIGTERM)
        # The load balancer's view changes first: the health stream says NOT_SERVING, then ends UNAVAILABLE.
        assert (await watch.read()).status == health_pb2.HealthCheckResponse.NOT_SERVING
        # Once the server has taken in what reached it before the signal, it refuses new calls.
        await server.wait_for("drain_admission_closed", timeout=30)
        late = await login()
        codes = Counter(await asyncio.gather(*logins))
        with pytest.raises(grpc.aio.AioRpcError) as stream_end:
            while True:
                await watch.read()
        output = server.process.wait(timeout=120)

    assert codes == {"OK": CALLS}, codes
    # Refused by the gate (with SHUTTING_DOWN details) or, once drained, by the stopped server: UNAVAILABLE.
    assert late.startswith("UNAVAILABLE"), late
    assert stream_end.value.code() == grpc.StatusCode.UNAVAILABLE
    assert output == 0
    handled = [e for e in server.events("rpc_handled") if e["method"].endswith("/Login")]
    assert Counter(e["code"] for e in handled)["OK"] == CALLS
