"""Plans and subscriptions with the offline processor.

- ListSubscriptionPlans: the plans seeded by migration 0013 (Pro and Premium, monthly, USD and EUR).
- CreateSubscription opens an INCOMPLETE subscription and its first payment (purpose SUBSCRIPTION, paid to
  SkillSphere: the whole amount is platform revenue in the ledger); paying it on the test checkout makes
  the subscription ACTIVE for one period, a declined card or 24 hours unpaid CANCEL it.
- The plan's benefit (its platform fee) applies to payments and escrows opened while the period runs, and
  ends with it. Renewals, trials, PAST_DUE/dunning, plan changes with proration, promotion codes and
  invoices are not built: a subscription ends at the end of its first period.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from skillsphere.payment.v1.error_reason import ErrorReason

from internal.payment.models import (
    Payment,
    PaymentPurpose,
    PaymentStatus,
    Plan,
    Subscription,
    SubscriptionStatus,
)
from internal.payment.money import CURRENCIES
from internal.payment.processor import ClientSecrets, checkout_url
from internal.payment.repository import PaymentRepository
from internal.payment.service import claim_idempotency_key, restore, snapshot
from pkg.authz import Caller
from pkg.db import UnitOfWorkFactory
from pkg.errors import AlreadyExists, InvalidArgument, NotFound
from pkg.log import get_logger
from pkg.pagination import Page, Paginator

log = get_logger("payment")


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SubscriptionView:
    """A subscription with its plan, and how to pay it while INCOMPLETE."""

    subscription: Subscription
    plan: Plan
    client_secret: str = ""
    checkout_url: str = ""


class SubscriptionService:
    """Plans and subscriptions."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        pages: Paginator,
        secrets: ClientSecrets,
        checkout_base: Callable[[], str],
        now: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._uow = uow
        self._pages = pages
        self._secrets = secrets
        self._checkout_base = checkout_base
        self._now = now

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
        self, subscription: Subscription, plan: Plan, payment_id: uuid.UUID | None, caller: Caller
    ) -> SubscriptionView:
        if (
            subscription.status != SubscriptionStatus.INCOMPLETE
            or payment_id is None
            or caller.account_id != subscription.user_id
        ):
            return SubscriptionView(subscription, plan)
        secret = self._secrets.issue(payment_id)
        return SubscriptionView(subscription, plan, secret, checkout_url(self._checkout_base(), secret))

    async def create_subscription(
        self, *, caller: Caller, idempotency_key: str, plan_id: uuid.UUID, promotion_code: str
    ) -> SubscriptionView:
        """An INCOMPLETE subscription of the caller to `plan_id` and its first payment."""
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
                await uow.commit()
                assert plan is not None
                return self._view(subscription, plan, subscription.payment_id, caller)
            plan = await repo.plan(plan_id)
            if plan is None or not plan.active:
                raise NotFound("The plan does not exist or is no longer sold.", reason=ErrorReason.PLAN_NOT_FOUND)
            if await repo.live_subscription(me, for_update=True) is not None:
                raise AlreadyExists(
                    "You already have a subscription; cancel it first.", reason=ErrorReason.SUBSCRIPTION_EXISTS
                )
            now = self._now()
            payment = Payment(
                id=uuid.uuid4(),
                payer_id=me,
                payee_id=None,
                amount_minor=plan.price_minor,
                currency=plan.currency,
                fee_basis_points=10_000,
                fee_minor=plan.price_minor,
                refunded_minor=0,
                status=PaymentStatus.REQUIRES_ACTION.value,
                purpose=PaymentPurpose.SUBSCRIPTION.value,
                reference_id=None,
                description=plan.name,
                escrow_id=None,
                authentication_required=False,
                failure_code="",
                failure_message="",
                created_at=now,
                updated_at=now,
            )
            subscription = Subscription(
                id=uuid.uuid4(),
                user_id=me,
                plan_id=plan.id,
                status=SubscriptionStatus.INCOMPLETE.value,
                cancel_at_period_end=False,
                payment_id=payment.id,
                created_at=now,
                updated_at=now,
            )
            payment.reference_id = subscription.id
            await repo.add(payment)
            await repo.add(subscription)
            await repo.store_answer(
                caller_id=me,
                operation="CreateSubscription",
                key=idempotency_key,
                response={"subscription": snapshot(subscription)},
            )
            await uow.commit()
        log.info("subscription_created", subscription_id=str(subscription.id), plan_id=str(plan.id))
        return self._view(subscription, plan, payment.id, caller)

    async def get_subscription(self, *, caller: Caller, subscription_id: uuid.UUID | None) -> SubscriptionView:
        """A subscription (the caller's live one when no id is given) for its subscriber or an admin."""
        me = caller.require_signed_in()
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            subscription = (
                await repo.subscription(subscription_id) if subscription_id else await repo.live_subscription(me)
            )
            plan = await repo.plan(subscription.plan_id) if subscription else None
            await uow.commit()
        if subscription is None or plan is None or not caller.is_self_or_admin(subscription.user_id):
            raise NotFound("The subscription does not exist.", reason=ErrorReason.SUBSCRIPTION_NOT_FOUND)
        return self._view(subscription, plan, subscription.payment_id, caller)

    async def cancel_subscription(
        self, *, caller: Caller, subscription_id: uuid.UUID, immediately: bool
    ) -> SubscriptionView:
        """Cancel at the end of the period (or now); an unpaid subscription ends at once with its payment."""
        caller.require_signed_in()
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            subscription = await repo.subscription(subscription_id, for_update=True)
            if subscription is None or not caller.is_self_or_admin(subscription.user_id):
                raise NotFound("The subscription does not exist.", reason=ErrorReason.SUBSCRIPTION_NOT_FOUND)
            plan = await repo.plan(subscription.plan_id)
            assert plan is not None
            now = self._now()
            if subscription.status == SubscriptionStatus.CANCELED:
                pass
            elif immediately or subscription.status == SubscriptionStatus.INCOMPLETE:
                if subscription.status == SubscriptionStatus.INCOMPLETE and subscription.payment_id:
                    payment = await repo.payment(subscription.payment_id, for_update=True)
                    if payment is not None and payment.status == PaymentStatus.REQUIRES_ACTION:
                        payment.status, payment.updated_at = PaymentStatus.CANCELED.value, now
                subscription.status = SubscriptionStatus.CANCELED.value
                subscription.canceled_at = now
                subscription.cancel_at_period_end = False
            else:
                subscription.cancel_at_period_end = True
            subscription.updated_at = now
            await uow.commit()
        log.info("subscription_cancelled", subscription_id=str(subscription_id), immediately=immediately)
        return SubscriptionView(subscription, plan)
