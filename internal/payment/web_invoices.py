"""The offline processor's hosted invoice page, on the HTTP port: what Stripe's hosted invoice page is in
production. `GET /test-invoice/{invoice_id}?token=…` (Invoice.hosted_invoice_url) shows the number, the
lines, the totals and the status; the signed token is the credential (anyone holding the link may read
the invoice, as with Stripe's links), and the page is printable (no PDF: no PDF library is a dependency).
An OPEN invoice is paid through the subscription (UpdateSubscriptionCard), not on this page."""

from __future__ import annotations

import html
import uuid

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from internal.auth.web import page
from internal.payment.invoices import lines_of
from internal.payment.money import Money
from internal.payment.subscriptions import INVOICE_PATH, SubscriptionService


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


class InvoicePages:
    """The hosted invoice route."""

    def __init__(self, subscriptions: SubscriptionService) -> None:
        self._subscriptions = subscriptions

    def routes(self) -> list[BaseRoute]:
        """GET shows one invoice."""
        return [Route(INVOICE_PATH + "/{invoice_id}", self.show, methods=["GET"])]

    async def show(self, request: Request) -> Response:
        """The invoice of the path, when the link's token is right; 404 otherwise."""
        try:
            invoice_id = uuid.UUID(request.path_params["invoice_id"])
        except ValueError:
            invoice_id = None
        invoice = (
            await self._subscriptions.hosted_invoice(invoice_id, request.query_params.get("token", ""))
            if invoice_id
            else None
        )
        if invoice is None:
            return page("This invoice link is not valid", "<p>Open the invoice from the app again.</p>", status=404)

        def amount(minor: int) -> str:
            return _e(Money(minor, invoice.currency).format())

        rows = "".join(
            f"<tr><td>{_e(line.description)}</td><td>{line.quantity}</td><td>{amount(line.unit_amount_minor)}</td>"
            f"<td>{amount(line.amount_minor)}</td></tr>\n"
            for line in lines_of(invoice)
        )
        body = (
            f'<p>Invoice <strong id="number">{_e(invoice.number)}</strong> · Status '
            f'<strong id="status" data-status="{_e(invoice.status)}">{_e(invoice.status)}</strong></p>\n'
            f"<p>Billed period: {invoice.period_start:%Y-%m-%d %H:%M} – {invoice.period_end:%Y-%m-%d %H:%M} UTC. "
            f"Issued {invoice.created_at:%Y-%m-%d} by SkillSphere (test mode: no real money moves).</p>\n"
            "<table>\n<tr><th>Description</th><th>Qty</th><th>Unit</th><th>Amount</th></tr>\n"
            f"{rows}</table>\n"
            f"<p>Subtotal {amount(invoice.subtotal_minor)} · Tax {amount(invoice.tax_minor)} · "
            f'Total <strong id="total">{amount(invoice.total_minor)}</strong></p>\n'
            f"<p>Paid {amount(invoice.amount_paid_minor)} · Due {amount(invoice.amount_due_minor)}"
            + (f" · Paid on {invoice.paid_at:%Y-%m-%d %H:%M} UTC" if invoice.paid_at else "")
            + "</p>"
        )
        return page(f"Invoice {invoice.number}", body)
