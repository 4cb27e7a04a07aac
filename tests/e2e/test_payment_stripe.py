"""The Stripe adapter end to end: a server configured with payment_provider=stripe, pointed at local servers
that speak Stripe's wire format — `localstripe` (customers, PaymentIntents, refunds, signed webhooks) and
tests/support/stripe_connect.py (Connect accounts, account links, transfers, payouts, disputes). Nothing of
ours is patched: the payer confirms the PaymentIntent at the local Stripe as Stripe.js would, and the
server learns the outcome from signed webhooks, whose job re-reads the object from "Stripe"."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import asyncpg
import grpc
import httpx
import pytest
from localstripe import server as localstripe_server
from skillsphere.payment.v1 import payment_pb2 as pb
from skillsphere.payment.v1 import payment_pb2_grpc
from skillsphere.user.v1 import user_pb2_grpc

from internal.app import Application
from internal.payment.provider import ProviderError
from internal.payment.stripe_provider import StripeProvider
from tests.e2e.conftest import start_app
from tests.e2e.payment_helpers import fails, member, open_session_escrow, tip, usd
from tests.e2e.user_helpers import Caller
from tests.support.server_process import ServerProcess
from tests.support.stripe_connect import StripeConnectServer, post_signed, run, sign
from tests.support.waiting import eventually

CODE = grpc.StatusCode
SECRET_KEY = "sk_test_skillsphere_local"
WEBHOOK_SECRET = "whsec_skillsphere_local_test"


@pytest.fixture(scope="module")
async def stripe_api() -> AsyncIterator[str]:
    """localstripe's aiohttp app, run here on 127.0.0.1 (never on all interfaces)."""
    runner, base = await run(localstripe_server.app)
    yield base
    await runner.cleanup()


@pytest.fixture(scope="module")
async def connect() -> AsyncIterator[StripeConnectServer]:
    """Our local Connect/disputes server."""
    fake = StripeConnectServer()
    runner, fake.base_url = await run(fake.app)
    yield fake
    await runner.cleanup()


@pytest.fixture(scope="module")
async def app(
    server: Application, database_url: str, stripe_api: str, connect: StripeConnectServer
) -> AsyncIterator[Application]:
    """A server on the Stripe provider (same data dir as the shared one, so tokens are valid), with both
    local servers delivering their webhooks to its POST /webhooks/stripe."""
    started, _ = await start_app(
        database_url,
        server.settings.data_dir,
        payment_provider="stripe",
        stripe_secret_key=SECRET_KEY,
        stripe_webhook_secret=WEBHOOK_SECRET,
        stripe_api_base=stripe_api,
        stripe_connect_api_base=connect.base_url,
        payment_settlement_delay_seconds=0,
        payment_settle_interval_seconds=0.3,
        payment_reconcile_interval_seconds=0.5,
        jobs_poll_interval_seconds=0.1,
        jobs_backoff_base_seconds=0.2,
    )
    assert started.http is not None
    hook = f"http://127.0.0.1:{started.http.port}/webhooks/stripe"
    async with httpx.AsyncClient() as http:
        for base in (stripe_api, connect.base_url):
            answer = await http.post(
                f"{base}/_config/webhooks/skillsphere", data={"url": hook, "secret": WEBHOOK_SECRET}
            )
            assert answer.status_code == 200
    yield started
    await started.stop()


@pytest.fixture(scope="module")
async def pay(app: Application) -> AsyncIterator[payment_pb2_grpc.PaymentServiceStub]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{app.grpc.port}") as ch:
        yield payment_pb2_grpc.PaymentServiceStub(ch)


@pytest.fixture(scope="module")
async def users(app: Application) -> AsyncIterator[user_pb2_grpc.UserServiceStub]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{app.grpc.port}") as ch:
        yield user_pb2_grpc.UserServiceStub(ch)


def webhook_url(app: Application) -> str:
    assert app.http is not None
    return f"http://127.0.0.1:{app.http.port}/webhooks/stripe"


async def confirm(stripe_api: str, intent: str, payment_method: str = "pm_card_visa") -> httpx.Response:
    """What Stripe.js does with the client secret: attach a card and confirm the PaymentIntent."""
    auth = {"Authorization": f"Bearer {SECRET_KEY}"}
    async with httpx.AsyncClient(base_url=stripe_api, headers=auth) as http:
        attached = await http.post(f"/v1/payment_intents/{intent}", data={"payment_method": payment_method})
        assert attached.status_code == 200, attached.text
        return await http.post(f"/v1/payment_intents/{intent}/confirm")


def intent_of(client_secret: str) -> str:
    return client_secret.split("_secret_", 1)[0]


async def payment_status(pay: payment_pb2_grpc.PaymentServiceStub, who: Caller, payment_id: str) -> Any:
    return (await pay.GetPayment(pb.GetPaymentRequest(payment_id=payment_id), metadata=who.metadata)).payment


async def paid_tip(
    pay: payment_pb2_grpc.PaymentServiceStub, stripe_api: str, learner: Caller, teacher: Caller, amount: int = 2000
) -> tuple[Any, str]:
    created = await pay.CreatePayment(tip(teacher, amount), metadata=learner.metadata)
    intent = intent_of(created.client_secret)
    assert (await confirm(stripe_api, intent)).status_code == 200

    async def succeeded() -> bool:
        return (await payment_status(pay, learner, created.payment.id)).status == pb.PAYMENT_STATUS_SUCCEEDED

    await eventually(succeeded, message="payment_intent.succeeded never reached the payment")
    return created, intent


async def db_rows(database_url: str, query: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(database_url)
    try:
        return await conn.fetch(query, *args)
    finally:
        await conn.close()


async def test_a_tip_is_paid_through_a_payment_intent_and_refunded_at_stripe(
    app: Application,
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    stripe_api: str,
    token_for: Callable[..., str],
) -> None:
    learner, teacher = await member(token_for, users), await member(token_for, users)
    request = tip(teacher, 2000)
    created = await pay.CreatePayment(request, metadata=learner.metadata)
    assert created.payment.status == pb.PAYMENT_STATUS_REQUIRES_ACTION
    assert created.client_secret.startswith("pi_") and created.checkout_url == ""
    # The same idempotency key replays the same PaymentIntent (one charge).
    again = await pay.CreatePayment(request, metadata=learner.metadata)
    assert (again.payment.id, again.client_secret) == (created.payment.id, created.client_secret)
    intent = intent_of(created.client_secret)
    rows = await db_rows(
        app.database.url, "SELECT provider, provider_ref FROM payments WHERE id = $1", uuid.UUID(created.payment.id)
    )
    assert (rows[0]["provider"], rows[0]["provider_ref"]) == ("stripe", intent)

    # The offline test checkout never pays a Stripe payment, even with the secret the offline processor
    # would derive for it.
    assert app.payment_secrets is not None and app.http is not None
    derived = app.payment_secrets.issue(uuid.UUID(created.payment.id))
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{app.http.port}") as http:
        offline = await http.post(
            "/test-checkout", data={"client_secret": derived, "card_number": "4242424242424242", "action": "pay"}
        )
    assert offline.status_code == 404

    assert (await confirm(stripe_api, intent)).status_code == 200

    async def succeeded() -> bool:
        return (await payment_status(pay, learner, created.payment.id)).status == pb.PAYMENT_STATUS_SUCCEEDED

    await eventually(succeeded, message="payment_intent.succeeded never reached the payment")
    balance = (await pay.GetBalance(pb.GetBalanceRequest(currency_code="USD"), metadata=teacher.metadata)).balances[0]
    assert balance.pending.amount_minor + balance.available.amount_minor == 1700  # 2000 minus the 15 % fee

    refund_request = pb.RefundPaymentRequest(
        idempotency_key=str(uuid.uuid4()), payment_id=created.payment.id, amount=usd(500)
    )
    refunded = await pay.RefundPayment(refund_request, metadata=teacher.metadata)
    assert refunded.payment.status == pb.PAYMENT_STATUS_PARTIALLY_REFUNDED
    assert refunded.refund.status in (pb.REFUND_STATUS_SUCCEEDED, pb.REFUND_STATUS_PENDING)
    again_refund = await pay.RefundPayment(refund_request, metadata=teacher.metadata)
    assert again_refund.refund.id == refunded.refund.id
    async with httpx.AsyncClient(base_url=stripe_api, headers={"Authorization": f"Bearer {SECRET_KEY}"}) as http:
        at_stripe = (await http.get("/v1/refunds", params={"payment_intent": intent})).json()["data"]
    assert [r["amount"] for r in at_stripe] == [500]  # the retried RPC made no second refund at Stripe


async def test_a_declined_card_fails_the_payment_from_its_webhook(
    app: Application,
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    stripe_api: str,
    token_for: Callable[..., str],
) -> None:
    learner, teacher = await member(token_for, users), await member(token_for, users)
    created = await pay.CreatePayment(tip(teacher, 1500), metadata=learner.metadata)
    declined = await confirm(stripe_api, intent_of(created.client_secret), "pm_card_chargeCustomerFail")
    assert declined.status_code in (200, 402)  # localstripe declines this card asynchronously

    async def failed() -> bool:
        return (await payment_status(pay, learner, created.payment.id)).status == pb.PAYMENT_STATUS_FAILED

    await eventually(failed, message="payment_intent.payment_failed never reached the payment")
    got = await payment_status(pay, learner, created.payment.id)
    assert got.failure_code == "card_declined"
    async with httpx.AsyncClient(base_url=stripe_api, headers={"Authorization": f"Bearer {SECRET_KEY}"}) as http:
        intent = (await http.get(f"/v1/payment_intents/{intent_of(created.client_secret)}")).json()
    assert intent["status"] == "canceled"  # no later attempt can capture a payment we recorded as FAILED


async def test_a_bad_signature_is_refused_and_nothing_is_recorded(app: Application) -> None:
    event_id = f"evt_{uuid.uuid4().hex}"
    body = json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": "payment_intent.succeeded",
            "data": {"object": {"id": "pi_x", "object": "payment_intent"}},
        }
    ).encode()
    async with httpx.AsyncClient() as http:
        forged = await http.post(
            webhook_url(app), content=body, headers={"Stripe-Signature": sign("whsec_someone_else", body)}
        )
        unsigned = await http.post(webhook_url(app), content=body)
        stale = await http.post(
            webhook_url(app),
            content=body,
            headers={"Stripe-Signature": sign(WEBHOOK_SECRET, body, int(time.time()) - 3600)},
        )
    assert (forged.status_code, unsigned.status_code, stale.status_code) == (400, 400, 400)
    assert await db_rows(app.database.url, "SELECT id FROM payment_webhook_events WHERE id = $1", event_id) == []


async def test_events_twice_and_out_of_order_converge_on_stripes_state(
    app: Application,
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    stripe_api: str,
    token_for: Callable[..., str],
) -> None:
    learner, teacher = await member(token_for, users), await member(token_for, users)
    created, intent = await paid_tip(pay, stripe_api, learner, teacher)
    # A late payment_failed (an earlier attempt's) and a repeated succeeded, each delivered twice.
    late_failed = {
        "id": f"evt_{uuid.uuid4().hex}",
        "object": "event",
        "type": "payment_intent.payment_failed",
        "created": int(time.time()),
        "data": {"object": {"id": intent, "object": "payment_intent", "status": "requires_payment_method"}},
    }
    repeated = {**late_failed, "id": f"evt_{uuid.uuid4().hex}", "type": "payment_intent.succeeded"}
    for event in (late_failed, late_failed, repeated, repeated):
        assert await post_signed(webhook_url(app), WEBHOOK_SECRET, json.dumps(event).encode()) == 200
    recorded = await db_rows(
        app.database.url,
        "SELECT id FROM payment_webhook_events WHERE id = ANY($1)",
        [late_failed["id"], repeated["id"]],
    )
    assert len(recorded) == 2

    async def handled() -> bool:
        done = await db_rows(
            app.database.url,
            "SELECT count(*) AS n FROM jobs WHERE kind = 'payment.stripe_event' AND payload->>'event_id' = ANY($1) "
            "AND status = 'done'",
            [late_failed["id"], repeated["id"]],
        )
        return done[0]["n"] == 2

    await eventually(handled, message="the events were never processed")
    assert (await payment_status(pay, learner, created.payment.id)).status == pb.PAYMENT_STATUS_SUCCEEDED
    ledger = await db_rows(
        app.database.url,
        "SELECT kind FROM payment_ledger_transactions WHERE payment_id = $1",
        uuid.UUID(created.payment.id),
    )
    assert [r["kind"] for r in ledger] == ["payment"]  # one capture in the ledger, however many events


async def test_escrow_release_transfers_to_the_onboarded_teacher_who_is_paid_out(
    app: Application,
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    stripe_api: str,
    connect: StripeConnectServer,
    token_for: Callable[..., str],
) -> None:
    learner, teacher = await member(token_for, users), await member(token_for, users)
    opened = await open_session_escrow(app, learner, teacher, 5000)
    assert opened.client_secret.startswith("pi_")
    await confirm(stripe_api, intent_of(opened.client_secret))

    async def held() -> bool:
        got = await pay.GetEscrow(pb.GetEscrowRequest(escrow_id=opened.escrow_id), metadata=learner.metadata)
        return got.escrow.status == pb.ESCROW_STATUS_HELD

    await eventually(held, message="the escrow was never funded")

    link = await pay.CreatePayoutAccountLink(
        pb.CreatePayoutAccountLinkRequest(
            return_url="http://app.test/payouts/done", refresh_url="http://app.test/payouts/again", country_code="US"
        ),
        metadata=teacher.metadata,
    )
    assert link.url.startswith(connect.base_url + "/connect/onboard/acct_")
    account_ref = link.url.split("/connect/onboard/", 1)[1].split("?", 1)[0]
    assert connect.accounts[account_ref]["type"] == "express"
    # Released before onboarding: the transfer waits for the account.
    released = await pay.ReleaseEscrow(
        pb.ReleaseEscrowRequest(idempotency_key=str(uuid.uuid4()), escrow_id=opened.escrow_id),
        metadata=learner.metadata,
    )
    share = released.escrow.released_amount.amount_minor
    assert share == 4250
    async with httpx.AsyncClient() as http:
        done = await http.post(link.url, data={"account_number": "000123456789"})
    assert done.status_code == 303

    async def active() -> bool:
        got = await pay.GetPayoutAccount(pb.GetPayoutAccountRequest(), metadata=teacher.metadata)
        return got.account.status == pb.PAYOUT_ACCOUNT_STATUS_ACTIVE

    await eventually(active, message="account.updated never activated the payout account")
    group = f"escrow_{uuid.UUID(opened.escrow_id).hex}"

    def transferred() -> list[dict[str, Any]]:
        return [t for t in connect.transfers.values() if t["transfer_group"] == group]

    await eventually(lambda: bool(transferred()), message="the teacher's share was never transferred")
    (transfer,) = transferred()
    assert (transfer["amount"], transfer["destination"]) == (share, account_ref)
    assert transfer["source_transaction"].startswith("ch_")

    async def available() -> bool:
        got = await pay.GetBalance(pb.GetBalanceRequest(currency_code="USD"), metadata=teacher.metadata)
        return bool(got.balances) and got.balances[0].available.amount_minor == share

    await eventually(available, message="earnings never became available")
    created = (
        await pay.CreatePayout(
            pb.CreatePayoutRequest(idempotency_key=str(uuid.uuid4()), amount=usd(4000)), metadata=teacher.metadata
        )
    ).payout

    async def paid() -> bool:
        got = await pay.GetPayout(pb.GetPayoutRequest(payout_id=created.id), metadata=teacher.metadata)
        return got.payout.status == pb.PAYOUT_STATUS_PAID

    await eventually(paid, message="the payout never arrived")
    payouts = list(connect.payouts.values())
    assert [(p["amount"], p["_account"]) for p in payouts if p["_account"] == account_ref] == [(4000, account_ref)]


async def test_a_dispute_on_a_held_escrow_freezes_it_and_a_lost_one_refunds_the_payer(
    app: Application,
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    stripe_api: str,
    connect: StripeConnectServer,
    token_for: Callable[..., str],
) -> None:
    learner, teacher = await member(token_for, users), await member(token_for, users)
    opened = await open_session_escrow(app, learner, teacher, 3000)
    intent = intent_of(opened.client_secret)
    await confirm(stripe_api, intent)

    async def escrow_status(expected: int) -> bool:
        got = await pay.GetEscrow(pb.GetEscrowRequest(escrow_id=opened.escrow_id), metadata=learner.metadata)
        return got.escrow.status == expected

    await eventually(lambda: escrow_status(pb.ESCROW_STATUS_HELD), message="never funded")
    async with httpx.AsyncClient(base_url=connect.base_url) as http:
        dispute = (await http.post("/_test/disputes", data={"payment_intent": intent, "amount": "3000"})).json()
    await eventually(lambda: escrow_status(pb.ESCROW_STATUS_DISPUTED), message="the dispute was never recorded")
    await fails(
        pay.ReleaseEscrow(
            pb.ReleaseEscrowRequest(idempotency_key=str(uuid.uuid4()), escrow_id=opened.escrow_id),
            metadata=learner.metadata,
        ),
        CODE.FAILED_PRECONDITION,
        "ESCROW_NOT_HELD",
    )
    balance = (await pay.GetBalance(pb.GetBalanceRequest(currency_code="USD"), metadata=teacher.metadata)).balances
    assert balance[0].in_escrow.amount_minor == 0
    async with httpx.AsyncClient(base_url=connect.base_url) as http:
        await http.post(f"/_test/disputes/{dispute['id']}/close", data={"status": "lost"})
    await eventually(lambda: escrow_status(pb.ESCROW_STATUS_REFUNDED), message="the lost dispute never closed it")
    entries = await pay.ListBalanceTransactions(pb.ListBalanceTransactionsRequest(), metadata=teacher.metadata)
    assert pb.BALANCE_TRANSACTION_TYPE_DISPUTE_OPENED in [e.type for e in entries.balance_transactions]


async def test_a_won_dispute_on_a_tip_restores_the_payment(
    app: Application,
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    stripe_api: str,
    connect: StripeConnectServer,
    token_for: Callable[..., str],
) -> None:
    learner, teacher = await member(token_for, users), await member(token_for, users)
    created, intent = await paid_tip(pay, stripe_api, learner, teacher, 2500)
    async with httpx.AsyncClient(base_url=connect.base_url) as http:
        dispute = (await http.post("/_test/disputes", data={"payment_intent": intent, "amount": "2500"})).json()

    async def status_is(expected: int) -> bool:
        return (await payment_status(pay, learner, created.payment.id)).status == expected

    await eventually(lambda: status_is(pb.PAYMENT_STATUS_DISPUTED), message="the dispute was never recorded")
    async with httpx.AsyncClient(base_url=connect.base_url) as http:
        await http.post(f"/_test/disputes/{dispute['id']}/close", data={"status": "won"})
    await eventually(lambda: status_is(pb.PAYMENT_STATUS_SUCCEEDED), message="the won dispute never restored it")
    kinds = await db_rows(
        app.database.url,
        "SELECT kind FROM payment_ledger_transactions WHERE payment_id = $1 ORDER BY created_at",
        uuid.UUID(created.payment.id),
    )
    assert [r["kind"] for r in kinds] == ["payment", "dispute_opened", "dispute_won"]


async def test_reconciliation_reports_a_charge_the_ledger_does_not_know(app: Application, stripe_api: str) -> None:
    auth = {"Authorization": f"Bearer {SECRET_KEY}"}
    async with httpx.AsyncClient(base_url=stripe_api, headers=auth) as http:
        stray = (
            await http.post(
                "/v1/payment_intents",
                data={"amount": "777", "currency": "usd", "payment_method": "pm_card_visa", "confirm": "true"},
            )
        ).json()

    async def reported() -> bool:
        runs = await db_rows(
            app.database.url,
            "SELECT details FROM payment_reconciliation_runs WHERE provider = 'stripe' "
            "ORDER BY created_at DESC LIMIT 1",
        )
        return bool(runs) and any(d.get("ref") == stray["id"] for d in json.loads(runs[0]["details"]))

    await eventually(reported, message="reconciliation never reported the stray charge")
    gauge = app.registry.get_sample_value("skillsphere_payment_reconciliation_drift", {"provider": "stripe"})
    assert gauge is not None and gauge >= 1


async def test_the_same_event_at_two_replicas_at_once_is_recorded_and_processed_once(
    app: Application,
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    stripe_api: str,
    connect: StripeConnectServer,
    database_url: str,
    token_for: Callable[..., str],
) -> None:
    second = ServerProcess(
        database_url,
        app.settings.data_dir,
        SKILLSPHERE_PAYMENT_PROVIDER="stripe",
        SKILLSPHERE_STRIPE_SECRET_KEY=SECRET_KEY,
        SKILLSPHERE_STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        SKILLSPHERE_STRIPE_API_BASE=stripe_api,
        SKILLSPHERE_STRIPE_CONNECT_API_BASE=connect.base_url,
    )
    try:
        await second.grpc_port()
        other = f"http://127.0.0.1:{second.records('serving')[0]['http_port']}/webhooks/stripe"
        learner, teacher = await member(token_for, users), await member(token_for, users)
        created, intent = await paid_tip(pay, stripe_api, learner, teacher)
        event = {
            "id": f"evt_{uuid.uuid4().hex}",
            "object": "event",
            "type": "payment_intent.succeeded",
            "created": int(time.time()),
            "data": {"object": {"id": intent, "object": "payment_intent", "status": "succeeded"}},
        }
        body = json.dumps(event).encode()
        answers = await asyncio.gather(
            *(post_signed(url, WEBHOOK_SECRET, body) for url in (webhook_url(app), other, webhook_url(app), other))
        )
        assert answers == [200, 200, 200, 200]
        recorded = await db_rows(app.database.url, "SELECT id FROM payment_webhook_events WHERE id = $1", event["id"])
        jobs = await db_rows(
            app.database.url,
            "SELECT id FROM jobs WHERE kind = 'payment.stripe_event' AND payload->>'event_id' = $1",
            event["id"],
        )
        assert (len(recorded), len(jobs)) == (1, 1)
    finally:
        second.stop()


async def test_refunds_and_cancels_of_escrows_and_payments_happen_at_stripe(
    app: Application,
    pay: payment_pb2_grpc.PaymentServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    stripe_api: str,
    token_for: Callable[..., str],
) -> None:
    learner, teacher = await member(token_for, users), await member(token_for, users)
    auth = {"Authorization": f"Bearer {SECRET_KEY}"}
    # An unpaid payment cancelled by its payer: the PaymentIntent is cancelled too.
    unpaid = await pay.CreatePayment(tip(teacher, 900), metadata=learner.metadata)
    await pay.CancelPayment(pb.CancelPaymentRequest(payment_id=unpaid.payment.id), metadata=learner.metadata)
    # A held escrow refunded in part by its payee: Stripe refunds that part, once for a retried RPC.
    opened = await open_session_escrow(app, learner, teacher, 4000)
    intent = intent_of(opened.client_secret)
    await confirm(stripe_api, intent)

    async def held() -> bool:
        got = await pay.GetEscrow(pb.GetEscrowRequest(escrow_id=opened.escrow_id), metadata=learner.metadata)
        return got.escrow.status == pb.ESCROW_STATUS_HELD

    await eventually(held, message="the escrow was never funded")
    request = pb.RefundEscrowRequest(idempotency_key=str(uuid.uuid4()), escrow_id=opened.escrow_id, amount=usd(1000))
    first = await pay.RefundEscrow(request, metadata=teacher.metadata)
    again = await pay.RefundEscrow(request, metadata=teacher.metadata)
    assert first.escrow.status == pb.ESCROW_STATUS_SPLIT and again.refund.id == first.refund.id
    async with httpx.AsyncClient(base_url=stripe_api, headers=auth) as http:
        cancelled = (await http.get(f"/v1/payment_intents/{intent_of(unpaid.client_secret)}")).json()
        refunds = (await http.get("/v1/refunds", params={"payment_intent": intent})).json()["data"]
    assert cancelled["status"] == "canceled"
    assert [r["amount"] for r in refunds] == [1000]


async def test_the_adapter_reads_stripes_error_envelope(connect: StripeConnectServer) -> None:
    provider = StripeProvider(secret_key=SECRET_KEY, api_base=connect.base_url)
    with pytest.raises(ProviderError) as missing:
        await provider.transfer(
            account_ref="acct_nobody",
            amount_minor=100,
            currency="USD",
            transfer_group="g",
            source_charge="",
            idempotency_key=str(uuid.uuid4()),
        )
    assert (missing.value.code, missing.value.retryable) == ("resource_missing", False)
    bad_key = StripeProvider(secret_key="rk_not_a_secret", api_base=connect.base_url)
    with pytest.raises(ProviderError) as refused:
        await bad_key.retrieve_account("acct_x")
    assert refused.value.retryable is False
    # Same idempotency key: the same account, as Stripe replays the first answer.
    key, user = str(uuid.uuid4()), uuid.uuid4()
    first = await provider.create_account(user_id=user, country="US", idempotency_key=key)
    second = await provider.create_account(user_id=user, country="US", idempotency_key=key)
    assert first == second and first.startswith("acct_")
    assert sum(1 for a in connect.accounts.values() if a["metadata"].get("user_id") == str(user)) == 1
