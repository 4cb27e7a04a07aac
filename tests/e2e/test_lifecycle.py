"""Server lifecycle: database outages drive health, shutdown drains in-flight calls, signals, config."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import grpc
import httpx
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from skillsphere.challenge.v1 import challenge_pb2, challenge_pb2_grpc

from tests.conftest import ROOT, free_port
from tests.e2e.conftest import start_app
from tests.support.waiting import DEADLINE, eventually

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


class SwitchableProxy:
    """A TCP front for the embedded PostgreSQL's unix socket that the test can cut and restore."""

    def __init__(self, socket_path: str) -> None:
        self._socket_path = socket_path
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()
        self.port = free_port()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(Exception):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        pg_reader, pg_writer = await asyncio.open_unix_connection(self._socket_path)
        for task in (
            asyncio.create_task(self._pipe(client_reader, pg_writer)),
            asyncio.create_task(self._pipe(pg_reader, client_writer)),
        ):
            self._pipes.add(task)
            task.add_done_callback(self._pipes.discard)

    async def up(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)

    async def down(self) -> None:
        """Refuse new connections and cut every open one, as a crashed database would."""
        assert self._server is not None
        self._server.close()
        for task in list(self._pipes):
            task.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)
        await self._server.wait_closed()


async def _status(stub: health_pb2_grpc.HealthStub, service: str = "") -> int:
    return (await stub.Check(health_pb2.HealthCheckRequest(service=service))).status


@pytest.fixture
async def proxy(database_url: str) -> AsyncIterator[SwitchableProxy]:
    socket_dir = parse_qs(urlsplit(database_url).query)["host"][0]
    front = SwitchableProxy(f"{socket_dir}/.s.PGSQL.5432")
    await front.up()
    yield front
    with contextlib.suppress(Exception):
        await front.down()


async def test_health_goes_not_serving_while_the_database_is_down(
    proxy: SwitchableProxy, database_url: str, tmp_data_dir: Path
) -> None:
    name = urlsplit(database_url).path
    app, _ = await start_app(f"postgresql://postgres@127.0.0.1:{proxy.port}{name}", tmp_data_dir)
    try:
        async with (
            grpc.aio.insecure_channel(f"127.0.0.1:{app.grpc.port}") as channel,
            httpx.AsyncClient(
                base_url=f"http://127.0.0.1:{app.http.port}"  # type: ignore[union-attr]
            ) as http,
        ):
            stub = health_pb2_grpc.HealthStub(channel)
            await eventually(lambda: _is(stub, SERVING))  # a probe slower than 1 s reports NOT_SERVING
            await proxy.down()
            await eventually(lambda: _is(stub, NOT_SERVING))
            assert await _status(stub, "skillsphere.user.v1.UserService") == NOT_SERVING
            assert (await http.get("/readyz")).status_code == 503
            assert (await http.get("/healthz")).status_code == 200  # alive, just not ready
            await proxy.up()
            await eventually(lambda: _is(stub, SERVING))
            assert await _status(stub, "skillsphere.user.v1.UserService") == SERVING
            assert (await http.get("/readyz")).status_code == 200
    finally:
        await app.stop()


async def _is(stub: health_pb2_grpc.HealthStub, status: int) -> bool:
    return await _status(stub) == status


async def test_graceful_shutdown_finishes_the_in_flight_call(database_url: str, tmp_data_dir: Path) -> None:
    app, probe = await start_app(database_url, tmp_data_dir)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{app.grpc.port}") as channel:
        stub = challenge_pb2_grpc.ChallengeServiceStub(channel)
        in_flight = asyncio.ensure_future(
            stub.GetLeaderboard(
                challenge_pb2.GetLeaderboardRequest(challenge_id="00000000-0000-4000-8000-000000000000")
            )
        )
        await probe.slow_started.wait()
        stopping = asyncio.create_task(app.stop())
        response = await in_flight  # takes 1 s; the grace period is 5 s
        assert isinstance(response, challenge_pb2.GetLeaderboardResponse)
        await stopping
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=2)
        assert err.value.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)


def _serve(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "cmd" / "skillsphere" / "main.py"), "serve", "--workers", "1"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


async def test_sigterm_stops_the_process_cleanly(database_url: str, tmp_data_dir: Path) -> None:
    grpc_port, http_port = free_port(), free_port()
    process = _serve(
        {
            "DATABASE_URL": database_url,
            "SKILLSPHERE_DATA_DIR": str(tmp_data_dir),
            "SKILLSPHERE_GRPC_PORT": str(grpc_port),
            "SKILLSPHERE_HTTP_PORT": str(http_port),
        }
    )
    try:
        async with httpx.AsyncClient() as http:

            async def ready() -> bool:
                assert process.poll() is None, process.stdout.read() if process.stdout else ""
                try:
                    return (await http.get(f"http://127.0.0.1:{http_port}/readyz")).status_code == 200
                except httpx.TransportError:
                    return False

            await eventually(ready)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=DEADLINE)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    events = [json.loads(line)["event"] for line in output.splitlines() if line.startswith("{")]
    assert events.index("shutting_down") < events.index("stopped")


def test_production_refuses_to_start_without_real_keys(tmp_data_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "cmd" / "skillsphere" / "main.py"), "serve", "--workers", "1"],
        cwd=ROOT,
        env={**os.environ, "SKILLSPHERE_ENV": "production", "SKILLSPHERE_DATA_DIR": str(tmp_data_dir)},
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert result.returncode == 2
    assert "SKILLSPHERE_JWT_SIGNING_KEY_FILE" in result.stderr
    assert not (tmp_data_dir / "keys").exists()
