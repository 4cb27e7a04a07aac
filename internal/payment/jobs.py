"""Background jobs of the payment domain.

- `payment.payout_arrive` (enqueued by CreatePayout in its transaction): the offline bank's answer; with
  Stripe the same work is `payment.stripe_payout` (sends the Payout, records its answer).
- `payment.settle_pending` (periodic): matured pending earnings become available.
- `payment.expire_unpaid` (periodic): payments and escrows unpaid for 24 hours are CANCELED, idempotency keys
  past their 24 hours are forgotten.
- `payment.reconcile.<provider>` (periodic): the processor's view against the ledger (internal/payment/reconcile.py).
- With Stripe: `payment.stripe_event` (enqueued by POST /webhooks/stripe) applies one webhook event, and
  `payment.transfer` moves a payee's share to their connected account (internal/payment/webhooks.py).
- `payment.subscription_renew` (delayed, at each period end) and `payment.subscription_retry` (delayed, the
  dunning schedule): internal/payment/billing.py.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from internal.payment.billing import RENEW_JOB, RETRY_JOB, Billing
from internal.payment.payouts import SETTLE_PENDING_JOB, PayoutService
from internal.payment.reconcile import RECONCILE_JOB, Reconciler
from internal.payment.service import EXPIRE_UNPAID_EVERY, EXPIRE_UNPAID_JOB, TRANSFER_JOB, PaymentService
from internal.payment.webhooks import STRIPE_EVENT_JOB, StripeWebhooks
from pkg.jobs import JobRegistry


def register_payment_jobs(
    registry: JobRegistry,
    payments: PaymentService,
    payouts: PayoutService,
    *,
    settle_every: timedelta,
    reconciler: Reconciler | None = None,
    reconcile_every: timedelta = timedelta(hours=1),
    webhooks: StripeWebhooks | None = None,
    billing: Billing | None = None,
) -> None:
    """Register the payment domain's handlers and periodic jobs on the application's registry."""

    async def arrive(payload: dict[str, Any]) -> None:
        await payouts.payout_arrive(uuid.UUID(payload["payout_id"]))

    async def settle(_payload: dict[str, Any]) -> None:
        await payouts.settle_pending()

    async def expire(_payload: dict[str, Any]) -> None:
        await payments.expire_unpaid()

    registry.register(payouts.arrive_job, arrive, timeout=60)
    if billing is not None:

        async def renew(payload: dict[str, Any]) -> None:
            await billing.renew(uuid.UUID(payload["subscription_id"]), datetime.fromisoformat(payload["period_end"]))

        async def retry(payload: dict[str, Any]) -> None:
            await billing.retry(uuid.UUID(payload["invoice_id"]), int(payload["attempt"]))

        registry.register(RENEW_JOB, renew, timeout=60)
        registry.register(RETRY_JOB, retry, timeout=60)
    registry.periodic(EXPIRE_UNPAID_JOB, EXPIRE_UNPAID_EVERY, expire, timeout=300)
    registry.periodic(SETTLE_PENDING_JOB, settle_every, settle, timeout=300)
    if reconciler is not None:

        async def reconcile(_payload: dict[str, Any]) -> None:
            await reconciler.run()

        # One schedule per processor: replicas configured differently never run each other's.
        registry.periodic(f"{RECONCILE_JOB}.{reconciler.provider}", reconcile_every, reconcile, timeout=600)
    if webhooks is not None:
        stripe_events = webhooks

        async def stripe_event(payload: dict[str, Any]) -> None:
            await stripe_events.handle(payload)

        async def transfer(payload: dict[str, Any]) -> None:
            await stripe_events.transfer(uuid.UUID(payload["payment_id"]))

        registry.register(STRIPE_EVENT_JOB, stripe_event, timeout=60)
        registry.register(TRANSFER_JOB, transfer, timeout=60)
