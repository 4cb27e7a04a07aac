"""RequestPasswordReset reveals nothing about which emails have accounts.

The request enqueues one job whatever the email; the worker looks the account up and mails a link only if it
exists. These tests check the outcome (same answer, email only to real accounts, token hashed at rest and
kept out of logs) and the cause (the request runs the same SQL for known and unknown emails). Timing itself
is measured by `bench/password_reset_timing.py` (docs/auth.md), not asserted here.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import grpc
import pytest
from skillsphere.auth.v1 import auth_pb2, auth_pb2_grpc
from sqlalchemy import event, text

from internal.app import Application
from internal.auth.crypto import email_fingerprint
from internal.auth.service import RESET_JOB
from tests.conftest import scratch_database
from tests.e2e.conftest import start_app
from tests.e2e.test_auth import FAST, GENEROUS, email, fails, mail_token, register


@pytest.fixture(scope="module")
async def reset_app(
    postgres_admin_url: str, tmp_path_factory: pytest.TempPathFactory, log_capture: Any
) -> AsyncIterator[Application]:
    # A database of its own: other test servers' workers (same process, shared database) would otherwise
    # claim this server's jobs and deliver its emails through their own providers.
    async with scratch_database(postgres_admin_url, "skillsphere_reset") as database_url:
        app, _ = await start_app(database_url, tmp_path_factory.mktemp("reset-data"), **GENEROUS, **FAST)
        yield app
        await app.stop()


@pytest.fixture(scope="module")
async def stub(reset_app: Application) -> AsyncIterator[auth_pb2_grpc.AuthServiceStub]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{reset_app.grpc.port}") as channel:
        yield auth_pb2_grpc.AuthServiceStub(channel)


async def reset_recorded(app: Application, address: str, timeout: float = 30.0) -> dict[str, Any]:
    """The details of the password_reset_requested event of `address`, once the reset job has run."""
    deadline = time.monotonic() + timeout
    while True:
        async with app.uow() as uow:
            row = (
                await uow.session.execute(
                    text(
                        "SELECT details FROM security_events WHERE type = 'password_reset_requested' "
                        "AND email_hash = :h ORDER BY id DESC LIMIT 1"
                    ),
                    {"h": email_fingerprint(address)},
                )
            ).scalar_one_or_none()
        if row is not None:
            return dict(row)
        assert time.monotonic() < deadline, f"the reset job for {address} did not run"
        await asyncio.sleep(0.05)


async def email_jobs_to(app: Application, address: str) -> int:
    async with app.uow() as uow:
        return int(
            (
                await uow.session.execute(
                    text("SELECT count(*) FROM jobs WHERE kind = 'email.send' AND payload->>'to' = :to"),
                    {"to": address},
                )
            ).scalar_one()
        )


async def test_known_and_unknown_emails_get_the_same_answer_and_only_the_account_gets_mail(
    stub: auth_pb2_grpc.AuthServiceStub, reset_app: Application
) -> None:
    address, _ = await register(stub)
    nobody = email("nobody")
    known = stub.RequestPasswordReset(auth_pb2.RequestPasswordResetRequest(email=address))
    unknown = stub.RequestPasswordReset(auth_pb2.RequestPasswordResetRequest(email=nobody))
    assert await known == await unknown == auth_pb2.RequestPasswordResetResponse()
    assert await known.code() == await unknown.code() == grpc.StatusCode.OK
    assert await known.details() == await unknown.details()
    known_keys = sorted(k for k, _ in await known.trailing_metadata() or ())
    unknown_keys = sorted(k for k, _ in await unknown.trailing_metadata() or ())
    assert known_keys == unknown_keys

    assert (await reset_recorded(reset_app, address))["known_account"] is True
    assert (await reset_recorded(reset_app, nobody))["known_account"] is False
    await mail_token(reset_app, address, "/reset-password", timeout=30)
    # The job that found no account committed without an email job, so nothing can arrive later.
    assert await email_jobs_to(reset_app, nobody) == 0
    assert reset_app.email.sent_to(nobody) == []  # type: ignore[attr-defined]


async def test_reset_token_is_hashed_at_rest_single_use_and_not_logged(
    stub: auth_pb2_grpc.AuthServiceStub, reset_app: Application, log_capture: Any
) -> None:
    address, _ = await register(stub)
    await stub.RequestPasswordReset(auth_pb2.RequestPasswordResetRequest(email=address))
    token = await mail_token(reset_app, address, "/reset-password", timeout=30)
    async with reset_app.uow() as uow:
        stored = (
            await uow.session.execute(
                text(
                    "SELECT t.token_hash FROM email_tokens t JOIN accounts a ON a.id = t.account_id "
                    "WHERE a.email = :e AND t.purpose = 'reset_password'"
                ),
                {"e": address},
            )
        ).scalars()
        assert list(stored) == [hashlib.sha256(token.encode()).digest()]
        reset_payloads = (
            await uow.session.execute(
                text("SELECT payload::text FROM jobs WHERE kind = :k AND payload->>'email' = :e"),
                {"k": RESET_JOB, "e": address},
            )
        ).scalars()
        assert all(token not in payload for payload in reset_payloads)

    new_password = "Amber-Glacier-Lantern-7"
    await stub.ResetPassword(auth_pb2.ResetPasswordRequest(token=token, new_password=new_password))
    await fails(
        stub.ResetPassword(auth_pb2.ResetPasswordRequest(token=token, new_password="Other-Glacier-Lantern-8")),
        grpc.StatusCode.INVALID_ARGUMENT,
        "RESET_TOKEN_INVALID",
    )
    # Only the development provider's email_sent line shows the link (it is how `make run` shows it; off in
    # production); nothing else prints the token.
    leaks = [line for line in log_capture.lines if token in line and '"email_sent"' not in line]
    assert leaks == []


async def test_disabled_accounts_get_no_reset_email(
    stub: auth_pb2_grpc.AuthServiceStub, reset_app: Application
) -> None:
    address, _ = await register(stub)
    async with reset_app.uow() as uow:
        await uow.session.execute(text("UPDATE accounts SET disabled_at = now() WHERE email = :e"), {"e": address})
        await uow.commit()
    await stub.RequestPasswordReset(auth_pb2.RequestPasswordResetRequest(email=address))
    assert (await reset_recorded(reset_app, address))["known_account"] is True
    assert [m for m in reset_app.email.sent_to(address) if "Reset" in m.subject] == []  # type: ignore[attr-defined]
    assert await email_jobs_to(reset_app, address) == 1  # the verification email of Register only


@contextmanager
def statements(app: Application) -> Iterator[list[str]]:
    """The SQL statements (text only) this server's engine runs inside the block, health pings left out."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.strip() != "SELECT 1":
            seen.append(" ".join(statement.split()))

    engine = app.database.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def test_the_request_runs_the_same_statements_for_known_and_unknown_emails(
    reset_app: Application, tmp_path_factory: pytest.TempPathFactory, stub: auth_pb2_grpc.AuthServiceStub
) -> None:
    # A server without a worker on the module's database, so only the request's own statements reach its
    # engine (the module's server runs the jobs).
    assert reset_app.settings.database_url is not None
    app, _ = await start_app(
        reset_app.settings.database_url, tmp_path_factory.mktemp("no-worker"), worker_enabled=False, **GENEROUS
    )
    try:
        address, _ = await register(stub)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{app.grpc.port}") as channel:
            quiet = auth_pb2_grpc.AuthServiceStub(channel)
            runs: dict[str, list[str]] = {}
            for label, target in (("known", address), ("unknown", email("nobody")), ("known again", address)):
                with statements(app) as seen:
                    await quiet.RequestPasswordReset(auth_pb2.RequestPasswordResetRequest(email=target))
                runs[label] = seen
    finally:
        await app.stop()
    assert runs["known"] == runs["unknown"] == runs["known again"]
    joined = " ".join(runs["known"]).lower()
    assert "insert into jobs" in joined
    assert "accounts" not in joined and "email_tokens" not in joined
