"""The Stripe adapter of the payment provider port, on the official `stripe` SDK (16.x, async methods of
`StripeClient`; its objects are not dicts: attributes, or `.to_dict()`).

- Charges are PaymentIntents with automatic capture (separate charges and transfers, as Stripe advises for
  marketplaces where payment precedes the service), metadata naming our payment/escrow, and Stripe
  idempotency keys derived from ours.
- Payees are Connect Express accounts onboarded through Account Links; the payee's share moves with a
  Transfer (`transfer_group` names the escrow or payment, `source_transaction` the charge) and leaves with
  a Payout on the connected account (`Stripe-Account`).
- `stripe_api_base` points the client at another server speaking Stripe's wire format (the tests' local
  servers); Connect calls may go to `stripe_connect_api_base` when set (localstripe has no Connect).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import stripe

from internal.payment.provider import (
    Charge,
    ChargeStatus,
    ConnectedAccount,
    ProviderDispute,
    ProviderError,
    ProviderPayout,
    ProviderRecord,
    ProviderRefund,
    RecordKind,
)
from pkg.log import get_logger

log = get_logger("payment.stripe")

# PaymentIntent statuses in our words.
_INTENT_STATUS = {
    "requires_payment_method": ChargeStatus.REQUIRES_ACTION,
    "requires_confirmation": ChargeStatus.REQUIRES_ACTION,
    "requires_action": ChargeStatus.REQUIRES_ACTION,
    "processing": ChargeStatus.PROCESSING,
    "requires_capture": ChargeStatus.PROCESSING,
    "succeeded": ChargeStatus.SUCCEEDED,
    "canceled": ChargeStatus.CANCELED,
}
# Stripe's refund reasons (ours map onto these three; anything else is sent without a reason).
_REFUND_REASONS = {"duplicate", "fraudulent", "requested_by_customer"}
_LIST_PAGE = 100
_RECORDS_MAX = 5000


def _attr(obj: Any, name: str, default: Any = None) -> Any:
    """An attribute of a Stripe object (or a plain value when the SDK left a nested one unparsed)."""
    if obj is None:
        return default
    if isinstance(obj, dict):
        return obj.get(name, default)
    value = getattr(obj, name, default)  # StripeObject: attributes (missing ones raise AttributeError)
    return default if value is None else value


def _id(value: Any) -> str:
    """The id of an expandable field (a string, or an object with an id)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(_attr(value, "id", ""))


def _error(exc: stripe.StripeError) -> ProviderError:
    code = str(getattr(exc, "code", "") or "")
    decline = ""
    if isinstance(exc, stripe.CardError):
        decline = str(getattr(exc.error, "decline_code", "") or "") if exc.error else ""
    retryable = isinstance(exc, stripe.APIConnectionError | stripe.RateLimitError) or ((exc.http_status or 500) >= 500)
    log.warning("stripe_error", type=type(exc).__name__, code=code, decline_code=decline, status=exc.http_status)
    return ProviderError(
        str(exc.user_message or exc) or "Stripe refused the call.", code=code, decline_code=decline, retryable=retryable
    )


class StripeProvider:
    """PaymentProvider on Stripe (see the module docstring)."""

    name = "stripe"

    def __init__(self, *, secret_key: str, api_base: str = "", connect_api_base: str = "") -> None:
        http = stripe.HTTPXClient()
        bases: dict[str, str] = {"api": api_base} if api_base else {}
        self._client = stripe.StripeClient(secret_key, base_addresses=bases, http_client=http, max_network_retries=2)  # type: ignore[arg-type]
        connect_bases: dict[str, str] = {"api": connect_api_base} if connect_api_base else bases
        self._connect = (
            stripe.StripeClient(secret_key, base_addresses=connect_bases, http_client=http, max_network_retries=2)  # type: ignore[arg-type]
            if connect_api_base
            else self._client
        )

    # --- charges ---------------------------------------------------------------------------------------

    @staticmethod
    def _charge(intent: Any) -> Charge:
        status = _INTENT_STATUS.get(str(_attr(intent, "status", "")), ChargeStatus.PROCESSING)
        error = _attr(intent, "last_payment_error")
        failure_code = str(_attr(error, "decline_code", "") or _attr(error, "code", "")) if error else ""
        if error and status is ChargeStatus.REQUIRES_ACTION and _attr(intent, "status") == "requires_payment_method":
            status = ChargeStatus.FAILED  # the last attempt was declined
        latest = _attr(intent, "latest_charge")
        refunded = int(_attr(latest, "amount_refunded", 0)) if latest is not None and not isinstance(latest, str) else 0
        disputed = (
            bool(_attr(latest, "disputed", False)) if latest is not None and not isinstance(latest, str) else False
        )
        metadata = _attr(intent, "metadata")
        return Charge(
            ref=str(_attr(intent, "id", "")),
            status=status,
            client_secret=str(_attr(intent, "client_secret", "")),
            amount_minor=int(_attr(intent, "amount", 0)),
            currency=str(_attr(intent, "currency", "")).upper(),
            charge_ref=_id(latest),
            amount_refunded=refunded,
            disputed=disputed,
            failure_code=failure_code,
            failure_message=str(_attr(error, "message", "")) if error else "",
            metadata={
                str(k): str(v)
                for k, v in (metadata.to_dict() if hasattr(metadata, "to_dict") else (metadata or {})).items()
            },
        )

    async def create_charge(
        self,
        *,
        payment_id: uuid.UUID,
        amount_minor: int,
        currency: str,
        description: str,
        metadata: dict[str, str],
        idempotency_key: str,
    ) -> Charge:
        """A PaymentIntent (automatic capture) the payer confirms with Stripe.js using its client secret."""
        try:
            intent = await self._client.v1.payment_intents.create_async(
                {
                    "amount": amount_minor,
                    "currency": currency.lower(),
                    "metadata": {**metadata, "payment_id": str(payment_id)},
                },
                {"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        return self._charge(intent)

    async def client_secret(self, payment_id: uuid.UUID, stored: str) -> tuple[str, str]:
        """Stripe's client secret (stored when the intent was created); no hosted checkout URL."""
        return stored, ""

    async def retrieve_charge(self, ref: str) -> Charge:
        """The PaymentIntent with its latest charge."""
        try:
            intent = await self._client.v1.payment_intents.retrieve_async(ref, {"expand": ["latest_charge"]})
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        return self._charge(intent)

    async def cancel_charge(self, ref: str, *, idempotency_key: str) -> None:
        """Cancel the PaymentIntent unless it is already final."""
        current = await self.retrieve_charge(ref)
        if current.status in (ChargeStatus.SUCCEEDED, ChargeStatus.CANCELED, ChargeStatus.PROCESSING):
            return
        try:
            await self._client.v1.payment_intents.cancel_async(ref, {}, {"idempotency_key": idempotency_key})
        except stripe.StripeError as exc:
            raise _error(exc) from exc

    async def refund(
        self, *, charge: Charge | None, payment_ref: str, amount_minor: int, reason: str, idempotency_key: str
    ) -> ProviderRefund:
        """A Refund of the PaymentIntent."""
        params: dict[str, Any] = {"payment_intent": payment_ref, "amount": amount_minor}
        if reason in _REFUND_REASONS:
            params["reason"] = reason
        try:
            refund = await self._client.v1.refunds.create_async(params, {"idempotency_key": idempotency_key})  # type: ignore[arg-type]
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        return ProviderRefund(ref=str(refund.id), status=str(_attr(refund, "status", "pending")))

    # --- Connect ---------------------------------------------------------------------------------------

    async def create_account(self, *, user_id: uuid.UUID, country: str, idempotency_key: str) -> str:
        """A Connect Express account (Stripe collects identity and bank details on its onboarding)."""
        try:
            account = await self._connect.v1.accounts.create_async(
                {
                    "type": "express",
                    "country": country,
                    "capabilities": {"transfers": {"requested": True}},
                    "metadata": {"user_id": str(user_id)},
                },
                {"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        return str(account.id)

    async def account_link(
        self, *, account_id: uuid.UUID, account_ref: str, return_url: str, refresh_url: str
    ) -> tuple[str, datetime]:
        """An Account Link of type account_onboarding."""
        try:
            link = await self._connect.v1.account_links.create_async(
                {
                    "account": account_ref,
                    "refresh_url": refresh_url,
                    "return_url": return_url,
                    "type": "account_onboarding",
                }
            )
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        return str(link.url), datetime.fromtimestamp(int(link.expires_at), UTC)

    async def retrieve_account(self, ref: str) -> ConnectedAccount:
        """The account's onboarding state and (masked) bank."""
        try:
            account = await self._connect.v1.accounts.retrieve_async(ref)
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        requirements = _attr(account, "requirements")
        bank = ""
        external = _attr(account, "external_accounts")
        data = _attr(external, "data", []) if external is not None else []
        if data:
            first = data[0]
            bank = f"{_attr(first, 'bank_name', 'Bank')} •••• {_attr(first, 'last4', '')}".strip()
        return ConnectedAccount(
            ref=str(account.id),
            details_submitted=bool(_attr(account, "details_submitted", False)),
            payouts_enabled=bool(_attr(account, "payouts_enabled", False)),
            disabled_reason=str(_attr(requirements, "disabled_reason", "") or ""),
            country=str(_attr(account, "country", "")),
            default_currency=str(_attr(account, "default_currency", "")).upper(),
            bank_summary=bank,
        )

    async def transfer(
        self,
        *,
        account_ref: str,
        amount_minor: int,
        currency: str,
        transfer_group: str,
        source_charge: str,
        idempotency_key: str,
    ) -> str:
        """A Transfer to the connected account, tied to the charge that funded it."""
        params: dict[str, Any] = {
            "amount": amount_minor,
            "currency": currency.lower(),
            "destination": account_ref,
            "transfer_group": transfer_group,
        }
        if source_charge:
            params["source_transaction"] = source_charge
        try:
            transfer = await self._connect.v1.transfers.create_async(params, {"idempotency_key": idempotency_key})  # type: ignore[arg-type]
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        return str(transfer.id)

    @staticmethod
    def _payout(payout: Any) -> ProviderPayout:
        return ProviderPayout(
            ref=str(payout.id),
            status=str(_attr(payout, "status", "pending")),
            failure_code=str(_attr(payout, "failure_code", "") or ""),
            failure_message=str(_attr(payout, "failure_message", "") or ""),
        )

    async def payout(
        self, *, account_ref: str, bank_account_number: str, amount_minor: int, currency: str, idempotency_key: str
    ) -> ProviderPayout:
        """A Payout on the connected account (`Stripe-Account`) to its default bank account."""
        try:
            payout = await self._connect.v1.payouts.create_async(
                {"amount": amount_minor, "currency": currency.lower()},
                {"idempotency_key": idempotency_key, "stripe_account": account_ref},
            )
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        return self._payout(payout)

    async def retrieve_payout(self, *, account_ref: str, ref: str, bank_account_number: str) -> ProviderPayout:
        """The payout's current state."""
        try:
            payout = await self._connect.v1.payouts.retrieve_async(ref, None, {"stripe_account": account_ref})
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        return self._payout(payout)

    async def retrieve_dispute(self, ref: str) -> ProviderDispute:
        """A dispute, with its charge's PaymentIntent."""
        try:
            dispute = await self._connect.v1.disputes.retrieve_async(ref)
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        return ProviderDispute(
            ref=str(dispute.id),
            payment_intent_ref=_id(_attr(dispute, "payment_intent")),
            charge_ref=_id(_attr(dispute, "charge")),
            amount_minor=int(_attr(dispute, "amount", 0)),
            currency=str(_attr(dispute, "currency", "")).upper(),
            status=str(_attr(dispute, "status", "")),
            reason=str(_attr(dispute, "reason", "") or ""),
        )

    # --- reconciliation --------------------------------------------------------------------------------

    async def _since(self, resource: Any, since: int) -> list[Any]:
        """Objects created at or after `since` (Unix seconds). Stripe lists newest first, so paging stops at the
        first older one (no `created` filter: not every server speaking Stripe's format supports it)."""
        items: list[Any] = []
        page = await resource.list_async({"limit": _LIST_PAGE})
        while True:
            data = list(_attr(page, "data", []))
            fresh = [item for item in data if int(_attr(item, "created", 0)) >= since]
            items.extend(fresh)
            older = len(fresh) < len(data)
            if older or not _attr(page, "has_more", False) or not data or len(items) >= _RECORDS_MAX:
                return items
            page = await resource.list_async({"limit": _LIST_PAGE, "starting_after": data[-1].id})

    async def records_since(self, since: datetime) -> list[ProviderRecord] | None:
        """PaymentIntents (as charges), refunds and transfers created since `since`."""
        created = int(since.timestamp())
        records: list[ProviderRecord] = []
        try:
            for intent in await self._since(self._client.v1.payment_intents, created):
                records.append(
                    ProviderRecord(
                        RecordKind.CHARGE,
                        str(intent.id),
                        int(_attr(intent, "amount", 0)),
                        str(_attr(intent, "currency", "")).upper(),
                        str(_attr(intent, "status", "")),
                        payment_ref=str(intent.id),
                    )
                )
            for refund in await self._since(self._client.v1.refunds, created):
                records.append(
                    ProviderRecord(
                        RecordKind.REFUND,
                        str(refund.id),
                        int(_attr(refund, "amount", 0)),
                        str(_attr(refund, "currency", "")).upper(),
                        str(_attr(refund, "status", "")),
                        payment_ref=_id(_attr(refund, "payment_intent")),
                    )
                )
            for transfer in await self._since(self._connect.v1.transfers, created):
                records.append(
                    ProviderRecord(
                        RecordKind.TRANSFER,
                        str(transfer.id),
                        int(_attr(transfer, "amount", 0)),
                        str(_attr(transfer, "currency", "")).upper(),
                        "reversed" if _attr(transfer, "reversed", False) else "paid",
                        payment_ref=str(_attr(transfer, "transfer_group", "") or ""),
                    )
                )
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        return records

    # --- webhooks --------------------------------------------------------------------------------------

    def verify_event(self, payload: bytes, signature: str, secret: str) -> tuple[str, str, str, str]:
        """(event id, type, object id, connected account or "") of a webhook body whose `Stripe-Signature`
        verifies; ValueError or stripe.SignatureVerificationError otherwise."""
        event = self._client.construct_event(payload, signature, secret)
        obj = event.data.object
        return str(event.id), str(event.type), _id(obj), str(_attr(event, "account", "") or "")
