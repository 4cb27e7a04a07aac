"""Races over two server processes on one database: a release and a refund of one escrow at the same
moment (exactly one wins), the same CreatePayment retried on both (one payment), and the ledger balancing
after a concurrent workload."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable

import asyncpg
import grpc
import pytest
from skillsphere.payment.v1 import payment_pb2 as pb
from skillsphere.payment.v1 import payment_pb2_grpc
from skillsphere.user.v1 import user_pb2_grpc

from internal.app import Application
from tests.e2e.payment_helpers import SecondServer, funded_escrow, member, tip
from tests.e2e.user_helpers import caller
from tests.support.rpc import details


@pytest.fixture(scope="module")
async def second(server: Application, database_url: str) -> AsyncIterator[grpc.aio.Channel]:
    """A channel to a second server process sharing the database."""
    process = SecondServer(database_url, server.settings.data_dir)
    try:
        port = await process.grpc_port()
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield channel
    finally:
        process.stop()


async def test_release_and_refund_of_one_escrow_on_two_servers_exactly_one_wins(
    server: Application,
    channel: grpc.aio.Channel,
    second: grpc.aio.Channel,
    token_for: Callable[..., str],
    http_base: str,
    database_url: str,
) -> None:
    users = user_pb2_grpc.UserServiceStub(channel)
    one, two = payment_pb2_grpc.PaymentServiceStub(channel), payment_pb2_grpc.PaymentServiceStub(second)
    learner, teacher = await member(token_for, users), await member(token_for, users)
    admin = caller(token_for, "admin")
    escrows = [await funded_escrow(server, http_base, learner, teacher, 1000 + i) for i in range(8)]

    async def outcome(call: object) -> str:
        try:
            await call  # type: ignore[misc]
        except grpc.aio.AioRpcError as error:
            assert error.code() == grpc.StatusCode.FAILED_PRECONDITION, error.details()
            assert details(error)["ErrorInfo"].reason == "ESCROW_NOT_HELD"
            return "lost"
        return "won"

    results = []
    for index, opened in enumerate(escrows):
        release = pb.ReleaseEscrowRequest(idempotency_key=str(uuid.uuid4()), escrow_id=opened.escrow_id)
        refund = pb.RefundEscrowRequest(idempotency_key=str(uuid.uuid4()), escrow_id=opened.escrow_id)
        # Alternate which server gets which call, so either side can win on either process.
        releaser, refunder = (one, two) if index % 2 else (two, one)
        results.append(
            await asyncio.gather(
                outcome(releaser.ReleaseEscrow(release, metadata=learner.metadata)),
                outcome(refunder.RefundEscrow(refund, metadata=admin.metadata)),
            )
        )
    assert all(sorted(pair) == ["lost", "won"] for pair in results), results

    released = 0
    for opened, (release_result, _) in zip(escrows, results, strict=True):
        escrow = (
            await one.GetEscrow(pb.GetEscrowRequest(escrow_id=opened.escrow_id), metadata=learner.metadata)
        ).escrow
        expected = pb.ESCROW_STATUS_RELEASED if release_result == "won" else pb.ESCROW_STATUS_REFUNDED
        assert escrow.status == expected
        released += escrow.released_amount.amount_minor
    balance = (await two.GetBalance(pb.GetBalanceRequest(currency_code="USD"), metadata=teacher.metadata)).balances[0]
    assert (balance.in_escrow.amount_minor, balance.pending.amount_minor) == (0, released)

    conn = await asyncpg.connect(database_url)
    try:
        settlements = await conn.fetch(
            "SELECT escrow_id, count(*) AS n FROM payment_ledger_transactions "
            "WHERE escrow_id = ANY($1::uuid[]) AND kind <> 'escrow_funded' GROUP BY escrow_id",
            [uuid.UUID(e.escrow_id) for e in escrows],
        )
        assert sorted(r["n"] for r in settlements) == [1] * len(escrows)
        assert (
            await conn.fetch(
                "SELECT transaction_id FROM payment_ledger_entries GROUP BY transaction_id, currency "
                "HAVING sum(amount_minor) <> 0"
            )
            == []
        )
    finally:
        await conn.close()


async def test_the_same_create_payment_retried_on_both_servers_makes_one_payment(
    channel: grpc.aio.Channel, second: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    users = user_pb2_grpc.UserServiceStub(channel)
    one, two = payment_pb2_grpc.PaymentServiceStub(channel), payment_pb2_grpc.PaymentServiceStub(second)
    payer, payee = await member(token_for, users), await member(token_for, users)
    key = str(uuid.uuid4())
    answers = await asyncio.gather(
        *(stub.CreatePayment(tip(payee, 1234, key), metadata=payer.metadata) for stub in (one, two, one, two))
    )
    assert len({a.payment.id for a in answers}) == 1
    listed = await two.ListPayments(pb.ListPaymentsRequest(), metadata=payer.metadata)
    assert len(listed.payments) == 1
