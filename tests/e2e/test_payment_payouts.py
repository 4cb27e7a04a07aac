"""Payout accounts and payouts with the offline processor: hosted test onboarding (plain form POST),
pending earnings settling into available, payouts paid or failed by the test bank, on a server whose
settlement delay is zero."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable

import grpc
import pytest
from skillsphere.payment.v1 import payment_pb2 as pb
from skillsphere.payment.v1 import payment_pb2_grpc
from skillsphere.user.v1 import user_pb2_grpc

from internal.app import Application
from tests.e2e.conftest import start_app
from tests.e2e.payment_helpers import fails, funded_escrow, member, onboard, usd
from tests.e2e.user_helpers import Caller, caller
from tests.support.rpc import bad_fields
from tests.support.waiting import eventually

CODE = grpc.StatusCode


@pytest.fixture(scope="module")
async def app(server: Application, database_url: str) -> AsyncIterator[Application]:
    """A server that settles earnings at once (same data dir as the shared one, so tokens are valid)."""
    started, _ = await start_app(
        database_url,
        server.settings.data_dir,
        payment_settlement_delay_seconds=0,
        payment_settle_interval_seconds=0.3,
        jobs_poll_interval_seconds=0.1,
    )
    yield started
    await started.stop()


@pytest.fixture(scope="module")
async def channel2(app: Application) -> AsyncIterator[grpc.aio.Channel]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{app.grpc.port}") as ch:
        yield ch


def base(app: Application) -> str:
    assert app.http is not None
    return f"http://127.0.0.1:{app.http.port}"


async def earn(
    app: Application, pay: payment_pb2_grpc.PaymentServiceStub, learner: Caller, teacher: Caller, amount: int
) -> int:
    """Fund and release an escrow for `teacher`; wait until the earnings are available. Returns the share."""
    opened = await funded_escrow(app, base(app), learner, teacher, amount)
    released = await pay.ReleaseEscrow(
        pb.ReleaseEscrowRequest(idempotency_key=str(uuid.uuid4()), escrow_id=opened.escrow_id),
        metadata=learner.metadata,
    )
    share = released.escrow.released_amount.amount_minor

    async def available() -> bool:
        balances = (await pay.GetBalance(pb.GetBalanceRequest(currency_code="USD"), metadata=teacher.metadata)).balances
        return bool(balances) and balances[0].pending.amount_minor == 0

    await eventually(available, message="earnings never became available")
    return share


async def test_a_teacher_onboards_on_the_test_page_and_is_paid_out(
    app: Application, channel2: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    pay = payment_pb2_grpc.PaymentServiceStub(channel2)
    users = user_pb2_grpc.UserServiceStub(channel2)
    learner, teacher = await member(token_for, users), await member(token_for, users)
    await fails(
        pay.GetPayoutAccount(pb.GetPayoutAccountRequest(), metadata=teacher.metadata),
        CODE.NOT_FOUND,
        "PAYOUT_ACCOUNT_NOT_FOUND",
    )
    payout = pb.CreatePayoutRequest(idempotency_key=str(uuid.uuid4()), amount=usd(1000))
    await fails(
        pay.CreatePayout(payout, metadata=teacher.metadata), CODE.FAILED_PRECONDITION, "PAYOUT_ACCOUNT_NOT_READY"
    )

    refused = await onboard(pay, teacher, "1234")
    assert refused.status_code == 400 and "test bank account" in refused.text
    done = await onboard(pay, teacher, "000123456789")
    assert done.status_code == 303 and done.headers["location"] == "http://app.test/payouts/done"
    account = (await pay.GetPayoutAccount(pb.GetPayoutAccountRequest(), metadata=teacher.metadata)).account
    assert account.status == pb.PAYOUT_ACCOUNT_STATUS_ACTIVE and account.payouts_enabled
    assert (account.country_code, account.default_currency_code) == ("DE", "EUR")
    assert (
        account.bank_account_summary.endswith("6789 (test bank)") and "000123456789" not in account.bank_account_summary
    )

    share = await earn(app, pay, learner, teacher, 5000)
    assert share == 4250
    too_small = pb.CreatePayoutRequest(idempotency_key=str(uuid.uuid4()), amount=usd(999))
    error = await fails(pay.CreatePayout(too_small, metadata=teacher.metadata), CODE.INVALID_ARGUMENT)
    assert bad_fields(error) == {"amount.amount_minor"}
    too_big = pb.CreatePayoutRequest(idempotency_key=str(uuid.uuid4()), amount=usd(4251))
    await fails(pay.CreatePayout(too_big, metadata=teacher.metadata), CODE.FAILED_PRECONDITION, "INSUFFICIENT_BALANCE")

    request = pb.CreatePayoutRequest(idempotency_key=str(uuid.uuid4()), amount=usd(4000))
    created = (await pay.CreatePayout(request, metadata=teacher.metadata)).payout
    assert created.status == pb.PAYOUT_STATUS_PENDING
    assert (await pay.CreatePayout(request, metadata=teacher.metadata)).payout.id == created.id

    async def paid() -> bool:
        got = await pay.GetPayout(pb.GetPayoutRequest(payout_id=created.id), metadata=teacher.metadata)
        return got.payout.status == pb.PAYOUT_STATUS_PAID

    await eventually(paid, message="the payout never arrived")
    balance = (await pay.GetBalance(pb.GetBalanceRequest(currency_code="USD"), metadata=teacher.metadata)).balances[0]
    assert (balance.available.amount_minor, balance.in_transit.amount_minor) == (250, 0)
    listed = await pay.ListPayouts(pb.ListPayoutsRequest(), metadata=teacher.metadata)
    assert [p.id for p in listed.payouts] == [created.id]
    await fails(
        pay.GetPayout(pb.GetPayoutRequest(payout_id=created.id), metadata=learner.metadata),
        CODE.NOT_FOUND,
        "PAYOUT_NOT_FOUND",
    )
    await fails(
        pay.ListPayouts(pb.ListPayoutsRequest(user_id=teacher.id), metadata=learner.metadata),
        CODE.PERMISSION_DENIED,
        "OTHER_MEMBER",
    )
    kinds = [
        (e.type, e.balance, e.amount.amount_minor)
        for e in (
            await pay.ListBalanceTransactions(pb.ListBalanceTransactionsRequest(), metadata=teacher.metadata)
        ).balance_transactions
    ][:3]
    assert kinds == [
        (pb.BALANCE_TRANSACTION_TYPE_PAYOUT_PAID, pb.BALANCE_TYPE_IN_TRANSIT, -4000),
        (pb.BALANCE_TRANSACTION_TYPE_PAYOUT, pb.BALANCE_TYPE_IN_TRANSIT, 4000),
        (pb.BALANCE_TRANSACTION_TYPE_PAYOUT, pb.BALANCE_TYPE_AVAILABLE, -4000),
    ]


async def test_a_payout_to_a_failing_test_bank_account_returns_the_money(
    app: Application, channel2: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    pay = payment_pb2_grpc.PaymentServiceStub(channel2)
    users = user_pb2_grpc.UserServiceStub(channel2)
    learner, teacher = await member(token_for, users), await member(token_for, users)
    assert (await onboard(pay, teacher, "000111111116", country="US")).status_code == 303
    share = await earn(app, pay, learner, teacher, 2000)
    created = (
        await pay.CreatePayout(pb.CreatePayoutRequest(idempotency_key="f", amount=usd(1500)), metadata=teacher.metadata)
    ).payout

    async def failed() -> pb.Payout | None:
        got = (await pay.GetPayout(pb.GetPayoutRequest(payout_id=created.id), metadata=teacher.metadata)).payout
        return got if got.status == pb.PAYOUT_STATUS_FAILED else None

    payout = await eventually(failed, message="the payout never failed")
    assert payout.failure_code == "no_account"
    balance = (await pay.GetBalance(pb.GetBalanceRequest(currency_code="USD"), metadata=teacher.metadata)).balances[0]
    assert (balance.available.amount_minor, balance.in_transit.amount_minor) == (share, 0)


async def test_create_payout_account_link_checks_urls_and_country(
    channel2: grpc.aio.Channel, token_for: Callable[..., str]
) -> None:
    pay = payment_pb2_grpc.PaymentServiceStub(channel2)
    who = caller(token_for)
    evil = pb.CreatePayoutAccountLinkRequest(
        return_url="https://evil.example/done", refresh_url="https://evil.example/again", country_code="DE"
    )
    error = await fails(pay.CreatePayoutAccountLink(evil, metadata=who.metadata), CODE.INVALID_ARGUMENT)
    assert bad_fields(error) == {"return_url", "refresh_url"}
    good = {"return_url": "http://app.test/a", "refresh_url": "http://app.test/b"}
    error = await fails(
        pay.CreatePayoutAccountLink(pb.CreatePayoutAccountLinkRequest(**good), metadata=who.metadata),
        CODE.INVALID_ARGUMENT,
    )
    assert bad_fields(error) == {"country_code"}
    await fails(
        pay.CreatePayoutAccountLink(
            pb.CreatePayoutAccountLinkRequest(**good, country_code="KP"), metadata=who.metadata
        ),
        CODE.FAILED_PRECONDITION,
        "COUNTRY_NOT_SUPPORTED",
    )
