"""The offline processor's hosted test checkout, served on the HTTP port: what Stripe's hosted payment page
is in production, with Stripe's test cards.

- `GET /test-checkout?client_secret=…` shows the amount and a card form (or the 3-D Secure step).
- `POST /test-checkout` with `client_secret`, `card_number` and `action` (`pay`, `authenticate`,
  `fail_authentication`) pays.
- `GET /test-onboarding?token=…` (CreatePayoutAccountLink's url) asks for a test bank account;
  `POST /test-onboarding` with `token` and `account_number` activates the payout account and redirects (303)
  to the link's return_url; an expired link redirects to its refresh_url.

The client secret is the credential: it is unguessable, signed by the server and bound to one payment, so
whoever holds it may pay that payment (as with Stripe). Browsers' POSTs (they send `Origin` or
`Sec-Fetch-Site`) must also carry the page's signed double-submit CSRF token (pkg/gateway/csrf.py); a plain
form POST from a script or test (`curl -d client_secret=… -d card_number=4242424242424242 -d action=pay`)
carries neither header and needs no cookie. Responses are `no-store` and `Referrer-Policy: no-referrer`
(the URL holds the secret), which `page` sets.
"""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from internal.auth.web import page
from internal.payment.models import PaymentStatus
from internal.payment.money import Money
from internal.payment.payouts import Onboarding, PayoutService
from internal.payment.processor import CHECKOUT_PATH, ONBOARDING_PATH
from internal.payment.service import CheckoutState, PaymentService
from internal.payment.subscriptions import SubscriptionService
from internal.payment.web_invoices import InvoicePages
from pkg.errors import NotFound
from pkg.gateway.csrf import FIELD, CsrfGuard
from pkg.log import get_logger

log = get_logger("payment.web")

PATH = CHECKOUT_PATH
_FORM = "test-checkout"
_ONBOARDING_FORM = "test-onboarding"
_MAX_FORM_BYTES = 8 * 1024


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


class CheckoutPages:
    """The hosted test checkout routes; they call PaymentService directly (they are the processor's pages,
    not an API: no RPC confirms a payment)."""

    def __init__(
        self,
        *,
        service: PaymentService,
        payouts: PayoutService,
        csrf: CsrfGuard,
        subscriptions: SubscriptionService | None = None,
    ) -> None:
        self._service = service
        self._payouts = payouts
        self._csrf = csrf
        self._invoices = (
            InvoicePages(subscriptions, csrf=csrf, read_form=self._read_form) if subscriptions is not None else None
        )

    def routes(self) -> list[BaseRoute]:
        """GET shows the checkout (or onboarding), POST submits it."""
        return [
            Route(PATH, self.checkout, methods=["GET", "POST"]),
            Route(ONBOARDING_PATH, self.onboarding, methods=["GET", "POST"]),
            *(self._invoices.routes() if self._invoices else ()),
        ]

    async def onboarding(self, request: Request) -> Response:
        """Show or submit the hosted test onboarding of a payout account."""
        if request.method == "GET":
            token = request.query_params.get("token", "")
            return self._render_onboarding(request, token, await self._payouts.onboarding(token), "")
        form, refused = await self._read_form(request, _ONBOARDING_FORM)
        if refused is not None:
            return refused
        token = form.get("token", "")
        state, error = await self._payouts.complete_onboarding(token, form.get("account_number", ""))
        if state.link is not None and not state.expired and not error and state.account is not None:
            return RedirectResponse(state.link.return_url, status_code=303)
        return self._render_onboarding(request, token, state, error)

    def _render_onboarding(self, request: Request, token: str, state: Onboarding, error: str) -> Response:
        if state.account is None or state.link is None:
            return page("This onboarding link is not valid", "<p>Ask the app for a new link.</p>", status=404)
        if state.expired:
            return RedirectResponse(state.link.refresh_url, status_code=303)
        cookie, csrf_token = self._csrf.issue(request, _ONBOARDING_FORM)
        note = f'<p class="error" role="alert">{_e(error)}</p>\n' if error else ""
        body = (
            f"{note}<p>Test mode: set up where your SkillSphere earnings are paid "
            f"({_e(state.account.country_code)}, {_e(state.account.default_currency)}).</p>\n"
            f'<p>Status: <strong id="status" data-status="{_e(state.account.status)}">{_e(state.account.status)}'
            "</strong></p>\n"
            f'<form method="post" action="{ONBOARDING_PATH}">\n'
            f'<input type="hidden" name="{FIELD}" value="{_e(csrf_token)}">\n'
            f'<input type="hidden" name="token" value="{_e(token)}">\n'
            '<label for="account_number">Bank account number</label>\n'
            '<input id="account_number" name="account_number" inputmode="numeric" autocomplete="off" '
            'placeholder="000123456789" required>\n'
            '<p class="rules">Test accounts: 000123456789 is paid out; payouts to 000111111116 and '
            "000111111113 fail.</p>\n"
            "<button>Save</button>\n</form>"
        )
        response = page("Set up payouts", body, status=400 if error else 200)
        self._csrf.set_cookie(response, request, cookie)
        return response

    async def checkout(self, request: Request) -> Response:
        """Show or submit the checkout of the client secret."""
        if request.method == "GET":
            secret = request.query_params.get("client_secret", "")
            return await self._guarded(request, secret, lambda: self._service.checkout_state(secret))
        form, refused = await self._read_form(request, _FORM)
        if refused is not None:
            return refused
        secret, action = form.get("client_secret", ""), form.get("action", "pay")
        if action == "authenticate":
            step = lambda: self._service.checkout_authenticate(secret, approve=True)  # noqa: E731
        elif action == "fail_authentication":
            step = lambda: self._service.checkout_authenticate(secret, approve=False)  # noqa: E731
        else:
            step = lambda: self._service.checkout_pay(secret, form.get("card_number", ""))  # noqa: E731
        return await self._guarded(request, secret, step)

    async def _guarded(self, request: Request, secret: str, step: Callable[[], Awaitable[CheckoutState]]) -> Response:
        try:
            state = await step()
        except NotFound:
            return page("This checkout link is not valid", "<p>Ask the app for a new payment link.</p>", status=404)
        return self._render(request, secret, state)

    def _render(self, request: Request, secret: str, state: CheckoutState) -> Response:
        payment = state.payment
        amount = Money(payment.amount_minor, payment.currency).format()
        status = PaymentStatus(payment.status)
        note = f'<p class="error" role="alert">{_e(state.message)}</p>\n' if state.message else ""
        summary = (
            f"<p>Test mode: no real money moves. Paying <strong>{_e(amount)}</strong> to {_e(state.payee_label)} "
            f"({_e(payment.description)}).</p>\n"
            f'<p>Status: <strong id="status" data-status="{_e(status.value)}">{_e(status.value)}</strong></p>\n'
        )
        if status is PaymentStatus.FAILED:
            body = summary + f'<p class="error">{_e(payment.failure_message)}</p>'
            return page("Payment failed", note + body, status=402)
        if status is not PaymentStatus.REQUIRES_ACTION:
            return page("Payment complete" if status is PaymentStatus.SUCCEEDED else "Payment closed", note + summary)
        cookie, token = self._csrf.issue(request, _FORM)
        hidden = (
            f'<input type="hidden" name="{FIELD}" value="{_e(token)}">\n'
            f'<input type="hidden" name="client_secret" value="{_e(secret)}">\n'
        )
        if payment.authentication_required:
            form = (
                f'<form method="post" action="{PATH}">\n{hidden}'
                "<p>Your bank asks you to confirm this payment (3-D Secure test).</p>\n"
                '<button name="action" value="authenticate">Complete authentication</button>\n'
                '<button name="action" value="fail_authentication">Fail authentication</button>\n</form>'
            )
        else:
            form = (
                f'<form method="post" action="{PATH}">\n{hidden}'
                '<label for="card_number">Card number</label>\n'
                '<input id="card_number" name="card_number" inputmode="numeric" autocomplete="off" '
                'placeholder="4242 4242 4242 4242" required>\n'
                '<p class="rules">Test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined, '
                "4000 0025 0000 3155 needs authentication.</p>\n"
                '<button name="action" value="pay">Pay</button>\n</form>'
            )
        response = page("Test checkout", note + summary + form, status=400 if state.message else 200)
        self._csrf.set_cookie(response, request, cookie)
        return response

    async def _read_form(self, request: Request, name: str) -> tuple[dict[str, str], Response | None]:
        if "application/x-www-form-urlencoded" not in request.headers.get("content-type", ""):
            return {}, page("This form could not be read", "<p>Send it as a form.</p>", status=415)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > _MAX_FORM_BYTES:
                return {}, page("This form is too large", "<p>Send it from the page.</p>", status=413)
        try:
            parsed = parse_qs(body.decode(), keep_blank_values=True, max_num_fields=10)
        except (UnicodeDecodeError, ValueError):
            return {}, page("This form could not be read", "<p>Send it from the page.</p>", status=400)
        form = {key: values[0] for key, values in parsed.items()}
        from_browser = "origin" in request.headers or "sec-fetch-site" in request.headers
        if from_browser:
            problem = self._csrf.problem(request, name, form.get(FIELD, ""))
            if problem is not None:
                log.warning("checkout_form_refused", problem=problem)
                return form, page(
                    "This form could not be accepted",
                    "<p>Open the link again in this browser and retry.</p>",
                    status=403,
                )
        return form, None
