"""Reconciliation with the offline processor: its outcomes are our rows, so the job checks them against the
ledger; a payment whose row and ledger disagree is reported (a row, the drift gauge, a log)."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable

import asyncpg
import grpc
import pytest
from skillsphere.payment.v1 import payment_pb2_grpc
from skillsphere.user.v1 import user_pb2_grpc

from internal.app import Application
from tests.e2e.conftest import start_app
from tests.e2e.payment_helpers import checkout, member, tip
from tests.support.waiting import eventually


@pytest.fixture(scope="module")
async def app(server: Application, database_url: str) -> AsyncIterator[Application]:
    """An offline server reconciling twice a second."""
    started, _ = await start_app(
        database_url, server.settings.data_dir, payment_reconcile_interval_seconds=0.5, jobs_poll_interval_seconds=0.1
    )
    yield started
    await started.stop()


async def latest_run(database_url: str) -> asyncpg.Record | None:
    conn = await asyncpg.connect(database_url)
    try:
        return await conn.fetchrow(
            "SELECT drift, details, created_at FROM payment_reconciliation_runs WHERE provider = 'offline' "
            "ORDER BY created_at DESC LIMIT 1"
        )
    finally:
        await conn.close()


async def test_a_payment_whose_row_and_ledger_disagree_is_reported(
    app: Application, token_for: Callable[..., str]
) -> None:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{app.grpc.port}") as channel:
        pay = payment_pb2_grpc.PaymentServiceStub(channel)
        users = user_pb2_grpc.UserServiceStub(channel)
        learner, teacher = await member(token_for, users), await member(token_for, users)
        created = await pay.CreatePayment(tip(teacher, 1200), metadata=learner.metadata)
        assert app.http is not None
        paid = await checkout(f"http://127.0.0.1:{app.http.port}", created.client_secret)
        assert paid.status_code == 200
    payment_id = created.payment.id

    def mentions(run: asyncpg.Record | None) -> bool:
        return run is not None and any(d.get("payment_id") == payment_id for d in json.loads(run["details"]))

    async def clean_run() -> bool:
        run = await latest_run(app.database.url)
        return run is not None and not mentions(run)

    await eventually(clean_run, message="no reconciliation ran")
    # A row that says more was refunded than the ledger moved (what a lost write would leave).
    conn = await asyncpg.connect(app.database.url)
    try:
        await conn.execute("UPDATE payments SET refunded_minor = 100 WHERE id = $1", uuid.UUID(payment_id))
        try:

            async def reported() -> bool:
                return mentions(await latest_run(app.database.url))

            await eventually(reported, message="reconciliation never reported the drift")

            def gauge() -> bool:  # either replica may run the schedule; this one's gauge follows its own runs
                value = app.registry.get_sample_value(
                    "skillsphere_payment_reconciliation_drift", {"provider": "offline"}
                )
                return value is not None and value >= 1

            await eventually(gauge, message="the drift gauge never showed it")
        finally:
            await conn.execute("UPDATE payments SET refunded_minor = 0 WHERE id = $1", uuid.UUID(payment_id))
    finally:
        await conn.close()
