"""Background jobs of the payment domain.

- `payment.payout_arrive` (enqueued by CreatePayout in its transaction): the offline bank's answer.
- `payment.settle_pending` (periodic): matured pending earnings become available.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from internal.payment.payouts import PAYOUT_ARRIVE_JOB, SETTLE_PENDING_JOB, PayoutService
from pkg.jobs import JobRegistry


def register_payment_jobs(registry: JobRegistry, payouts: PayoutService, *, settle_every: timedelta) -> None:
    """Register the payment domain's handlers and periodic jobs on the application's registry."""

    async def arrive(payload: dict[str, Any]) -> None:
        await payouts.payout_arrive(uuid.UUID(payload["payout_id"]))

    async def settle(_payload: dict[str, Any]) -> None:
        await payouts.settle_pending()

    registry.register(PAYOUT_ARRIVE_JOB, arrive, timeout=60)
    registry.periodic(SETTLE_PENDING_JOB, settle_every, settle, timeout=300)
