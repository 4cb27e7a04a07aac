"""`skillsphere serve --workers N`: several processes on the same ports, restarted when they die."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import grpc
import httpx
from grpc_health.v1 import health_pb2, health_pb2_grpc

from tests.conftest import ROOT

DEADLINE = 60.0


class ServeProcess:
    """`skillsphere serve --workers 2` on free ports (port 0), with its log lines collected as they come."""

    def __init__(self, database_url: str, data_dir: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "cmd" / "skillsphere" / "main.py"), "serve", "--workers", "2"],
            cwd=ROOT,
            env={
                **os.environ,
                "DATABASE_URL": database_url,
                "SKILLSPHERE_DATA_DIR": str(data_dir),
                "SKILLSPHERE_GRPC_PORT": "0",
                "SKILLSPHERE_HTTP_PORT": "0",
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def events(self, event: str) -> list[dict[str, Any]]:
        found = []
        for line in list(self.lines):
            if line.startswith("{"):
                record = json.loads(line)
                if record.get("event") == event:
                    found.append(record)
        return found

    async def wait_for(self, event: str, count: int = 1, **fields: Any) -> list[dict[str, Any]]:
        deadline = time.monotonic() + DEADLINE
        while True:
            found = [r for r in self.events(event) if all(r.get(k) == v for k, v in fields.items())]
            if len(found) >= count:
                return found
            assert self.process.poll() is None, "".join(self.lines)
            assert time.monotonic() < deadline, f"no {count} {event} {fields} in:\n" + "".join(self.lines[-50:])
            await asyncio.sleep(0.1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def _answering_pids(http_port: int, expected: set[str]) -> set[str]:
    """Process ids seen on /metrics over fresh connections until every expected one answered."""
    seen: set[str] = set()
    deadline = time.monotonic() + DEADLINE
    while not expected <= seen:
        assert time.monotonic() < deadline, f"saw {seen}, expected {expected}"
        # A new connection per scrape: the kernel picks the process per connection.
        async with httpx.AsyncClient() as http:
            try:
                text = (await http.get(f"http://127.0.0.1:{http_port}/metrics")).text
            except httpx.TransportError:
                await asyncio.sleep(0.1)
                continue
        seen |= {
            line.split('pid="', 1)[1].split('"', 1)[0]
            for line in text.splitlines()
            if line.startswith("skillsphere_process{")
        }
    return seen


async def test_workers_share_the_ports_are_restarted_and_stop_together(database_url: str, tmp_data_dir: Path) -> None:
    serve = ServeProcess(database_url, tmp_data_dir)
    try:
        [starting] = await serve.wait_for("server_processes_starting")
        grpc_port, http_port = starting["grpc_port"], starting["http_port"]
        assert grpc_port and http_port  # concrete ports, picked by the parent for both children
        started = await serve.wait_for("server_process_started", count=2)
        pids = {str(r["pid"]) for r in started}
        await serve.wait_for("serving", count=2)
        assert {str(r["pid"]) for r in serve.events("serving")} == pids
        assert await _answering_pids(http_port, pids) == pids
        async with grpc.aio.insecure_channel(f"127.0.0.1:{grpc_port}") as channel:
            response = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=10)
        assert response.status == health_pb2.HealthCheckResponse.SERVING

        victim = started[0]
        os.kill(victim["pid"], signal.SIGKILL)
        await serve.wait_for("server_process_exited", pid=victim["pid"], code=-signal.SIGKILL)
        restarted = (await serve.wait_for("server_process_started", count=3))[2]
        assert restarted["worker"] == victim["worker"] and restarted["pid"] != victim["pid"]
        await serve.wait_for("serving", pid=restarted["pid"])
        survivors = pids - {str(victim["pid"])} | {str(restarted["pid"])}
        assert await _answering_pids(http_port, survivors) == survivors

        serve.process.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(serve.process.wait, DEADLINE) == 0, "".join(serve.lines[-50:])
        assert not any(_alive(int(pid)) for pid in survivors)
    finally:
        if serve.process.poll() is None:
            serve.process.kill()
