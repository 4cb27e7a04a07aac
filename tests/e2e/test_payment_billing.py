"""Subscription renewals and dunning on two server processes, with real delayed jobs and a real SMTP server.

A database of its own (other test servers' workers would claim these jobs), billing periods of a few seconds
and retries seconds apart (`SKILLSPHERE_PAYMENT_SUBSCRIPTION_PERIOD_SECONDS`,
`SKILLSPHERE_PAYMENT_DUNNING_RETRY_DELAYS_SECONDS`), both processes' job workers on: each period renews
exactly once whichever process runs the job; a card that fails later (4000 0000 0000 0341) makes the
subscription PAST_DUE, the dunning emails arrive at the SMTP server, a card update pays at once, and after
the last retry the subscription ends with its benefit.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import asyncpg
import grpc
import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from skillsphere.payment.v1 import payment_pb2 as pb
from skillsphere.payment.v1 import payment_pb2_grpc
from skillsphere.user.v1 import user_pb2_grpc

from internal.app import Application
from pkg.tokens import TokenIssuer
from tests.conftest import free_port, scratch_database
from tests.e2e.conftest import _ensure_account_and_session, start_app
from tests.e2e.payment_helpers import checkout, tip
from tests.e2e.user_helpers import Caller, create_profile
from tests.support.server_process import ServerProcess
from tests.support.waiting import eventually

PERIOD_SECONDS = 4
RETRY_DELAYS = [2.0, 2.0]


@dataclass
class Mailbox:
    """An SMTP server's handler that keeps (recipient, subject, text) of every message."""

    received: list[tuple[str, str, str]] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content or b"", policy=policy.default)
        body = message.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""  # type: ignore[attr-defined]
        for to in envelope.rcpt_tos:
            self.received.append((to, str(message["subject"]), text))
        return "250 OK"

    def to(self, address: str) -> list[tuple[str, str]]:
        """(subject, text) of the messages to `address`."""
        return [(subject, text) for rcpt, subject, text in self.received if rcpt == address]


@dataclass
class Billing:
    """Two server processes on one database, an SMTP server, and a way to mint members."""

    app: Application
    second: ServerProcess
    mailbox: Mailbox
    database_url: str
    data_dir: Path
    issuer: TokenIssuer

    def member(self) -> Caller:
        subject = str(uuid.uuid4())
        session_id = _ensure_account_and_session(self.database_url, subject, ("learner",))
        token, _ = self.issuer.issue(subject=subject, session_id=session_id, roles=("learner",), email_verified=True)
        return Caller(subject, (("authorization", f"Bearer {token}"),))

    @property
    def http_base(self) -> str:
        assert self.app.http is not None
        return f"http://127.0.0.1:{self.app.http.port}"


@pytest.fixture(scope="module")
async def billing(
    postgres_admin_url: str, tmp_path_factory: pytest.TempPathFactory, log_capture: Any
) -> AsyncIterator[Billing]:
    mailbox = Mailbox()
    smtp_port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    settings: dict[str, Any] = {
        "payment_subscription_period_seconds": PERIOD_SECONDS,
        "payment_dunning_retry_delays_seconds": RETRY_DELAYS,
        "email_provider": "smtp",
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp_port,
        "smtp_starttls": False,
        "jobs_poll_interval_seconds": 0.2,
    }
    env = {f"SKILLSPHERE_{key.upper()}": str(value) for key, value in settings.items()}
    env["SKILLSPHERE_PAYMENT_DUNNING_RETRY_DELAYS_SECONDS"] = ",".join(str(d) for d in RETRY_DELAYS)
    try:
        async with scratch_database(postgres_admin_url, "skillsphere_billing") as database_url:
            data_dir: Path = tmp_path_factory.mktemp("billing-data")
            app, _ = await start_app(database_url, data_dir, **settings)
            second = ServerProcess(database_url, data_dir, worker=True, **env)
            try:
                await second.grpc_port()
                issuer = TokenIssuer(
                    app.keys, issuer=app.settings.jwt_issuer, audience=app.settings.jwt_audience, ttl_seconds=900
                )
                yield Billing(app, second, mailbox, database_url, data_dir, issuer)
            finally:
                second.stop()
                await app.stop()
    finally:
        controller.stop()


@pytest.fixture(scope="module")
async def pay(billing: Billing) -> AsyncIterator[payment_pb2_grpc.PaymentServiceStub]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{billing.app.grpc.port}") as channel:
        yield payment_pb2_grpc.PaymentServiceStub(channel)


@pytest.fixture(scope="module")
async def users(billing: Billing) -> AsyncIterator[user_pb2_grpc.UserServiceStub]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{billing.app.grpc.port}") as channel:
        yield user_pb2_grpc.UserServiceStub(channel)


async def subscribe(pay: payment_pb2_grpc.PaymentServiceStub, billing: Billing, who: Caller, card: str) -> str:
    plans = (await pay.ListSubscriptionPlans(pb.ListSubscriptionPlansRequest())).plans
    # The seeded Pro plan, not the trial plan another test of this module adds (plans list in no set order).
    plan = next(p for p in plans if p.tier == pb.SUBSCRIPTION_TIER_PRO and p.trial_days == 0)
    created = await pay.CreateSubscription(
        pb.CreateSubscriptionRequest(idempotency_key=str(uuid.uuid4()), plan_id=plan.id), metadata=who.metadata
    )
    assert (await checkout(billing.http_base, created.client_secret, card)).status_code == 200
    return created.subscription.id


async def invoices(pay: payment_pb2_grpc.PaymentServiceStub, who: Caller) -> list[pb.Invoice]:
    return list((await pay.ListInvoices(pb.ListInvoicesRequest(page_size=100), metadata=who.metadata)).invoices)


async def status(pay: payment_pb2_grpc.PaymentServiceStub, who: Caller, subscription_id: str) -> int:
    got = await pay.GetSubscription(pb.GetSubscriptionRequest(subscription_id=subscription_id), metadata=who.metadata)
    return int(got.subscription.status)


async def test_each_period_renews_exactly_once_across_two_server_processes(
    billing: Billing, pay: payment_pb2_grpc.PaymentServiceStub
) -> None:
    who = billing.member()
    subscription_id = await subscribe(pay, billing, who, "4242424242424242")

    async def three_paid() -> bool:
        found = await invoices(pay, who)
        return len(found) >= 3 and all(i.status == pb.INVOICE_STATUS_PAID for i in found[-3:])

    await eventually(three_paid, timeout=60, message="three paid periods")
    ended = await pay.CancelSubscription(
        pb.CancelSubscriptionRequest(subscription_id=subscription_id, cancel_immediately=True), metadata=who.metadata
    )
    assert ended.subscription.status == pb.SUBSCRIPTION_STATUS_CANCELED
    found = await invoices(pay, who)
    paid = [i for i in found if i.status == pb.INVOICE_STATUS_PAID]
    # Consecutive periods, each billed once, each paid by exactly one charge.
    periods = sorted((i.period_start_time.ToDatetime(), i.period_end_time.ToDatetime()) for i in paid)
    assert len({start for start, _ in periods}) == len(periods)
    assert all(a[1] == b[0] for a, b in zip(periods, periods[1:], strict=False))
    conn = await asyncpg.connect(billing.database_url)
    try:
        charges = await conn.fetchval(
            "SELECT count(*) FROM payments WHERE payer_id = $1 AND purpose = 'subscription' AND status = 'succeeded'",
            uuid.UUID(who.id),
        )
        unbalanced = await conn.fetchval(
            "SELECT count(*) FROM (SELECT transaction_id FROM payment_ledger_entries GROUP BY transaction_id "
            "HAVING sum(amount_minor) <> 0) t"
        )
    finally:
        await conn.close()
    assert charges == len(paid) and unbalanced == 0


async def test_a_failed_renewal_is_past_due_with_a_dunning_email_and_a_card_update_pays_at_once(
    billing: Billing, pay: payment_pb2_grpc.PaymentServiceStub
) -> None:
    who = billing.member()
    subscription_id = await subscribe(pay, billing, who, "4000000000000341")

    async def past_due() -> bool:
        return await status(pay, who, subscription_id) == pb.SUBSCRIPTION_STATUS_PAST_DUE

    await eventually(past_due, timeout=30, message="PAST_DUE")

    def dunning_email() -> tuple[str, str] | None:
        found = billing.mailbox.to(f"{who.id}@test.example")
        return found[0] if found else None

    subject, text = await eventually(dunning_email, timeout=30, message="a dunning email")
    assert "did not go through" in subject and "update your card" in text
    update = pb.UpdateSubscriptionCardRequest(idempotency_key=str(uuid.uuid4()), subscription_id=subscription_id)
    answer = await pay.UpdateSubscriptionCard(update, metadata=who.metadata)
    assert answer.checkout_url and answer.subscription.status == pb.SUBSCRIPTION_STATUS_PAST_DUE
    assert (await pay.UpdateSubscriptionCard(update, metadata=who.metadata)).client_secret == answer.client_secret
    assert (await checkout(billing.http_base, answer.client_secret, "4242424242424242")).status_code == 200
    assert await status(pay, who, subscription_id) == pb.SUBSCRIPTION_STATUS_ACTIVE
    latest = (await pay.GetSubscription(pb.GetSubscriptionRequest(), metadata=who.metadata)).subscription
    invoice = (
        await pay.GetInvoice(pb.GetInvoiceRequest(invoice_id=latest.latest_invoice_id), metadata=who.metadata)
    ).invoice
    assert invoice.status == pb.INVOICE_STATUS_PAID and invoice.amount_due.amount_minor == 0

    # The new card is saved: the next renewal is charged to it and succeeds.
    async def renewed_with_new_card() -> bool:
        found = await invoices(pay, who)
        return found[0].id != invoice.id and found[0].status == pb.INVOICE_STATUS_PAID

    await eventually(renewed_with_new_card, timeout=30, message="a renewal paid with the new card")
    await pay.CancelSubscription(
        pb.CancelSubscriptionRequest(subscription_id=subscription_id, cancel_immediately=True), metadata=who.metadata
    )


async def test_after_the_last_retry_the_subscription_ends_and_so_does_its_benefit(
    billing: Billing, pay: payment_pb2_grpc.PaymentServiceStub, users: user_pb2_grpc.UserServiceStub
) -> None:
    teacher, learner = billing.member(), billing.member()
    await create_profile(users, teacher, display_name="Dunning Teacher")
    subscription_id = await subscribe(pay, billing, teacher, "4000000000000341")
    assert (
        await pay.CreatePayment(tip(teacher, 1000), metadata=learner.metadata)
    ).payment.platform_fee.amount_minor == 100

    async def past_due() -> bool:
        return await status(pay, teacher, subscription_id) == pb.SUBSCRIPTION_STATUS_PAST_DUE

    await eventually(past_due, timeout=30, message="PAST_DUE")
    # Benefits stay on while PAST_DUE.
    assert (
        await pay.CreatePayment(tip(teacher, 1000), metadata=learner.metadata)
    ).payment.platform_fee.amount_minor == 100

    async def ended() -> bool:
        return await status(pay, teacher, subscription_id) == pb.SUBSCRIPTION_STATUS_CANCELED

    await eventually(ended, timeout=60, message="CANCELED after the last retry")
    renewal = (await invoices(pay, teacher))[0]
    assert renewal.status == pb.INVOICE_STATUS_UNCOLLECTIBLE and renewal.amount_due.amount_minor == 0
    assert (
        await pay.CreatePayment(tip(teacher, 1000), metadata=learner.metadata)
    ).payment.platform_fee.amount_minor == 150

    def emails() -> list[str] | None:
        subjects = [subject for subject, _ in billing.mailbox.to(f"{teacher.id}@test.example")]
        return subjects if len(subjects) >= 1 + len(RETRY_DELAYS) else None

    subjects = await eventually(emails, timeout=30, message="every dunning email")
    assert len(subjects) == 1 + len(RETRY_DELAYS)
    assert sum("did not go through" in s for s in subjects) == len(RETRY_DELAYS)
    assert "has ended" in subjects[-1]
    conn = await asyncpg.connect(billing.database_url)
    try:
        attempts = await conn.fetchval(
            "SELECT count(*) FROM payments WHERE payer_id = $1 AND purpose = 'subscription' AND status = 'failed'",
            uuid.UUID(teacher.id),
        )
    finally:
        await conn.close()
    assert attempts == 1 + len(RETRY_DELAYS)  # the renewal and each retry, once each


async def test_a_trial_saves_a_card_without_charging_and_charges_it_at_the_trials_end(
    billing: Billing, pay: payment_pb2_grpc.PaymentServiceStub
) -> None:
    plan_id = uuid.uuid4()
    conn = await asyncpg.connect(billing.database_url)
    try:
        await conn.execute(
            "INSERT INTO payment_plans (id, tier, name, description, price_minor, currency, billing_interval, "
            "trial_days, fee_basis_points) VALUES ($1, 'pro', 'Pro with trial', 'Try it.', 999, 'USD', 'month', "
            "14, 1000)",
            plan_id,
        )
    finally:
        await conn.close()
    who = billing.member()
    created = await pay.CreateSubscription(
        pb.CreateSubscriptionRequest(idempotency_key=str(uuid.uuid4()), plan_id=str(plan_id)), metadata=who.metadata
    )
    trial = created.subscription
    assert trial.status == pb.SUBSCRIPTION_STATUS_TRIALING and trial.trial_end_time == trial.current_period_end_time
    assert "/test-setup?setup_secret=" in created.checkout_url and created.client_secret.startswith("seti_")
    free = (
        await pay.GetInvoice(pb.GetInvoiceRequest(invoice_id=trial.latest_invoice_id), metadata=who.metadata)
    ).invoice
    assert (free.total.amount_minor, free.status) == (0, pb.INVOICE_STATUS_PAID)

    async with httpx.AsyncClient(base_url=billing.http_base) as http:
        forged = await http.get("/test-setup", params={"setup_secret": "seti_00_secret_x"})
        assert forged.status_code == 404
        declined = await http.post(
            "/test-setup", data={"setup_secret": created.client_secret, "card_number": "4000000000000002"}
        )
        assert declined.status_code == 400 and 'data-status="missing"' in declined.text
        saved = await http.post(
            "/test-setup", data={"setup_secret": created.client_secret, "card_number": "4242 4242 4242 4242"}
        )
        assert saved.status_code == 200 and 'data-status="saved"' in saved.text
    got = await pay.GetSubscription(pb.GetSubscriptionRequest(), metadata=who.metadata)
    assert got.client_secret == "" and got.subscription.status == pb.SUBSCRIPTION_STATUS_TRIALING

    async def charged_at_trial_end() -> pb.Invoice | None:
        latest = (await invoices(pay, who))[0]
        return latest if latest.id != free.id and latest.status == pb.INVOICE_STATUS_PAID else None

    first_charge = await eventually(charged_at_trial_end, timeout=30, message="the trial's end charged")
    assert first_charge.total.amount_minor == 999
    assert first_charge.period_start_time == trial.trial_end_time
    assert await status(pay, who, trial.id) == pb.SUBSCRIPTION_STATUS_ACTIVE
    await pay.CancelSubscription(
        pb.CancelSubscriptionRequest(subscription_id=trial.id, cancel_immediately=True), metadata=who.metadata
    )


async def test_a_renewal_due_while_no_worker_runs_happens_once_after_a_restart(
    billing: Billing, pay: payment_pb2_grpc.PaymentServiceStub
) -> None:
    # Last in the module: it restarts the second server process.
    who = billing.member()
    await billing.app.stop_worker()
    billing.second.stop()
    restarted: ServerProcess | None = None
    conn = await asyncpg.connect(billing.database_url)
    try:
        subscription_id = await subscribe(pay, billing, who, "4242424242424242")

        async def overdue() -> bool:
            count = await conn.fetchval(
                "SELECT count(*) FROM jobs WHERE kind = 'payment.subscription_renew' AND status = 'pending' "
                "AND payload->>'subscription_id' = $1 AND run_at < now()",
                subscription_id,
            )
            return bool(count)

        await eventually(overdue, timeout=30, message="the renewal overdue")
        assert len(await invoices(pay, who)) == 1  # nothing renews without a worker

        env = {
            "SKILLSPHERE_PAYMENT_SUBSCRIPTION_PERIOD_SECONDS": "3600",
            "SKILLSPHERE_JOBS_POLL_INTERVAL_SECONDS": "0.2",
        }
        restarted = ServerProcess(billing.database_url, billing.data_dir, worker=True, **env)
        await restarted.grpc_port()

        async def renewed() -> bool:
            found = await invoices(pay, who)
            return len(found) == 2 and found[0].status == pb.INVOICE_STATUS_PAID

        await eventually(renewed, timeout=30, message="the overdue renewal after the restart")
        assert (
            await conn.fetchval(
                "SELECT count(*) FROM payments WHERE payer_id = $1 AND purpose = 'subscription'", uuid.UUID(who.id)
            )
            == 2
        )
        await pay.CancelSubscription(
            pb.CancelSubscriptionRequest(subscription_id=subscription_id, cancel_immediately=True),
            metadata=who.metadata,
        )
    finally:
        await conn.close()
        if restarted is not None:
            restarted.stop()
        await billing.app.start_worker()
