"""Races over two server processes on one database: a release and a refund of one escrow at the same
moment (exactly one wins), the same CreatePayment retried on both (one payment), and the ledger balancing
after a concurrent workload."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import AsyncIterator, Callable

import asyncpg
import grpc
import pytest
from skillsphere.payment.v1 import payment_pb2 as pb
from skillsphere.payment.v1 import payment_pb2_grpc
from skillsphere.user.v1 import user_pb2_grpc

from internal.app import Application
from internal.payment.money import proportional
from tests.e2e.payment_helpers import SecondServer, checkout, funded_escrow, member, tip, usd
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


async def test_a_random_concurrent_workload_on_two_servers_keeps_the_ledger_balanced_and_equal_to_the_records(
    server: Application,
    channel: grpc.aio.Channel,
    second: grpc.aio.Channel,
    token_for: Callable[..., str],
    http_base: str,
    database_url: str,
) -> None:
    rng = random.Random(13)
    users = user_pb2_grpc.UserServiceStub(channel)
    stubs = [payment_pb2_grpc.PaymentServiceStub(channel), payment_pb2_grpc.PaymentServiceStub(second)]
    payers = [await member(token_for, users) for _ in range(2)]
    payees = [await member(token_for, users) for _ in range(2)]
    admin = caller(token_for, "admin")
    escrows = [
        (await funded_escrow(server, http_base, rng.choice(payers), payee, rng.randint(500, 9000)), payee)
        for payee in payees
        for _ in range(4)
    ]
    tips = []
    for payee in payees:
        for _ in range(3):
            payer = rng.choice(payers)
            created = await stubs[0].CreatePayment(tip(payee, rng.randint(1000, 5000)), metadata=payer.metadata)
            assert (await checkout(http_base, created.client_secret)).status_code == 200
            tips.append((created.payment.id, payee))

    def operation() -> object:
        stub = rng.choice(stubs)
        kind = rng.choice(["release", "refund_escrow", "refund_tip"])
        if kind == "release":
            opened, _ = rng.choice(escrows)
            return stub.ReleaseEscrow(
                pb.ReleaseEscrowRequest(idempotency_key=str(uuid.uuid4()), escrow_id=opened.escrow_id),
                metadata=admin.metadata,
            )
        if kind == "refund_escrow":
            opened, _ = rng.choice(escrows)
            amount = rng.choice([None, rng.randint(1, 500)])
            request = pb.RefundEscrowRequest(idempotency_key=str(uuid.uuid4()), escrow_id=opened.escrow_id)
            if amount is not None:
                request.amount.CopyFrom(usd(amount))
            return stub.RefundEscrow(request, metadata=admin.metadata)
        payment_id, payee = rng.choice(tips)
        request = pb.RefundPaymentRequest(
            idempotency_key=str(uuid.uuid4()), payment_id=payment_id, amount=usd(rng.randint(1, 800))
        )
        return stub.RefundPayment(request, metadata=payee.metadata)

    results = await asyncio.gather(*(operation() for _ in range(40)), return_exceptions=True)  # type: ignore[arg-type]
    for result in results:
        if isinstance(result, grpc.aio.AioRpcError):
            assert result.code() == grpc.StatusCode.FAILED_PRECONDITION, result.details()
        else:
            assert not isinstance(result, BaseException), result
    assert any(not isinstance(r, BaseException) for r in results)

    conn = await asyncpg.connect(database_url)
    try:
        assert (
            await conn.fetch(
                "SELECT transaction_id FROM payment_ledger_entries GROUP BY transaction_id, currency "
                "HAVING sum(amount_minor) <> 0"
            )
            == []
        )
        for payee in payees:
            pid = uuid.UUID(payee.id)
            in_escrow = await conn.fetchval(
                "SELECT coalesce(sum(amount_minor), 0) FROM payment_escrows WHERE payee_id = $1 "
                "AND status IN ('held', 'on_hold')",
                pid,
            )
            released = await conn.fetchval(
                "SELECT coalesce(sum(released_minor), 0) FROM payment_escrows WHERE payee_id = $1", pid
            )
            tip_rows = await conn.fetch(
                "SELECT amount_minor, fee_minor, refunded_minor FROM payments WHERE payee_id = $1 "
                "AND escrow_id IS NULL AND succeeded_at IS NOT NULL",
                pid,
            )
            earned = sum(r["amount_minor"] - r["fee_minor"] for r in tip_rows)
            taken_back = sum(
                r["refunded_minor"] - proportional(r["refunded_minor"], r["amount_minor"], r["fee_minor"])
                for r in tip_rows
            )
            got = (
                await stubs[1].GetBalance(pb.GetBalanceRequest(currency_code="USD"), metadata=payee.metadata)
            ).balances[0]
            assert (got.in_escrow.amount_minor, got.pending.amount_minor, got.available.amount_minor) == (
                in_escrow,
                released + earned,
                -taken_back,
            )
    finally:
        await conn.close()
