"""The pure rules of invoices: totals from lines, proration, and the saved-card outcomes of test cards."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from internal.payment.invoices import Line, new_invoice, prorate
from internal.payment.models import BillingReason, Invoice, InvoiceStatus
from internal.payment.processor import CardOutcome, card_result, saved_card_charge

START = datetime(2026, 11, 1, tzinfo=UTC)
END = START + timedelta(days=30)


def test_proration_credits_the_unused_part_and_charges_the_rest_rounded_half_up() -> None:
    assert prorate(999, 2499, period_start=START, period_end=END, now=START) == prorate(
        999, 2499, period_start=START, period_end=END, now=START - timedelta(days=1)
    )
    at_start = prorate(999, 2499, period_start=START, period_end=END, now=START)
    assert (at_start.credit, at_start.charge, at_start.due) == (999, 2499, 1500)
    halfway = prorate(999, 2499, period_start=START, period_end=END, now=START + timedelta(days=15))
    assert (halfway.credit, halfway.charge) == (500, 1250)  # 499.5 and 1249.5, half up
    at_end = prorate(999, 2499, period_start=START, period_end=END, now=END + timedelta(seconds=1))
    assert (at_end.credit, at_end.charge, at_end.due) == (0, 0, 0)


def test_an_invoice_totals_its_lines_and_a_zero_invoice_is_paid_at_once() -> None:
    def invoice(*lines: Line) -> Invoice:
        return new_invoice(
            number="SKS-2026-000001",
            user_id=uuid.uuid4(),
            subscription_id=uuid.uuid4(),
            reason=BillingReason.SUBSCRIPTION_UPDATE,
            currency="USD",
            lines=list(lines),
            period_start=START,
            period_end=END,
            now=START,
        )

    opened = invoice(Line("Unused time", -999), Line("Remaining time", 2499))
    assert (opened.subtotal_minor, opened.total_minor, opened.amount_due_minor) == (1500, 1500, 1500)
    assert opened.status == InvoiceStatus.OPEN
    free = invoice(Line("Trial", 0))
    assert (free.status, free.amount_due_minor, free.paid_at) == (InvoiceStatus.PAID, 0, START)
    assert Line("Seats", 250, quantity=3).amount_minor == 750
    with pytest.raises(ValueError):
        invoice(Line("Credit only", -1))


def test_saved_cards_charged_without_the_customer() -> None:
    assert saved_card_charge("4242424242424242").outcome is CardOutcome.SUCCEEDED
    # 4000 0000 0000 0341: the checkout succeeds, later charges are declined.
    assert card_result("4000000000000341").outcome is CardOutcome.SUCCEEDED
    assert saved_card_charge("4000000000000341").code == "card_declined"
    assert saved_card_charge("4000002500003155").code == "authentication_required"
    assert saved_card_charge("4000000000000002").outcome is CardOutcome.DECLINED
    assert saved_card_charge("").code == "payment_method_missing"
