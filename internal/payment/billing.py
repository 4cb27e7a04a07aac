"""Subscription billing: every change of a subscription's state happens here, so the offline processor and a
provider's webhooks can drive the same transitions.

    (plan with trial days) --> TRIALING                      (a 0 invoice PAID, renewal job at the trial end)
    TRIALING --trial end: the saved card is charged--> ACTIVE (or PAST_DUE when declined or no card saved)
    INCOMPLETE --first payment succeeds--> ACTIVE            (invoice PAID, renewal job at the period end)
    INCOMPLETE --declined / 24 h unpaid--> CANCELED          (invoice VOID)
    ACTIVE --period end, cancel_at_period_end--> CANCELED
    ACTIVE --period end: renewal charge of the saved card succeeds--> ACTIVE (next period, invoice PAID)
    ACTIVE --renewal charge declined--> PAST_DUE             (invoice OPEN, retry job, dunning email)
    PAST_DUE --a retry or the card update's checkout succeeds--> ACTIVE
    PAST_DUE --the last retry declined--> CANCELED           (invoice UNCOLLECTIBLE, last dunning email)

Renewals and retries are delayed jobs (`payment.subscription_renew`, `payment.subscription_retry`) enqueued
in the transaction that makes them due, with a dedupe key per period / attempt. Each handler locks the
subscription row and re-checks that the subscription is still in the state the job was made for (same
period end, same attempt), so a job that runs twice — two server processes, a retried job, a restart in the
middle — charges once: the second run finds the period already advanced (or the invoice paid) and does
nothing. The jobs live in the database, so a restart only delays them.

A provider adapter drives the same transitions: its webhook job calls `payment_succeeded` / `payment_failed`
for the provider's invoice payments (Stripe's invoice.paid / invoice.payment_failed, re-reading the object),
and replaces `charge_saved_card` (the offline processor's off-session charge) with the provider's.

Lock order: subscription, then invoice, then payment rows created here (new rows). The hosted checkout
locks the payment first and then the subscription; the only other path locking both (CancelSubscription of
an INCOMPLETE subscription) is as before.

The plan's benefit (its platform fee, `PaymentRepository.fee_basis_points`) holds while the subscription is
ACTIVE, TRIALING or PAST_DUE and its current period runs: it starts the moment the first payment succeeds
and stops when the subscription is CANCELED.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from internal.payment import ledger
from internal.payment.invoices import InvoiceRepository, Line, mark_paid, new_invoice, period_text
from internal.payment.models import (
    BillingReason,
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentPurpose,
    PaymentStatus,
    Plan,
    Subscription,
    SubscriptionStatus,
)
from internal.payment.money import Money
from internal.payment.processor import CardOutcome, CardResult, card_digits, card_result, saved_card_charge
from internal.payment.repository import PaymentRepository
from pkg.db import UnitOfWorkFactory
from pkg.email import enqueue_email
from pkg.jobs import enqueue
from pkg.log import get_logger

log = get_logger("payment.billing")

RENEW_JOB = "payment.subscription_renew"
RETRY_JOB = "payment.subscription_retry"
# Billing periods by plan interval (a month is 30 days, a year 365).
BILLING_PERIODS = {"month": timedelta(days=30), "year": timedelta(days=365)}
# Dunning: after a declined renewal, retries 3, 8 and 14 days later (delays between attempts); the
# subscription ends after the last one fails.
DEFAULT_RETRY_DELAYS = (timedelta(days=3), timedelta(days=5), timedelta(days=6))


class SubscriberEmails(Protocol):
    """Where to send a subscriber's billing emails (the auth domain's AuthService satisfies it)."""

    async def account_emails(self, account_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        """The email addresses of these accounts, by id; unknown ids are left out."""
        ...


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Billing:
    """The subscription state machine and its jobs (see the module docstring).

    `period` overrides the plan's billing interval (tests and demos: renewals every few seconds);
    `retry_delays` is the dunning schedule, one delay per retry.
    """

    uow: UnitOfWorkFactory | None = None
    emails: SubscriberEmails | None = None
    period: timedelta | None = None
    retry_delays: tuple[timedelta, ...] = DEFAULT_RETRY_DELAYS
    now: Callable[[], datetime] = field(default=_utcnow)

    def period_of(self, plan: Plan) -> timedelta:
        """How long one billing period of `plan` lasts."""
        return self.period or BILLING_PERIODS[plan.billing_interval]

    def trial_of(self, plan: Plan) -> timedelta:
        """How long `plan`'s free trial lasts (one overridden period when `period` is set); 0 without one."""
        if plan.trial_days <= 0:
            return timedelta(0)
        return self.period or timedelta(days=plan.trial_days)

    async def start_trial(self, repo: PaymentRepository, subscription: Subscription, plan: Plan, now: datetime) -> None:
        """A new subscription to a plan with a trial: TRIALING until the trial's end, when the renewal job
        charges the card saved meanwhile (the plan's benefit applies from now)."""
        end = now + self.trial_of(plan)
        subscription.status = SubscriptionStatus.TRIALING.value
        subscription.current_period_start, subscription.current_period_end = now, end
        subscription.trial_end = end
        await self.open_invoice(
            repo,
            subscription,
            reason=BillingReason.SUBSCRIPTION_CREATE,
            currency=plan.currency,
            lines=[Line(f"{plan.name} free trial, {period_text(now, end)}", 0)],
            period_start=now,
            period_end=end,
            now=now,
        )
        await self._schedule_renewal(repo, subscription)

    def save_card(self, subscription: Subscription, card: str, now: datetime) -> bool:
        """Save a card for a TRIALING subscription's later charges (the offline processor's SetupIntent):
        False when the card is refused (declined or not a test card)."""
        result = card_result(card)
        if subscription.status != SubscriptionStatus.TRIALING or result.outcome not in (
            CardOutcome.SUCCEEDED,
            CardOutcome.REQUIRES_AUTHENTICATION,
        ):
            return False
        subscription.card_number = card_digits(card)
        subscription.updated_at = now
        return True

    # --- invoices ---------------------------------------------------------------------------------------

    async def open_invoice(
        self,
        repo: PaymentRepository,
        subscription: Subscription,
        *,
        reason: BillingReason,
        currency: str,
        lines: list[Line],
        period_start: datetime,
        period_end: datetime,
        now: datetime,
    ) -> Invoice:
        """A numbered invoice of the subscription, made its latest."""
        invoices = InvoiceRepository(repo.session)
        invoice = new_invoice(
            number=await invoices.next_number(now),
            user_id=subscription.user_id,
            subscription_id=subscription.id,
            reason=reason,
            currency=currency,
            lines=lines,
            period_start=period_start,
            period_end=period_end,
            now=now,
        )
        await invoices.add(invoice)
        subscription.latest_invoice_id = invoice.id
        return invoice

    def plan_line(self, plan: Plan, start: datetime, end: datetime) -> Line:
        """The line billing `plan` for one period."""
        return Line(f"{plan.name}, {period_text(start, end)}", plan.price_minor)

    # --- payments made on the checkout (first payment, card update) -------------------------------------

    async def payment_succeeded(self, repo: PaymentRepository, payment: Payment, now: datetime) -> None:
        """A subscription payment was paid on the checkout (the ledger is written by the caller): its invoice
        is PAID, the card is saved, and an INCOMPLETE or PAST_DUE subscription becomes ACTIVE."""
        subscription, invoice = await self._paid_by(repo, payment)
        if subscription is None:
            return
        if invoice is not None and invoice.status == InvoiceStatus.OPEN:
            mark_paid(invoice, payment.id, now)
        if payment.card_number:
            subscription.card_number = payment.card_number
        plan = await repo.plan(subscription.plan_id)
        assert plan is not None
        if subscription.status == SubscriptionStatus.INCOMPLETE:
            subscription.status = SubscriptionStatus.ACTIVE.value
            subscription.current_period_start = now
            subscription.current_period_end = now + self.period_of(plan)
            if invoice is not None:
                invoice.period_start, invoice.period_end = now, subscription.current_period_end
                invoice.line_items = [self.plan_line(plan, now, subscription.current_period_end).as_json()]
            await self._schedule_renewal(repo, subscription)
        elif (
            subscription.status == SubscriptionStatus.PAST_DUE
            and invoice is not None
            and invoice.id == subscription.latest_invoice_id
        ):
            subscription.status = SubscriptionStatus.ACTIVE.value
            await self._schedule_renewal(repo, subscription)
        subscription.updated_at = now
        log.info("subscription_paid", subscription_id=str(subscription.id), payment_id=str(payment.id))

    async def payment_failed(self, repo: PaymentRepository, payment: Payment, now: datetime) -> None:
        """A subscription payment was declined or expired unpaid: an INCOMPLETE subscription is CANCELED and
        its invoice VOID; a PAST_DUE one keeps its retry schedule."""
        subscription, invoice = await self._paid_by(repo, payment)
        if subscription is None or subscription.status != SubscriptionStatus.INCOMPLETE:
            return
        subscription.status = SubscriptionStatus.CANCELED.value
        subscription.canceled_at = subscription.updated_at = now
        if invoice is not None and invoice.status == InvoiceStatus.OPEN:
            invoice.status, invoice.updated_at = InvoiceStatus.VOID.value, now

    async def _paid_by(self, repo: PaymentRepository, payment: Payment) -> tuple[Subscription | None, Invoice | None]:
        invoice = None
        if payment.reference_id is not None:
            invoice = await InvoiceRepository(repo.session).invoice(payment.reference_id)
        if invoice is None:  # subscriptions created before invoices (migration 0017) reference themselves
            return await repo.subscription_paid_by(payment.id), None
        subscription = await repo.subscription(invoice.subscription_id, for_update=True)
        return subscription, await InvoiceRepository(repo.session).invoice(invoice.id, for_update=True)

    # --- renewals and retries (jobs) --------------------------------------------------------------------

    async def _schedule_renewal(self, repo: PaymentRepository, subscription: Subscription) -> None:
        end = subscription.current_period_end
        assert end is not None
        await enqueue(
            repo.session,
            RENEW_JOB,
            {"subscription_id": str(subscription.id), "period_end": end.isoformat()},
            run_at=end,
            dedupe_key=f"{RENEW_JOB}:{subscription.id}:{end.isoformat()}",
        )

    async def renew(self, subscription_id: uuid.UUID, period_end: datetime) -> None:
        """The `payment.subscription_renew` job: at the end of a period, end the subscription (cancel at
        period end), or bill the next period and charge the saved card. Does nothing unless the subscription
        is still ACTIVE or TRIALING at that very period end."""
        assert self.uow is not None
        async with self.uow() as uow:
            repo = PaymentRepository(uow.session)
            subscription = await repo.subscription(subscription_id, for_update=True)
            if (
                subscription is None
                or subscription.status not in (SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING)
                or subscription.current_period_end != period_end
            ):
                await uow.commit()
                return
            now = self.now()
            if subscription.cancel_at_period_end:
                subscription.status = SubscriptionStatus.CANCELED.value
                subscription.canceled_at, subscription.updated_at = period_end, now
                await uow.commit()
                log.info("subscription_ended", subscription_id=str(subscription_id))
                return
            if subscription.scheduled_plan_id is not None:  # a downgrade takes over now
                subscription.plan_id, subscription.scheduled_plan_id = subscription.scheduled_plan_id, None
            plan = await repo.plan(subscription.plan_id)
            assert plan is not None
            start, end = period_end, period_end + self.period_of(plan)
            subscription.current_period_start, subscription.current_period_end = start, end
            invoice = await self.open_invoice(
                repo,
                subscription,
                reason=BillingReason.SUBSCRIPTION_CYCLE,
                currency=plan.currency,
                lines=[self.plan_line(plan, start, end)],
                period_start=start,
                period_end=end,
                now=now,
            )
            email = await self._attempt(repo, subscription, invoice, plan, now)
            await self._send(uow.session, subscription, email)
            await uow.commit()

    async def retry(self, invoice_id: uuid.UUID, attempt: int) -> None:
        """The `payment.subscription_retry` job: charge a PAST_DUE subscription's open invoice again. Does
        nothing unless the invoice is still OPEN after exactly `attempt` attempts."""
        assert self.uow is not None
        async with self.uow() as uow:
            repo = PaymentRepository(uow.session)
            invoices = InvoiceRepository(uow.session)
            found = await invoices.invoice(invoice_id)
            subscription = await repo.subscription(found.subscription_id, for_update=True) if found else None
            invoice = await invoices.invoice(invoice_id, for_update=True)
            if (
                subscription is None
                or invoice is None
                or subscription.status != SubscriptionStatus.PAST_DUE
                or invoice.status != InvoiceStatus.OPEN
                or invoice.attempt_count != attempt
            ):
                await uow.commit()
                return
            plan = await repo.plan(subscription.plan_id)
            assert plan is not None
            email = await self._attempt(repo, subscription, invoice, plan, self.now())
            await self._send(uow.session, subscription, email)
            await uow.commit()

    async def charge_saved_card(
        self, repo: PaymentRepository, subscription: Subscription, invoice: Invoice, now: datetime
    ) -> tuple[Payment, CardResult]:
        """Charge the invoice's amount due to the saved card, without the customer (one payment row per
        attempt, as Stripe makes one charge per attempt); a success is written to the ledger and pays the
        invoice."""
        result = saved_card_charge(subscription.card_number)
        succeeded = result.outcome is CardOutcome.SUCCEEDED
        amount = invoice.amount_due_minor
        payment = Payment(
            id=uuid.uuid4(),
            payer_id=subscription.user_id,
            payee_id=None,
            amount_minor=amount,
            currency=invoice.currency,
            fee_basis_points=10_000,
            fee_minor=amount,
            refunded_minor=0,
            status=(PaymentStatus.SUCCEEDED if succeeded else PaymentStatus.FAILED).value,
            purpose=PaymentPurpose.SUBSCRIPTION.value,
            reference_id=invoice.id,
            description=f"Invoice {invoice.number}",
            escrow_id=None,
            authentication_required=False,
            failure_code="" if succeeded else result.code,
            failure_message="" if succeeded else result.message,
            succeeded_at=now if succeeded else None,
            card_number=subscription.card_number,
            created_at=now,
            updated_at=now,
        )
        await repo.add(payment)
        invoice.attempt_count += 1
        invoice.updated_at = now
        if succeeded:
            await repo.post(
                ledger.payment_succeeded(
                    payment_id=payment.id,
                    payer=payment.payer_id,
                    payee=None,
                    amount=amount,
                    fee=amount,
                    currency=payment.currency,
                )
            )
            mark_paid(invoice, payment.id, now)
        return payment, result

    async def _attempt(
        self, repo: PaymentRepository, subscription: Subscription, invoice: Invoice, plan: Plan, now: datetime
    ) -> tuple[str, dict[str, str]] | None:
        """One charge of a renewal invoice and what follows; the dunning email to send, if any."""
        payment, result = await self.charge_saved_card(repo, subscription, invoice, now)
        subscription.updated_at = now
        amount = Money(invoice.total_minor, invoice.currency).format()
        if result.outcome is CardOutcome.SUCCEEDED:
            subscription.status = SubscriptionStatus.ACTIVE.value
            await self._schedule_renewal(repo, subscription)
            log.info("subscription_renewed", subscription_id=str(subscription.id), invoice=invoice.number)
            return None
        retries_done = invoice.attempt_count - 1
        context = {"plan": plan.name, "amount": amount, "invoice": invoice.number, "reason": result.message}
        if retries_done < len(self.retry_delays):
            subscription.status = SubscriptionStatus.PAST_DUE.value
            invoice.next_attempt_at = now + self.retry_delays[retries_done]
            await enqueue(
                repo.session,
                RETRY_JOB,
                {"invoice_id": str(invoice.id), "attempt": invoice.attempt_count},
                run_at=invoice.next_attempt_at,
                dedupe_key=f"{RETRY_JOB}:{invoice.id}:{invoice.attempt_count}",
            )
            log.info(
                "subscription_past_due",
                subscription_id=str(subscription.id),
                attempt=invoice.attempt_count,
                code=payment.failure_code,
            )
            return "subscription_payment_failed", {
                **context,
                "next_attempt": f"{invoice.next_attempt_at:%-d %b %Y %H:%M} UTC",
            }
        subscription.status = SubscriptionStatus.CANCELED.value
        subscription.canceled_at = now
        invoice.status = InvoiceStatus.UNCOLLECTIBLE.value
        invoice.next_attempt_at = None
        log.info("subscription_unpaid_ended", subscription_id=str(subscription.id), invoice=invoice.number)
        return "subscription_canceled_unpaid", context

    async def _send(
        self, session: AsyncSession, subscription: Subscription, email: tuple[str, dict[str, str]] | None
    ) -> None:
        if email is None or self.emails is None:
            return
        address = (await self.emails.account_emails([subscription.user_id])).get(subscription.user_id)
        if address:
            template, context = email
            await enqueue_email(session, template, to=address, attachments=(), **context)
