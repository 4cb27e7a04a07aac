"""Plans, subscriptions and invoices with the offline processor (state changes: internal/payment/billing.py).

- ListSubscriptionPlans: the plans seeded by migration 0013 (Pro and Premium, monthly, USD and EUR).
- CreateSubscription opens an INCOMPLETE subscription, its first invoice and the invoice's payment (purpose
  SUBSCRIPTION, paid to SkillSphere: the whole amount is platform revenue in the ledger, reference_id is the
  invoice); paying it on the test checkout makes the subscription ACTIVE and saves the card; a declined card
  or 24 hours unpaid CANCEL it.
- Renewals at each period end charge the saved card (`payment.subscription_renew`); a declined renewal makes
  the subscription PAST_DUE with retries and dunning emails (`payment.subscription_retry`), and
  UpdateSubscriptionCard opens a checkout for the open invoice with another card.
- CancelSubscription (at period end or now), ResumeSubscription (undo a cancel at period end),
  ChangeSubscriptionPlan (upgrades prorated at once, downgrades at the next renewal).
- GetInvoice, ListInvoices, and the hosted invoice page (internal/payment/web.py).
- Trials: a plan with trial days starts TRIALING at once (its benefit too) with a card-saving checkout
  (`/test-setup`, the offline SetupIntent); the trial's end charges that card.
- Not built: promotion codes.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from skillsphere.payment.v1.error_reason import ErrorReason

from internal.payment.billing import Billing
from internal.payment.invoices import InvoiceRepository, Line, period_text, prorate
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
from internal.payment.money import CURRENCIES
from internal.payment.processor import CardOutcome, ClientSecrets, checkout_url
from internal.payment.repository import PaymentRepository
from internal.payment.service import claim_idempotency_key, restore, snapshot, time_id_position
from pkg.authz import Caller
from pkg.db import UnitOfWorkFactory
from pkg.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from pkg.log import get_logger
from pkg.pagination import Page, Paginator

log = get_logger("payment")

# Where the offline processor's hosted invoice page and card-saving page (a trial's SetupIntent) are served
# on the HTTP port (internal/payment/web_invoices.py).
INVOICE_PATH = "/test-invoice"
SETUP_PATH = "/test-setup"


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SubscriptionView:
    """A subscription with its plan, and how to pay while a payment of it waits for the subscriber."""

    subscription: Subscription
    plan: Plan
    client_secret: str = ""
    checkout_url: str = ""


@dataclass(frozen=True)
class InvoiceView:
    """An invoice with the links to its hosted page."""

    invoice: Invoice
    hosted_invoice_url: str


class InvoiceLinks:
    """Signs hosted invoice links (whoever holds the link may see the invoice, as Stripe's hosted invoice
    URLs) and the setup secrets of trials' card-saving pages; any replica checks them, nothing is stored."""

    def __init__(self, key: bytes) -> None:
        self._key = hashlib.sha256(b"skillsphere hosted invoice link\0" + key).digest()
        self._setup_key = hashlib.sha256(b"skillsphere subscription setup secret\0" + key).digest()

    def setup_secret(self, subscription_id: uuid.UUID) -> str:
        """The secret that saves a card for a subscription (`seti_<id hex>_secret_<mac>`)."""
        mac = hmac.new(self._setup_key, subscription_id.bytes, hashlib.sha256).hexdigest()[:40]
        return f"seti_{subscription_id.hex}_secret_{mac}"

    def setup_subscription(self, secret: str) -> uuid.UUID | None:
        """The subscription a setup secret belongs to, or None when it is not one this server issued."""
        head, sep, _ = secret.partition("_secret_")
        if not sep or not head.startswith("seti_") or len(secret) > 200:
            return None
        try:
            subscription_id = uuid.UUID(hex=head[5:])
        except ValueError:
            return None
        return subscription_id if hmac.compare_digest(secret, self.setup_secret(subscription_id)) else None

    def setup_url(self, base_url: str, secret: str) -> str:
        """The card-saving page of a setup secret."""
        return f"{base_url.rstrip('/')}{SETUP_PATH}?setup_secret={quote(secret)}"

    def token(self, invoice_id: uuid.UUID) -> str:
        """The token of one invoice's page."""
        return hmac.new(self._key, invoice_id.bytes, hashlib.sha256).hexdigest()[:40]

    def check(self, invoice_id: uuid.UUID, token: str) -> bool:
        """Whether `token` opens the invoice's page."""
        return hmac.compare_digest(token, self.token(invoice_id))

    def url(self, base_url: str, invoice_id: uuid.UUID) -> str:
        """The hosted page of an invoice on the server at `base_url`."""
        return f"{base_url.rstrip('/')}{INVOICE_PATH}/{invoice_id}?token={quote(self.token(invoice_id))}"


class SubscriptionService:
    """Plans, subscriptions and invoices."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        pages: Paginator,
        secrets: ClientSecrets,
        checkout_base: Callable[[], str],
        billing: Billing | None = None,
        invoice_links: InvoiceLinks | None = None,
        now: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._uow = uow
        self._pages = pages
        self._secrets = secrets
        self._checkout_base = checkout_base
        self._billing = billing or Billing()
        self._links = invoice_links or InvoiceLinks(b"")
        self._now = now

    @property
    def billing(self) -> Billing:
        """The subscription state machine."""
        return self._billing

    async def list_plans(self, *, currency: str, page_size: int, page_token: str) -> Page[Plan]:
        """Plans for sale in `currency` (USD when empty), cheapest first."""
        currency = currency or "USD"
        if currency not in CURRENCIES:
            raise InvalidArgument(field="currency_code", description=f"currency {currency} is not supported")
        request = self._pages.request(
            page_size=page_size, page_token=page_token, query={"rpc": "ListSubscriptionPlans", "currency": currency}
        )
        after = request.position(lambda p: (int(p["price"]), uuid.UUID(p["id"])))
        async with self._uow() as uow:
            rows = await PaymentRepository(uow.session).plans(currency, after, request.limit)
            await uow.commit()
        return request.page(rows, key=lambda p: {"price": p.price_minor, "id": str(p.id)})

    def _view(
        self, subscription: Subscription, plan: Plan, payment: Payment | None, caller: Caller
    ) -> SubscriptionView:
        if (
            subscription.status == SubscriptionStatus.TRIALING
            and not subscription.card_number
            and caller.account_id == subscription.user_id
        ):
            return self._setup_view(subscription, plan)
        if (
            payment is None
            or payment.status != PaymentStatus.REQUIRES_ACTION
            or caller.account_id != subscription.user_id
            or subscription.status == SubscriptionStatus.CANCELED
        ):
            return SubscriptionView(subscription, plan)
        secret = self._secrets.issue(payment.id)
        return SubscriptionView(subscription, plan, secret, checkout_url(self._checkout_base(), secret))

    def _setup_view(self, subscription: Subscription, plan: Plan) -> SubscriptionView:
        secret = self._links.setup_secret(subscription.id)
        return SubscriptionView(subscription, plan, secret, self._links.setup_url(self._checkout_base(), secret))

    async def _payable(self, repo: PaymentRepository, subscription: Subscription) -> Payment | None:
        """The payment of the subscription waiting for its subscriber (the first one, or a card update's)."""
        if subscription.status == SubscriptionStatus.INCOMPLETE and subscription.payment_id:
            return await repo.payment(subscription.payment_id)
        if subscription.status == SubscriptionStatus.PAST_DUE and subscription.payment_id:
            payment = await repo.payment(subscription.payment_id)
            if payment is not None and payment.reference_id == subscription.latest_invoice_id:
                return payment
        return None

    def _new_payment(self, payer: uuid.UUID, invoice: Invoice, description: str, now: datetime) -> Payment:
        return Payment(
            id=uuid.uuid4(),
            payer_id=payer,
            payee_id=None,
            amount_minor=invoice.amount_due_minor,
            currency=invoice.currency,
            fee_basis_points=10_000,
            fee_minor=invoice.amount_due_minor,
            refunded_minor=0,
            status=PaymentStatus.REQUIRES_ACTION.value,
            purpose=PaymentPurpose.SUBSCRIPTION.value,
            reference_id=invoice.id,
            description=description,
            escrow_id=None,
            authentication_required=False,
            failure_code="",
            failure_message="",
            created_at=now,
            updated_at=now,
        )

    async def create_subscription(
        self, *, caller: Caller, idempotency_key: str, plan_id: uuid.UUID, promotion_code: str
    ) -> SubscriptionView:
        """An INCOMPLETE subscription of the caller to `plan_id`, its first invoice and that invoice's payment."""
        me = caller.require_signed_in()
        if promotion_code:
            raise InvalidArgument(field="promotion_code", description="is unknown or expired")
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            replay = await claim_idempotency_key(
                repo, me, "CreateSubscription", idempotency_key, {"plan": plan_id}, self._now()
            )
            if replay is not None:
                subscription = restore(Subscription, replay["subscription"])
                plan = await repo.plan(subscription.plan_id)
                payment = await repo.payment(subscription.payment_id) if subscription.payment_id else None
                await uow.commit()
                assert plan is not None
                return self._view(subscription, plan, payment, caller)
            plan = await repo.plan(plan_id)
            if plan is None or not plan.active:
                raise NotFound("The plan does not exist or is no longer sold.", reason=ErrorReason.PLAN_NOT_FOUND)
            if await repo.live_subscription(me, for_update=True) is not None:
                raise AlreadyExists(
                    "You already have a subscription; cancel it first.", reason=ErrorReason.SUBSCRIPTION_EXISTS
                )
            now = self._now()
            end = now + self._billing.period_of(plan)
            trial = self._billing.trial_of(plan)
            subscription = Subscription(
                id=uuid.uuid4(),
                user_id=me,
                plan_id=plan.id,
                status=SubscriptionStatus.INCOMPLETE.value,
                cancel_at_period_end=False,
                payment_id=None,
                card_number="",
                created_at=now,
                updated_at=now,
            )
            await repo.add(subscription)
            payment = None
            if trial:
                await self._billing.start_trial(repo, subscription, plan, now)
            else:
                invoice = await self._billing.open_invoice(
                    repo,
                    subscription,
                    reason=BillingReason.SUBSCRIPTION_CREATE,
                    currency=plan.currency,
                    lines=[self._billing.plan_line(plan, now, end)],
                    period_start=now,
                    period_end=end,
                    now=now,
                )
                payment = self._new_payment(me, invoice, plan.name, now)
                await repo.add(payment)
                subscription.payment_id = payment.id
            await uow.session.flush()
            await repo.store_answer(
                caller_id=me,
                operation="CreateSubscription",
                key=idempotency_key,
                response={"subscription": snapshot(subscription)},
            )
            await uow.commit()
        log.info("subscription_created", subscription_id=str(subscription.id), plan_id=str(plan.id))
        return self._view(subscription, plan, payment, caller)

    async def _visible(
        self, repo: PaymentRepository, caller: Caller, subscription_id: uuid.UUID, *, for_update: bool = False
    ) -> tuple[Subscription, Plan]:
        subscription = await repo.subscription(subscription_id, for_update=for_update)
        if subscription is None or not caller.is_self_or_admin(subscription.user_id):
            raise NotFound("The subscription does not exist.", reason=ErrorReason.SUBSCRIPTION_NOT_FOUND)
        plan = await repo.plan(subscription.plan_id)
        assert plan is not None
        return subscription, plan

    async def get_subscription(self, *, caller: Caller, subscription_id: uuid.UUID | None) -> SubscriptionView:
        """A subscription (the caller's live one when no id is given) for its subscriber or an admin."""
        me = caller.require_signed_in()
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            subscription = (
                await repo.subscription(subscription_id) if subscription_id else await repo.live_subscription(me)
            )
            plan = await repo.plan(subscription.plan_id) if subscription else None
            payment = await self._payable(repo, subscription) if subscription else None
            await uow.commit()
        if subscription is None or plan is None or not caller.is_self_or_admin(subscription.user_id):
            raise NotFound("The subscription does not exist.", reason=ErrorReason.SUBSCRIPTION_NOT_FOUND)
        return self._view(subscription, plan, payment, caller)

    async def cancel_subscription(
        self, *, caller: Caller, subscription_id: uuid.UUID, immediately: bool
    ) -> SubscriptionView:
        """Cancel at the end of the period (or now); an unpaid subscription ends at once with its payment."""
        caller.require_signed_in()
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            subscription, plan = await self._visible(repo, caller, subscription_id, for_update=True)
            now = self._now()
            if subscription.status == SubscriptionStatus.CANCELED:
                pass
            elif immediately or subscription.status == SubscriptionStatus.INCOMPLETE:
                if subscription.payment_id:
                    payment = await repo.payment(subscription.payment_id, for_update=True)
                    if payment is not None and payment.status == PaymentStatus.REQUIRES_ACTION:
                        payment.status, payment.updated_at = PaymentStatus.CANCELED.value, now
                if subscription.latest_invoice_id:
                    invoice = await InvoiceRepository(uow.session).invoice(
                        subscription.latest_invoice_id, for_update=True
                    )
                    if invoice is not None and invoice.status == InvoiceStatus.OPEN:
                        invoice.status, invoice.updated_at = InvoiceStatus.VOID.value, now
                subscription.status = SubscriptionStatus.CANCELED.value
                subscription.canceled_at = now
                subscription.cancel_at_period_end = False
                subscription.scheduled_plan_id = None
            else:
                subscription.cancel_at_period_end = True
            subscription.updated_at = now
            await uow.commit()
        log.info("subscription_cancelled", subscription_id=str(subscription_id), immediately=immediately)
        return SubscriptionView(subscription, plan)

    async def resume_subscription(self, *, caller: Caller, subscription_id: uuid.UUID) -> SubscriptionView:
        """Undo a cancel at period end while the period runs; a subscription not set to end is returned as
        it is."""
        caller.require_signed_in()
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            subscription, plan = await self._visible(repo, caller, subscription_id, for_update=True)
            if subscription.status == SubscriptionStatus.CANCELED:
                raise FailedPrecondition(
                    "The subscription has ended; subscribe again with CreateSubscription.",
                    reason=ErrorReason.SUBSCRIPTION_NOT_RESUMABLE,
                    metadata={"status": subscription.status.upper()},
                )
            if subscription.cancel_at_period_end:
                subscription.cancel_at_period_end = False
                subscription.updated_at = self._now()
            await uow.commit()
        log.info("subscription_resumed", subscription_id=str(subscription_id))
        return SubscriptionView(subscription, plan)

    async def update_card(
        self, *, caller: Caller, idempotency_key: str, subscription_id: uuid.UUID
    ) -> SubscriptionView:
        """A checkout for a PAST_DUE subscription's open invoice: paying it with another card pays the
        invoice at once, saves that card for the next renewals and makes the subscription ACTIVE."""
        me = caller.require_signed_in()
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            replay = await claim_idempotency_key(
                repo, me, "UpdateSubscriptionCard", idempotency_key, {"subscription": subscription_id}, self._now()
            )
            if replay is not None:
                subscription, plan = await self._visible(repo, caller, subscription_id)
                payment = await repo.payment(uuid.UUID(str(replay["payment_id"]))) if replay["payment_id"] else None
                await uow.commit()
                if payment is None:
                    return self._setup_view(subscription, plan)
                return self._view(subscription, plan, payment, caller)
            subscription, plan = await self._visible(repo, caller, subscription_id, for_update=True)
            if subscription.user_id != me:
                raise PermissionDenied("Only the subscriber may update their card.", reason=ErrorReason.NOT_SUBSCRIBER)
            if subscription.status == SubscriptionStatus.TRIALING:  # save a card for the trial's end
                await repo.store_answer(
                    caller_id=me, operation="UpdateSubscriptionCard", key=idempotency_key, response={"payment_id": ""}
                )
                await uow.commit()
                return self._setup_view(subscription, plan)
            invoice = (
                await InvoiceRepository(uow.session).invoice(subscription.latest_invoice_id, for_update=True)
                if subscription.latest_invoice_id
                else None
            )
            if (
                subscription.status != SubscriptionStatus.PAST_DUE
                or invoice is None
                or invoice.status != InvoiceStatus.OPEN
            ):
                raise FailedPrecondition(
                    "Only a PAST_DUE or TRIALING subscription's card can be updated here.",
                    reason=ErrorReason.SUBSCRIPTION_NOT_PAST_DUE,
                    metadata={"status": subscription.status.upper()},
                )
            now = self._now()
            if subscription.payment_id:  # an earlier card update's checkout stops working
                earlier = await repo.payment(subscription.payment_id, for_update=True)
                if earlier is not None and earlier.status == PaymentStatus.REQUIRES_ACTION:
                    earlier.status, earlier.updated_at = PaymentStatus.CANCELED.value, now
            payment = self._new_payment(me, invoice, f"Invoice {invoice.number}", now)
            await repo.add(payment)
            subscription.payment_id = payment.id
            subscription.updated_at = now
            await repo.store_answer(
                caller_id=me,
                operation="UpdateSubscriptionCard",
                key=idempotency_key,
                response={"payment_id": str(payment.id)},
            )
            await uow.commit()
        log.info("subscription_card_update", subscription_id=str(subscription_id), invoice=invoice.number)
        return self._view(subscription, plan, payment, caller)

    async def change_plan(
        self, *, caller: Caller, idempotency_key: str, subscription_id: uuid.UUID, plan_id: uuid.UUID
    ) -> SubscriptionView:
        """Upgrade at once (the prorated difference charged to the saved card, see internal/payment/invoices.py)
        or downgrade at the next renewal (scheduled_plan_id)."""
        me = caller.require_signed_in()
        params = {"subscription": subscription_id, "plan": plan_id}
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            replay = await claim_idempotency_key(
                repo, me, "ChangeSubscriptionPlan", idempotency_key, params, self._now()
            )
            if replay is not None:
                subscription = restore(Subscription, replay["subscription"])
                plan = await repo.plan(subscription.plan_id)
                await uow.commit()
                assert plan is not None
                return SubscriptionView(subscription, plan)
            subscription, current = await self._visible(repo, caller, subscription_id, for_update=True)
            if subscription.user_id != me:
                raise PermissionDenied("Only the subscriber may change the plan.", reason=ErrorReason.NOT_SUBSCRIBER)
            target = await repo.plan(plan_id)
            if target is None or not target.active:
                raise NotFound("The plan does not exist or is no longer sold.", reason=ErrorReason.PLAN_NOT_FOUND)
            if target.id == current.id:
                raise InvalidArgument(field="plan_id", description="is already the subscription's plan")
            if (target.currency, target.billing_interval) != (current.currency, current.billing_interval):
                raise InvalidArgument(
                    field="plan_id",
                    description=f"must be billed in {current.currency} every {current.billing_interval}, as the "
                    "current plan",
                )
            if subscription.status != SubscriptionStatus.ACTIVE:
                raise FailedPrecondition(
                    "Only an ACTIVE subscription can change plans.",
                    reason=ErrorReason.SUBSCRIPTION_NOT_ACTIVE,
                    metadata={"status": subscription.status.upper()},
                )
            now = self._now()
            if target.price_minor <= current.price_minor:
                subscription.scheduled_plan_id = target.id  # a downgrade: from the next renewal
            else:
                await self._upgrade(repo, subscription, current, target, now)
            subscription.updated_at = now
            await repo.store_answer(
                caller_id=me,
                operation="ChangeSubscriptionPlan",
                key=idempotency_key,
                response={"subscription": snapshot(subscription)},
            )
            await uow.commit()
        log.info("subscription_plan_changed", subscription_id=str(subscription_id), plan_id=str(plan_id))
        plan = target if subscription.plan_id == target.id else current
        return SubscriptionView(subscription, plan)

    async def _upgrade(
        self, repo: PaymentRepository, subscription: Subscription, current: Plan, target: Plan, now: datetime
    ) -> None:
        start, end = subscription.current_period_start, subscription.current_period_end
        assert start is not None and end is not None
        split = prorate(current.price_minor, target.price_minor, period_start=start, period_end=end, now=now)
        window = period_text(now, end)
        lines = [
            Line(f"Unused time on {current.name}, {window}", -split.credit),
            Line(f"Remaining time on {target.name}, {window}", split.charge),
        ]
        if 0 < split.due < CURRENCIES[target.currency].min_charge:
            lines.append(Line("Waived: below the minimum charge", -split.due))
        invoice = await self._billing.open_invoice(
            repo,
            subscription,
            reason=BillingReason.SUBSCRIPTION_UPDATE,
            currency=target.currency,
            lines=lines,
            period_start=now,
            period_end=end,
            now=now,
        )
        if invoice.status == InvoiceStatus.OPEN:
            payment, result = await self._billing.charge_saved_card(repo, subscription, invoice, now)
            if result.outcome is not CardOutcome.SUCCEEDED:
                # Nothing changes: the transaction rolls back (invoice, its number and the failed charge).
                raise FailedPrecondition(
                    f"The saved card was declined ({result.code}); update it and try again.",
                    reason=ErrorReason.CARD_DECLINED,
                    metadata={"decline_code": result.code},
                )
            log.info("subscription_prorated", payment_id=str(payment.id), amount_minor=payment.amount_minor)
        subscription.plan_id = target.id
        subscription.scheduled_plan_id = None

    # --- invoices -------------------------------------------------------------------------------------

    def invoice_view(self, invoice: Invoice) -> InvoiceView:
        """An invoice with its hosted page's URL."""
        return InvoiceView(invoice, self._links.url(self._checkout_base(), invoice.id))

    async def get_invoice(self, *, caller: Caller, invoice_id: uuid.UUID) -> InvoiceView:
        """An invoice for its member or an admin."""
        caller.require_signed_in()
        async with self._uow() as uow:
            invoice = await InvoiceRepository(uow.session).invoice(invoice_id)
            await uow.commit()
        if invoice is None or not caller.is_self_or_admin(invoice.user_id):
            raise NotFound("The invoice does not exist.", reason=ErrorReason.INVOICE_NOT_FOUND)
        return self.invoice_view(invoice)

    async def list_invoices(
        self,
        *,
        caller: Caller,
        user_id: uuid.UUID | None,
        subscription_id: uuid.UUID | None,
        statuses: list[InvoiceStatus],
        page_size: int,
        page_token: str,
    ) -> Page[InvoiceView]:
        """A member's invoices, newest first."""
        me = caller.require_signed_in()
        subject = user_id or me
        if subject != me and not caller.is_admin:
            raise PermissionDenied(
                "Only admins may look at another member's invoices.", reason=ErrorReason.OTHER_MEMBER
            )
        filters = {
            "rpc": "ListInvoices",
            "user": str(subject),
            "subscription": str(subscription_id or ""),
            "statuses": sorted(s.value for s in statuses),
        }
        request = self._pages.request(page_size=page_size, page_token=page_token, query=filters)
        after = request.position(time_id_position)
        async with self._uow() as uow:
            rows = await InvoiceRepository(uow.session).list_invoices(
                user_id=subject,
                subscription_id=subscription_id,
                statuses=[s.value for s in statuses],
                after=after,
                limit=request.limit,
            )
            await uow.commit()
        page = request.page(rows, key=lambda i: {"t": i.created_at.isoformat(), "id": str(i.id)})
        return page.map(self.invoice_view)

    async def hosted_invoice(self, invoice_id: uuid.UUID, token: str) -> Invoice | None:
        """The invoice a hosted page link shows, or None when the link is not valid."""
        if not self._links.check(invoice_id, token):
            return None
        async with self._uow() as uow:
            invoice = await InvoiceRepository(uow.session).invoice(invoice_id)
            await uow.commit()
        return invoice

    async def save_card(self, setup_secret: str, card_number: str) -> tuple[Subscription | None, str]:
        """The card-saving page's form: save a test card for a TRIALING subscription. The subscription (None
        for a link that is not valid) and an error to show (empty when saved)."""
        subscription_id = self._links.setup_subscription(setup_secret)
        if subscription_id is None:
            return None, ""
        async with self._uow() as uow:
            subscription = await PaymentRepository(uow.session).subscription(subscription_id, for_update=True)
            if subscription is None:
                return None, ""
            if subscription.status != SubscriptionStatus.TRIALING:
                await uow.commit()
                return subscription, "This subscription is not in a trial any more."
            saved = self._billing.save_card(subscription, card_number, self._now())
            await uow.commit()
        if not saved:
            return subscription, "This card was refused; use a test card such as 4242 4242 4242 4242."
        log.info("subscription_card_saved", subscription_id=str(subscription_id))
        return subscription, ""

    async def setup_state(self, setup_secret: str) -> Subscription | None:
        """The subscription a card-saving link is for, or None when the link is not valid."""
        subscription_id = self._links.setup_subscription(setup_secret)
        if subscription_id is None:
            return None
        async with self._uow() as uow:
            subscription = await PaymentRepository(uow.session).subscription(subscription_id)
            await uow.commit()
        return subscription
