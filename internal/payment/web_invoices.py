"""The offline processor's hosted invoice page, on the HTTP port: what Stripe's hosted invoice page is in
production. `GET /test-invoice/{invoice_id}?token=…` (Invoice.hosted_invoice_url) shows the number, the
lines, the totals and the status; the signed token is the credential (anyone holding the link may read
the invoice, as with Stripe's links), and the page is printable (no PDF: no PDF library is a dependency).
An OPEN invoice is paid through the subscription (UpdateSubscriptionCard), not on this page.

`GET /test-setup?setup_secret=…` (a TRIALING subscription's checkout_url) asks for a test card to save for the
trial's end, without charging it (Stripe's SetupIntent); `POST /test-setup` with `setup_secret` and
`card_number` saves it. Like the checkout, a plain form POST needs no cookie; a browser's POST carries the
page's CSRF token (internal/payment/web.py reads the form)."""

from __future__ import annotations

import html
import uuid
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from internal.auth.web import page
from internal.payment.invoices import lines_of
from internal.payment.money import Money
from internal.payment.subscriptions import INVOICE_PATH, SETUP_PATH, SubscriptionService
from pkg.gateway.csrf import FIELD, CsrfGuard

_SETUP_FORM = "test-setup"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


class InvoicePages:
    """The hosted invoice route."""

    def __init__(
        self,
        subscriptions: SubscriptionService,
        *,
        csrf: CsrfGuard,
        read_form: Callable[[Request, str], Awaitable[tuple[dict[str, str], Response | None]]],
    ) -> None:
        self._subscriptions = subscriptions
        self._csrf = csrf
        self._read_form = read_form

    def routes(self) -> list[BaseRoute]:
        """GET shows one invoice; the setup page shows (GET) or saves (POST) a card."""
        return [
            Route(INVOICE_PATH + "/{invoice_id}", self.show, methods=["GET"]),
            Route(SETUP_PATH, self.setup, methods=["GET", "POST"]),
        ]

    async def setup(self, request: Request) -> Response:
        """Show or submit the card-saving page of a trial."""
        if request.method == "GET":
            secret = request.query_params.get("setup_secret", "")
            subscription, error = await self._subscriptions.setup_state(secret), ""
        else:
            form, refused = await self._read_form(request, _SETUP_FORM)
            if refused is not None:
                return refused
            secret = form.get("setup_secret", "")
            subscription, error = await self._subscriptions.save_card(secret, form.get("card_number", ""))
        if subscription is None:
            return page("This link is not valid", "<p>Open your subscription in the app again.</p>", status=404)
        saved = bool(subscription.card_number)
        note = f'<p class="error" role="alert">{_e(error)}</p>\n' if error else ""
        summary = (
            "<p>Test mode: save a card for the end of your free trial; nothing is charged now.</p>\n"
            f'<p>Card: <strong id="status" data-status="{"saved" if saved else "missing"}">'
            f"{'saved' if saved else 'none yet'}</strong></p>\n"
        )
        if request.method == "POST" and not error:
            return page("Card saved", summary)
        cookie, token = self._csrf.issue(request, _SETUP_FORM)
        form_html = (
            f'<form method="post" action="{SETUP_PATH}">\n'
            f'<input type="hidden" name="{FIELD}" value="{_e(token)}">\n'
            f'<input type="hidden" name="setup_secret" value="{_e(secret)}">\n'
            '<label for="card_number">Card number</label>\n'
            '<input id="card_number" name="card_number" inputmode="numeric" autocomplete="off" '
            'placeholder="4242 4242 4242 4242" required>\n'
            "<button>Save card</button>\n</form>"
        )
        response = page("Save a card", note + summary + form_html, status=400 if error else 200)
        self._csrf.set_cookie(response, request, cookie)
        return response

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
