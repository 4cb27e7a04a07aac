"""Reconciliation (periodic job `payment.reconcile`): compares the processor's view of recent money movements
with our rows and the ledger, and reports drift — a gauge (`skillsphere_payment_reconciliation_drift`), a
warning log per difference and a `payment_reconciliation_runs` row with the details.

Checks, for payments created within the window:

- the ledger agrees with our rows: what left the payer's card (`learner_funds`, disputes aside) is the
  amount once the payment succeeded, minus what was refunded, and nothing while it is unpaid;
- with Stripe, each PaymentIntent agrees with its payment (amount, paid or not), Stripe's refunds of a
  payment add up to what we refunded, every transfer names a payment we transferred, and Stripe has no
  charge we do not know. The offline processor keeps no records of its own: its outcomes are our rows,
  so only the first check applies.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from prometheus_client import CollectorRegistry, Gauge

from internal.payment.ledger import AccountKind, TransactionKind
from internal.payment.models import Payment, PaymentStatus, ReconciliationRun
from internal.payment.provider import PaymentProvider, RecordKind
from internal.payment.repository import PaymentRepository
from pkg.db import UnitOfWorkFactory
from pkg.log import get_logger

log = get_logger("payment.reconcile")

RECONCILE_JOB = "payment.reconcile"
RECONCILE_WINDOW = timedelta(days=3)
_PAID = {PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED, PaymentStatus.DISPUTED}
_DISPUTE_KINDS = {TransactionKind.DISPUTE_OPENED, TransactionKind.DISPUTE_WON, TransactionKind.DISPUTE_LOST}


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Reconciler:
    """Runs one reconciliation (see the module docstring)."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        provider: PaymentProvider,
        registry: CollectorRegistry,
        window: timedelta = RECONCILE_WINDOW,
        now: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._uow = uow
        self._provider = provider
        self._window = window
        self._now = now
        self._drift = Gauge(
            "skillsphere_payment_reconciliation_drift",
            "Differences between the payment processor and the ledger found by the last reconciliation.",
            ["provider"],
            registry=registry,
        )

    @property
    def provider(self) -> str:
        """The processor it reconciles."""
        return self._provider.name

    async def run(self) -> ReconciliationRun:
        """Compare, store and report one run."""
        since = self._now() - self._window
        records = await self._provider.records_since(since)
        async with self._uow() as uow:
            repo = PaymentRepository(uow.session)
            payments = await repo.provider_payments_since(self._provider.name, since)
            sums = await repo.ledger_sums([p.id for p in payments])
            drift = self._ledger_drift(payments, sums)
            if records is not None:
                drift += self._provider_drift(payments, records)
            run = ReconciliationRun(
                id=uuid.uuid4(),
                provider=self._provider.name,
                since=since,
                checked=len(payments) + len(records or []),
                drift=len(drift),
                details=drift[:500],
                created_at=self._now(),
            )
            await repo.add_reconciliation(run)
            await uow.commit()
        self._drift.labels(self._provider.name).set(len(drift))
        for item in drift[:50]:
            log.warning("reconciliation_drift", provider=self._provider.name, **item)
        log.info("reconciled", provider=self._provider.name, checked=run.checked, drift=run.drift)
        return run

    @staticmethod
    def _ledger_drift(payments: list[Payment], sums: dict[tuple[uuid.UUID, str, str], int]) -> list[dict[str, Any]]:
        card: dict[uuid.UUID, int] = defaultdict(int)
        for (payment_id, kind, account), amount in sums.items():
            if account == AccountKind.LEARNER_FUNDS and kind not in _DISPUTE_KINDS:
                card[payment_id] += amount
        drift = []
        for payment in payments:
            paid = payment.status in _PAID
            expected = (-payment.amount_minor + payment.refunded_minor) if paid else 0
            if card[payment.id] != expected:
                drift.append(
                    {
                        "check": "ledger",
                        "payment_id": str(payment.id),
                        "status": payment.status,
                        "expected": expected,
                        "ledger": card[payment.id],
                    }
                )
        return drift

    @staticmethod
    def _provider_drift(payments: list[Payment], records: list[Any]) -> list[dict[str, Any]]:
        by_ref = {p.provider_ref: p for p in payments if p.provider_ref}
        transferred = {p.transfer_ref for p in payments if p.transfer_ref}
        refunded: dict[str, int] = defaultdict(int)
        drift: list[dict[str, Any]] = []
        for record in records:
            if record.kind is RecordKind.CHARGE:
                payment = by_ref.get(record.ref)
                if payment is None:
                    drift.append({"check": "unknown_charge", "ref": record.ref, "amount": record.amount_minor})
                    continue
                paid_there = record.status == "succeeded"
                if record.amount_minor != payment.amount_minor or paid_there != (payment.status in _PAID):
                    drift.append(
                        {
                            "check": "charge",
                            "payment_id": str(payment.id),
                            "ref": record.ref,
                            "status": payment.status,
                            "provider_status": record.status,
                        }
                    )
            elif record.kind is RecordKind.REFUND and record.status in ("succeeded", "pending"):
                refunded[record.payment_ref] += record.amount_minor
            elif record.kind is RecordKind.TRANSFER and record.ref not in transferred:
                drift.append({"check": "unknown_transfer", "ref": record.ref, "group": record.payment_ref})
        for ref, payment in by_ref.items():
            if refunded.get(ref, 0) != payment.refunded_minor:
                drift.append(
                    {
                        "check": "refunds",
                        "payment_id": str(payment.id),
                        "provider": refunded.get(ref, 0),
                        "ours": payment.refunded_minor,
                    }
                )
        return drift
