"""The job worker as deployed: inside `serve`, and alone as `skillsphere worker` (graceful on SIGTERM)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from prometheus_client import CollectorRegistry

from internal.app import Application
from pkg.db import Database, UnitOfWorkFactory, migrate
from pkg.email import DevEmailProvider, enqueue_email
from tests.conftest import ROOT, free_port, scratch_database
from tests.support.waiting import eventually


async def test_serve_runs_the_worker_and_the_dev_provider_gets_the_email_with_its_link(
    server: Application, http_base: str
) -> None:
    assert server.worker is not None
    assert isinstance(server.email, DevEmailProvider)
    provider = server.email
    address = f"{uuid.uuid4().hex[:8]}@example.com"
    async with server.uow() as work:
        await enqueue_email(work.session, "verify_email", to=address, token="tok-123")
        await work.commit()

    # The worker starts with the periodic jobs due at once (the catalog's embedding backfill among them), so
    # under a loaded machine the email can wait behind them for a while.
    await eventually(lambda: len(provider.sent_to(address)) == 1)
    [message] = provider.sent_to(address)
    # Without SKILLSPHERE_PUBLIC_BASE_URL, links point at the HTTP port the server bound (its pages open them).
    assert message.link == f"{http_base}/verify-email?token=tok-123"
    # The provider has the email before the worker records the job's outcome.
    async with httpx.AsyncClient() as http:

        async def counted() -> str | None:
            metrics = (await http.get(f"{http_base}/metrics")).text
            return metrics if 'jobs_completed_total{kind="email.send",outcome="succeeded"}' in metrics else None

        metrics = await eventually(counted, message="the email job's success was not counted")
    assert 'jobs_enqueued_total{kind="email.send"}' in metrics


def _start_worker(http_port: int, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "cmd" / "skillsphere" / "main.py"), "worker", "--http-port", str(http_port)],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture
async def worker_database_url(postgres_admin_url: str) -> AsyncIterator[str]:
    async with scratch_database(postgres_admin_url, "worker_cmd") as url:
        yield url


async def test_worker_command_runs_jobs_serves_metrics_and_stops_on_sigterm(
    worker_database_url: str, tmp_data_dir: Path
) -> None:
    database = Database(worker_database_url, registry=CollectorRegistry())
    await migrate.upgrade(database.engine)
    http_port = free_port()
    process = _start_worker(
        http_port,
        {
            "DATABASE_URL": worker_database_url,
            "SKILLSPHERE_DATA_DIR": str(tmp_data_dir),
            "SKILLSPHERE_JOBS_POLL_INTERVAL_SECONDS": "0.2",
            "SKILLSPHERE_PUBLIC_BASE_URL": "https://app.example",
        },
    )
    lines: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        lines.extend(iter(process.stdout.readline, ""))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    def events(name: str) -> list[dict[str, object]]:
        found = []
        for line in list(lines):
            if line.startswith("{"):
                record = json.loads(line)
                if record.get("event") == name:
                    found.append(record)
        return found

    try:
        await eventually(lambda: bool(events("worker_started")) or process.poll() is not None)
        assert process.poll() is None, "".join(lines)
        async with UnitOfWorkFactory(database.engine)() as work:
            await enqueue_email(work.session, "password_reset", to="cli@example.com", token="reset-tok")
            await work.commit()
        await eventually(lambda: bool(events("email_sent")))
        [sent] = events("email_sent")
        assert sent["to"] == "cli@example.com"
        assert sent["link"] == "https://app.example/reset-password?token=reset-tok"
        async with httpx.AsyncClient() as http:
            assert (await http.get(f"http://127.0.0.1:{http_port}/healthz")).status_code == 200

            async def counted() -> bool:  # the outcome is recorded just after the email is sent
                metrics = (await http.get(f"http://127.0.0.1:{http_port}/metrics")).text
                return 'jobs_completed_total{kind="email.send",outcome="succeeded"} 1.0' in metrics

            await eventually(counted, message="the worker did not count the email job's success")

        process.send_signal(signal.SIGTERM)
        await eventually(lambda: process.poll() is not None, message="the worker did not stop on SIGTERM")
        await eventually(lambda: not reader.is_alive(), message="the worker's output did not end")
    finally:
        if process.poll() is None:
            process.kill()
        await database.dispose()
    assert process.returncode == 0, "".join(lines)
    names = [json.loads(line)["event"] for line in lines if line.startswith("{")]
    assert names.index("shutting_down") < names.index("worker_stopped") < names.index("stopped")
