"""A small local server speaking Stripe's wire format for what `localstripe` lacks: Connect (accounts, account
links, transfers, payouts on a connected account), disputes, and signed webhooks for them.

Wire format as Stripe's: form-encoded requests (`a[b]=c` nesting), `Authorization: Bearer sk_…`, the
`Idempotency-Key` header replaying the first answer, `Stripe-Account` for calls on a connected account, JSON
objects with `object` and `id`, lists as `{"object": "list", "data": [...], "has_more": …}`, errors as
`{"error": {"type", "code", "message", "decline_code"?}}` with Stripe's HTTP statuses. Webhooks are signed as
Stripe signs them (`Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.body")`), so the SDK's
`construct_event` verifies them.

Test controls (not Stripe's API): `POST /_config/webhooks/{id}` (url, secret) registers an endpoint as
localstripe does; `GET/POST /connect/onboard/{account}` is the hosted onboarding an account link points to
(a form POST with `account_number`, Stripe's test bank numbers); `POST /_test/disputes` (payment_intent,
charge, amount, currency, reason) opens a dispute and `POST /_test/disputes/{id}/close` (status won|lost)
closes it.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
import time
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import ClientSession, web

# Stripe's test bank account numbers: what a payout to them does.
FAILING_BANK_ACCOUNTS = {"000111111116": "no_account", "000111111113": "account_closed"}


def _id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def _nest(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """`a[b][c]=v` form fields as nested dicts (lists as dicts of indexes are left as they are)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


def _error(status: int, kind: str, code: str, message: str, **extra: str) -> web.Response:
    return web.json_response({"error": {"type": kind, "code": code, "message": message, **extra}}, status=status)


class StripeConnectServer:
    """The server's state and routes; `app` is an aiohttp application to run on 127.0.0.1."""

    def __init__(self) -> None:
        self.accounts: dict[str, dict[str, Any]] = {}
        self.transfers: dict[str, dict[str, Any]] = {}
        self.payouts: dict[str, dict[str, Any]] = {}
        self.disputes: dict[str, dict[str, Any]] = {}
        self.webhooks: dict[str, tuple[str, str]] = {}
        self.idempotent: dict[tuple[str, str], tuple[int, Any]] = {}
        self.requests: list[tuple[str, str, dict[str, Any], dict[str, str]]] = []
        self.base_url = ""
        self._tasks: set[asyncio.Task[None]] = set()
        self.app = web.Application()
        r = self.app.router
        r.add_post("/v1/accounts", self._api(self.create_account))
        r.add_get("/v1/accounts/{id}", self._api(self.get_account))
        r.add_post("/v1/account_links", self._api(self.create_account_link))
        r.add_post("/v1/transfers", self._api(self.create_transfer))
        r.add_get("/v1/transfers", self._api(self.list_transfers))
        r.add_post("/v1/payouts", self._api(self.create_payout))
        r.add_get("/v1/payouts/{id}", self._api(self.get_payout))
        r.add_get("/v1/disputes/{id}", self._api(self.get_dispute))
        r.add_post("/_config/webhooks/{id}", self.config_webhook)
        r.add_get("/connect/onboard/{account}", self.onboarding_page)
        r.add_post("/connect/onboard/{account}", self.onboard)
        r.add_post("/_test/disputes", self.open_dispute)
        r.add_post("/_test/disputes/{id}/close", self.close_dispute)

    # --- plumbing ----------------------------------------------------------------------------------------

    def _api(self, handler: Any) -> Any:
        async def route(request: web.Request) -> web.Response:
            auth = request.headers.get("Authorization", "")
            if not auth.startswith("Bearer sk_"):
                return _error(401, "invalid_request_error", "api_key_invalid", "Invalid API Key provided.")
            raw = await request.text()
            params = _nest(parse_qsl(raw, keep_blank_values=True)) if raw else _nest(list(request.query.items()))
            self.requests.append((request.method, request.path, params, dict(request.headers)))
            key = request.headers.get("Idempotency-Key", "")
            if key and (request.path, key) in self.idempotent:
                status, body = self.idempotent[(request.path, key)]
                return web.json_response(body, status=status, headers={"Idempotent-Replayed": "true"})
            response = await handler(request, params)
            if key and request.method == "POST" and response.status < 500:
                self.idempotent[(request.path, key)] = (response.status, json.loads(response.body))  # type: ignore[arg-type]
            return response

        return route

    def send(self, kind: str, obj: dict[str, Any], account: str | None = None) -> str:
        """Deliver a signed event to every registered endpoint (in the background, as Stripe does)."""
        event_id = _id("evt")
        event = {
            "id": event_id,
            "object": "event",
            "type": kind,
            "created": int(time.time()),
            "livemode": False,
            "api_version": "2025-01-27.acacia",
            "data": {"object": obj},
            **({"account": account} if account else {}),
        }
        task = asyncio.get_running_loop().create_task(self._deliver(json.dumps(event).encode()))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return event_id

    async def _deliver(self, body: bytes) -> None:
        for url, secret in list(self.webhooks.values()):
            await post_signed(url, secret, body)

    # --- accounts ----------------------------------------------------------------------------------------

    async def create_account(self, request: web.Request, params: dict[str, Any]) -> web.Response:
        if params.get("type") not in ("express", "standard", "custom"):
            return _error(400, "invalid_request_error", "parameter_missing", "Missing required param: type.")
        country = params.get("country", "US")
        account = {
            "id": _id("acct"),
            "object": "account",
            "type": params["type"],
            "country": country,
            "default_currency": {"US": "usd", "DE": "eur", "GB": "gbp"}.get(country, "usd"),
            "details_submitted": False,
            "payouts_enabled": False,
            "charges_enabled": False,
            "metadata": params.get("metadata", {}),
            "requirements": {"disabled_reason": "requirements.past_due", "currently_due": ["external_account"]},
            "external_accounts": {"object": "list", "data": [], "has_more": False},
            "created": int(time.time()),
        }
        self.accounts[account["id"]] = account
        return web.json_response(account)

    async def get_account(self, request: web.Request, params: dict[str, Any]) -> web.Response:
        account = self.accounts.get(request.match_info["id"])
        if account is None:
            return _error(404, "invalid_request_error", "resource_missing", "No such account.")
        return web.json_response(account)

    async def create_account_link(self, request: web.Request, params: dict[str, Any]) -> web.Response:
        account = self.accounts.get(params.get("account", ""))
        if account is None:
            return _error(400, "invalid_request_error", "resource_missing", "No such account.", param="account")
        for name in ("return_url", "refresh_url"):
            if not params.get(name):
                return _error(400, "invalid_request_error", "parameter_missing", f"Missing required param: {name}.")
        state = secrets.token_urlsafe(8)
        account["_link"] = {"state": state, "return_url": params["return_url"]}
        return web.json_response(
            {
                "object": "account_link",
                "url": f"{self.base_url}/connect/onboard/{account['id']}?state={state}",
                "created": int(time.time()),
                "expires_at": int(time.time()) + 300,
            }
        )

    async def onboarding_page(self, request: web.Request) -> web.Response:
        return web.Response(text="<form method=post><input name=account_number></form>", content_type="text/html")

    async def onboard(self, request: web.Request) -> web.Response:
        account = self.accounts.get(request.match_info["account"])
        form = dict(parse_qsl(await request.text()))
        if account is None or account.get("_link", {}).get("state") != request.query.get("state"):
            return web.Response(status=404, text="This link is not valid.")
        number = form.get("account_number", "")
        account.update(
            details_submitted=True,
            payouts_enabled=True,
            charges_enabled=True,
            requirements={"disabled_reason": None, "currently_due": []},
            external_accounts={
                "object": "list",
                "data": [{"object": "bank_account", "bank_name": "STRIPE TEST BANK", "last4": number[-4:]}],
                "has_more": False,
            },
            _bank=number,
        )
        self.send("account.updated", self._public(account), account=account["id"])
        raise web.HTTPSeeOther(account["_link"]["return_url"])

    @staticmethod
    def _public(obj: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in obj.items() if not k.startswith("_")}

    # --- transfers and payouts ---------------------------------------------------------------------------

    async def create_transfer(self, request: web.Request, params: dict[str, Any]) -> web.Response:
        account = self.accounts.get(params.get("destination", ""))
        if account is None:
            return _error(400, "invalid_request_error", "resource_missing", "No such destination.")
        if not account["payouts_enabled"]:
            return _error(400, "invalid_request_error", "account_invalid", "The destination cannot receive transfers.")
        amount = int(params.get("amount", 0))
        if amount <= 0:
            return _error(400, "invalid_request_error", "parameter_invalid_integer", "Invalid amount.")
        transfer = {
            "id": _id("tr"),
            "object": "transfer",
            "amount": amount,
            "currency": params.get("currency", "usd"),
            "destination": account["id"],
            "transfer_group": params.get("transfer_group"),
            "source_transaction": params.get("source_transaction"),
            "reversed": False,
            "created": int(time.time()),
        }
        self.transfers[transfer["id"]] = transfer
        account["_balance"] = account.get("_balance", 0) + amount
        return web.json_response(transfer)

    async def list_transfers(self, request: web.Request, params: dict[str, Any]) -> web.Response:
        since = int(params.get("created", {}).get("gte", 0)) if isinstance(params.get("created"), dict) else 0
        data = [t for t in self.transfers.values() if t["created"] >= since]
        return web.json_response({"object": "list", "data": data, "has_more": False, "url": "/v1/transfers"})

    async def create_payout(self, request: web.Request, params: dict[str, Any]) -> web.Response:
        account = self.accounts.get(request.headers.get("Stripe-Account", ""))
        if account is None:
            return _error(400, "invalid_request_error", "account_invalid", "Pass the connected account.")
        amount = int(params.get("amount", 0))
        if amount > account.get("_balance", 0):
            return _error(400, "invalid_request_error", "balance_insufficient", "Insufficient funds in the account.")
        account["_balance"] -= amount
        payout = {
            "id": _id("po"),
            "object": "payout",
            "amount": amount,
            "currency": params.get("currency", "usd"),
            "status": "pending",
            "failure_code": None,
            "failure_message": None,
            "created": int(time.time()),
            "_account": account["id"],
        }
        self.payouts[payout["id"]] = payout
        failing = FAILING_BANK_ACCOUNTS.get(account.get("_bank", ""))
        # The bank answers: the payout is paid (or fails) and Stripe tells the platform.
        payout["status"] = "failed" if failing else "paid"
        payout["failure_code"] = failing
        payout["failure_message"] = "The bank could not pay." if failing else None
        pending = {**self._public(payout), "status": "pending", "failure_code": None, "failure_message": None}
        self.send("payout.failed" if failing else "payout.paid", self._public(payout), account=account["id"])
        return web.json_response(pending)

    async def get_payout(self, request: web.Request, params: dict[str, Any]) -> web.Response:
        payout = self.payouts.get(request.match_info["id"])
        if payout is None or payout["_account"] != request.headers.get("Stripe-Account"):
            return _error(404, "invalid_request_error", "resource_missing", "No such payout.")
        return web.json_response(self._public(payout))

    # --- disputes ----------------------------------------------------------------------------------------

    async def get_dispute(self, request: web.Request, params: dict[str, Any]) -> web.Response:
        dispute = self.disputes.get(request.match_info["id"])
        if dispute is None:
            return _error(404, "invalid_request_error", "resource_missing", "No such dispute.")
        return web.json_response(dispute)

    async def open_dispute(self, request: web.Request) -> web.Response:
        form = dict(parse_qsl(await request.text()))
        dispute = {
            "id": _id("dp"),
            "object": "dispute",
            "amount": int(form["amount"]),
            "currency": form.get("currency", "usd"),
            "payment_intent": form["payment_intent"],
            "charge": form.get("charge", ""),
            "reason": form.get("reason", "fraudulent"),
            "status": "needs_response",
            "created": int(time.time()),
        }
        self.disputes[dispute["id"]] = dispute
        self.send("charge.dispute.created", dispute)
        return web.json_response(dispute)

    async def close_dispute(self, request: web.Request) -> web.Response:
        dispute = self.disputes[request.match_info["id"]]
        dispute["status"] = dict(parse_qsl(await request.text()))["status"]
        self.send("charge.dispute.closed", dispute)
        return web.json_response(dispute)

    async def config_webhook(self, request: web.Request) -> web.Response:
        form = dict(parse_qsl(await request.text()))
        self.webhooks[request.match_info["id"]] = (form["url"], form["secret"])
        return web.Response()


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """A `Stripe-Signature` header for `body`."""
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={mac}"


async def post_signed(url: str, secret: str, body: bytes) -> int:
    """POST a signed event body to a webhook endpoint; its HTTP status."""
    headers = {"Content-Type": "application/json", "Stripe-Signature": sign(secret, body)}
    async with ClientSession() as session, session.post(url, data=body, headers=headers) as response:
        return response.status


async def run(app: web.Application) -> tuple[web.AppRunner, str]:
    """Serve `app` on 127.0.0.1 on a free port; (runner to clean up, base URL)."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"
