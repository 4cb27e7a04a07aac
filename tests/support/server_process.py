"""Another `skillsphere serve` in its own OS process, on the test database and data dir: the second replica
of the tests that need two server processes on one database (session bookings, payment races, chat fan-out).

It shares the in-process test server's database and data dir, so it signs and checks the same tokens, page
tokens, resume tokens and client secrets. Its JSON log lines (stdout) are kept: `grpc_port()` waits for the
`serving` line, `records(event)` returns the lines of one event (the broker's `broker_listening`, say).
`stop()` is SIGTERM and the graceful shutdown (open streams end UNAVAILABLE first).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from tests.conftest import ROOT
from tests.support.waiting import DEADLINE, eventually


class ServerProcess:
    """`skillsphere serve --workers 1` on `database_url` and `data_dir`.

    The job worker is off unless `worker=True` (so jobs and emails stay with the in-process server); `env`
    adds or overrides SKILLSPHERE_* settings.
    """

    def __init__(self, database_url: str, data_dir: Path, *, worker: bool = False, **env: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "cmd" / "skillsphere" / "main.py"), "serve", "--workers", "1"],
            cwd=ROOT,
            env={
                **os.environ,
                "DATABASE_URL": database_url,
                "SKILLSPHERE_DATA_DIR": str(data_dir),
                "SKILLSPHERE_GRPC_PORT": "0",
                "SKILLSPHERE_HTTP_PORT": "0",
                "SKILLSPHERE_WORKER_ENABLED": "true" if worker else "false",
                "SKILLSPHERE_RATE_LIMIT_DEFAULT": "100000/second",
                **env,
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    @property
    def pid(self) -> int:
        """The OS process id."""
        return self.process.pid

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def records(self, event: str) -> list[dict[str, Any]]:
        """The JSON log records of `event` so far, in order."""
        found = []
        for line in list(self.lines):
            if line.startswith("{"):
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if record.get("event") == event:
                    found.append(record)
        return found

    async def grpc_port(self) -> int:
        """The gRPC port once the process serves."""

        def serving() -> int | None:
            assert self.process.poll() is None, "".join(self.lines[-50:])
            records = self.records("serving")
            return int(records[0]["grpc_port"]) if records else None

        # Twice the usual deadline: starting a Python server process under coverage on a saturated machine
        # has taken more than one (pytest-timeout is 300 s).
        return await eventually(serving, timeout=2 * DEADLINE, message="the second server did not start")

    def terminate(self) -> None:
        """SIGTERM: the process drains and stops (see `wait`)."""
        self.process.terminate()

    def wait(self) -> int:
        """Wait for the process to end (killing it after the deadline); its exit code."""
        try:
            return self.process.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    def stop(self) -> None:
        """SIGTERM, then wait for the graceful shutdown."""
        if self.process.poll() is None:
            self.terminate()
        self.wait()
