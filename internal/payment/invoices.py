"""Invoices: one per subscription charge (the first payment, each renewal, each upgrade's proration).

Rules (pure): line items, totals and the proration of a plan change. SQL: `InvoiceRepository`, over the
tables migration 0017 created (`payment_invoices`, `payment_invoice_numbers`).

Numbers are `SKS-<year>-<six digits>`, one sequence per calendar year (UTC). The next number is taken by
`UPDATE … RETURNING` on the year's counter row in the invoice's own transaction: the row stays locked until
that transaction ends, so two invoices never share a number, and a transaction that rolls back gives its
number back (no gaps). The price is the counter row serialising invoice creation — fine at subscription
volumes (a few per member per month).

Proration (an upgrade in the middle of a period, all amounts in minor units, rounded half up):

    r = seconds left in the period, T = seconds in the period
    credit = old_price × r / T        (unused time on the old plan, a negative line)
    charge = new_price × r / T        (remaining time on the new plan)
    due    = charge − credit

A `due` below the currency's minimum charge (0.50 in USD/EUR) is waived with a line of its own, so the
invoice's total is 0 and nothing is charged.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, text, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from internal.payment.models import BillingReason, Invoice, InvoiceStatus

NUMBER_PREFIX = "SKS"


@dataclass(frozen=True, slots=True)
class Line:
    """One invoice line: quantity × unit amount (negative for credits)."""

    description: str
    unit_amount_minor: int
    quantity: int = 1

    @property
    def amount_minor(self) -> int:
        """quantity × unit amount."""
        return self.quantity * self.unit_amount_minor

    def as_json(self) -> dict[str, Any]:
        """The stored form (a JSONB list element)."""
        return {
            "description": self.description,
            "quantity": self.quantity,
            "unit_amount_minor": self.unit_amount_minor,
            "amount_minor": self.amount_minor,
        }


def lines_of(invoice: Invoice) -> list[Line]:
    """The stored lines of an invoice."""
    return [
        Line(str(item["description"]), int(str(item["unit_amount_minor"])), int(str(item["quantity"])))
        for item in invoice.line_items
    ]


def period_text(start: datetime, end: datetime) -> str:
    """ "1 Nov 2026 – 1 Dec 2026" (UTC dates)."""
    return f"{start:%-d %b %Y} – {end:%-d %b %Y}"


def _half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


@dataclass(frozen=True, slots=True)
class Proration:
    """The money of a mid-period plan change (see the module docstring)."""

    credit: int
    charge: int

    @property
    def due(self) -> int:
        """charge − credit."""
        return self.charge - self.credit


def prorate(
    old_price: int, new_price: int, *, period_start: datetime, period_end: datetime, now: datetime
) -> Proration:
    """The credit for the unused part of the old price and the charge for the rest of the period at the new
    price, both rounded half up to a whole minor unit."""
    total = max(1, int((period_end - period_start).total_seconds()))
    left = min(total, max(0, int((period_end - now).total_seconds())))
    return Proration(credit=_half_up(old_price * left, total), charge=_half_up(new_price * left, total))


def new_invoice(
    *,
    number: str,
    user_id: uuid.UUID,
    subscription_id: uuid.UUID,
    reason: BillingReason,
    currency: str,
    lines: list[Line],
    period_start: datetime,
    period_end: datetime,
    now: datetime,
    due_in: timedelta = timedelta(0),
) -> Invoice:
    """An OPEN invoice (PAID at once when its total is 0) with its totals computed from its lines."""
    subtotal = sum(line.amount_minor for line in lines)
    if subtotal < 0:
        raise ValueError("an invoice total cannot be negative")
    return Invoice(
        id=uuid.uuid4(),
        number=number,
        user_id=user_id,
        subscription_id=subscription_id,
        status=(InvoiceStatus.PAID if subtotal == 0 else InvoiceStatus.OPEN).value,
        billing_reason=reason.value,
        currency=currency,
        line_items=[line.as_json() for line in lines],
        subtotal_minor=subtotal,
        tax_minor=0,
        total_minor=subtotal,
        amount_paid_minor=0,
        payment_id=None,
        attempt_count=0,
        next_attempt_at=None,
        period_start=period_start,
        period_end=period_end,
        due_at=now + due_in,
        paid_at=now if subtotal == 0 else None,
        created_at=now,
        updated_at=now,
    )


def mark_paid(invoice: Invoice, payment_id: uuid.UUID, now: datetime) -> None:
    """The invoice's payment succeeded."""
    invoice.status = InvoiceStatus.PAID.value
    invoice.amount_paid_minor = invoice.total_minor
    invoice.payment_id = payment_id
    invoice.paid_at = invoice.updated_at = now
    invoice.next_attempt_at = None


class InvoiceRepository:
    """SQL over the invoice tables, on the caller's session (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def next_number(self, now: datetime) -> str:
        """The next number of `now`'s year; the counter row stays locked until the transaction ends."""
        last = await self.session.scalar(
            text(
                "INSERT INTO payment_invoice_numbers (year, last) VALUES (:year, 1) "
                "ON CONFLICT (year) DO UPDATE SET last = payment_invoice_numbers.last + 1 RETURNING last"
            ),
            {"year": now.year},
        )
        return f"{NUMBER_PREFIX}-{now.year}-{int(last or 0):06d}"

    async def add(self, invoice: Invoice) -> None:
        """Insert and flush."""
        self.session.add(invoice)
        await self.session.flush()

    async def invoice(self, invoice_id: uuid.UUID, *, for_update: bool = False) -> Invoice | None:
        """One invoice (row-locked when `for_update`, and then re-read: a row loaded earlier in this session
        may be stale by the time the lock is granted)."""
        query = select(Invoice).where(Invoice.id == invoice_id)
        if for_update:
            query = query.with_for_update().execution_options(populate_existing=True)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def list_invoices(
        self,
        *,
        user_id: uuid.UUID,
        subscription_id: uuid.UUID | None,
        statuses: list[str],
        after: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[Invoice]:
        """A member's invoices, newest first (keyset on created_at, id)."""
        query = select(Invoice).where(Invoice.user_id == user_id)
        if subscription_id is not None:
            query = query.where(Invoice.subscription_id == subscription_id)
        if statuses:
            query = query.where(Invoice.status.in_(statuses))
        if after is not None:
            query = query.where(tuple_(Invoice.created_at, Invoice.id) < tuple_(*after))
        query = query.order_by(Invoice.created_at.desc(), Invoice.id.desc()).limit(limit)
        return list((await self.session.execute(query)).scalars())
