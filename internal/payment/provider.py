"""The payment provider port: what the payment domain needs from a payment processor, and its two
implementations — the offline test-mode processor (the default, no keys; internal/payment/processor.py and
the hosted test pages in web.py) and Stripe through the official SDK (internal/payment/stripe_provider.py).

The service decides; the provider only moves money at the processor and reports what happened there. Every
call that creates something takes an idempotency key derived from ours (`provider_key`), so a retry after a
timeout, or after our own transaction rolled back, finds the first object instead of making a second one.

Money stays in the ledger under both providers: a provider's answers are recorded as state changes and
ledger transactions by the service, in its own database transactions.
"""

from __future__ import annotations

import enum
import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from internal.payment.processor import TEST_BANK_ACCOUNTS, BankOutcome, ClientSecrets, checkout_url


class ProviderError(Exception):
    """The processor refused a call or could not be reached; `retryable` when trying later may work.

    `code`/`decline_code` are the processor's (Stripe's error envelope), safe to log, never shown raw.
    """

    def __init__(self, message: str, *, code: str = "", decline_code: str = "", retryable: bool = True) -> None:
        super().__init__(message)
        self.code = code
        self.decline_code = decline_code
        self.retryable = retryable


class ChargeStatus(enum.StrEnum):
    """A charge (PaymentIntent) as the processor sees it, in our words."""

    REQUIRES_ACTION = "requires_action"  # waiting for the payer (card, 3-D Secure)
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # the last attempt was declined (the payer could try another card at Stripe)
    CANCELED = "canceled"


@dataclass(frozen=True)
class Charge:
    """A charge for a payment: its id at the processor and what the payer needs to pay it."""

    ref: str
    status: ChargeStatus
    client_secret: str = ""
    checkout_url: str = ""
    amount_minor: int = 0
    currency: str = ""
    charge_ref: str = ""  # the charge (ch_…) that paid it, once there is one
    amount_refunded: int = 0
    disputed: bool = False
    failure_code: str = ""
    failure_message: str = ""
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ProviderRefund:
    """A refund at the processor."""

    ref: str
    status: str  # pending | succeeded | failed | canceled


@dataclass(frozen=True)
class ConnectedAccount:
    """A payee's account at the processor (Stripe Connect Express)."""

    ref: str
    details_submitted: bool
    payouts_enabled: bool
    disabled_reason: str = ""
    country: str = ""
    default_currency: str = ""
    bank_summary: str = ""


@dataclass(frozen=True)
class ProviderPayout:
    """A payout from a connected account to its bank."""

    ref: str
    status: str  # pending | in_transit | paid | failed | canceled
    failure_code: str = ""
    failure_message: str = ""


@dataclass(frozen=True)
class ProviderDispute:
    """A dispute (chargeback) at the processor."""

    ref: str
    payment_intent_ref: str
    charge_ref: str
    amount_minor: int
    currency: str
    status: str  # Stripe's: warning_needs_response, needs_response, under_review, won, lost, ...
    reason: str = ""


class RecordKind(enum.StrEnum):
    """What a processor record is, for reconciliation."""

    CHARGE = "charge"
    REFUND = "refund"
    TRANSFER = "transfer"


@dataclass(frozen=True)
class ProviderRecord:
    """One money movement the processor knows about (reconciliation compares them with the ledger)."""

    kind: RecordKind
    ref: str
    amount_minor: int
    currency: str
    status: str
    payment_ref: str = ""  # the PaymentIntent it belongs to (charges, refunds) or the transfer group


class PaymentProvider(Protocol):
    """What the payment domain needs from a processor."""

    name: str

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
        """A charge the payer confirms with the returned client secret (REQUIRES_ACTION)."""
        ...

    async def client_secret(self, payment_id: uuid.UUID, stored: str) -> tuple[str, str]:
        """(client secret, checkout URL) of an unpaid payment; `stored` is what create_charge returned."""
        ...

    async def retrieve_charge(self, ref: str) -> Charge:
        """The charge's current state at the processor."""
        ...

    async def cancel_charge(self, ref: str, *, idempotency_key: str) -> None:
        """Cancel an unpaid charge (nothing happens when it is already final)."""
        ...

    async def refund(
        self, *, charge: Charge | None, payment_ref: str, amount_minor: int, reason: str, idempotency_key: str
    ) -> ProviderRefund:
        """Refund part of a paid charge."""
        ...

    async def create_account(self, *, user_id: uuid.UUID, country: str, idempotency_key: str) -> str:
        """A connected account for a payee; its ref ("" when the processor keeps none)."""
        ...

    async def account_link(
        self, *, account_id: uuid.UUID, account_ref: str, return_url: str, refresh_url: str
    ) -> tuple[str, datetime]:
        """A hosted onboarding URL for the account and when it expires."""
        ...

    async def retrieve_account(self, ref: str) -> ConnectedAccount:
        """The connected account's current state."""
        ...

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
        """Move the payee's share to their connected account; the transfer's ref ("" when nothing moves)."""
        ...

    async def payout(
        self, *, account_ref: str, bank_account_number: str, amount_minor: int, currency: str, idempotency_key: str
    ) -> ProviderPayout:
        """Pay out from the payee's account to their bank."""
        ...

    async def retrieve_payout(self, *, account_ref: str, ref: str, bank_account_number: str) -> ProviderPayout:
        """A payout's current state."""
        ...

    async def retrieve_dispute(self, ref: str) -> ProviderDispute:
        """A dispute's current state."""
        ...

    async def records_since(self, since: datetime) -> list[ProviderRecord] | None:
        """The processor's charges, refunds and transfers since `since`; None when the processor keeps no
        records of its own (the offline processor: reconciliation then checks our rows against the ledger)."""
        ...


def provider_key(*parts: object) -> str:
    """A processor idempotency key derived from ours (stable for the same parts, opaque, ≤ 255 chars)."""
    digest = hashlib.sha256("\0".join(str(p) for p in parts).encode()).hexdigest()
    return f"skillsphere-{digest[:48]}"


class OfflineProvider:
    """The offline test-mode processor behind the port: charges are paid on the hosted test checkout (whose
    outcome the service records directly), refunds succeed at once, money never leaves the platform
    (transfers move nothing), and payouts are answered by Stripe's test bank account numbers."""

    name = "offline"

    def __init__(self, *, secrets: ClientSecrets, checkout_base: object) -> None:
        self._secrets = secrets
        self._checkout_base = checkout_base  # Callable[[], str]: the HTTP port is bound after wiring

    def _base(self) -> str:
        base = self._checkout_base
        return str(base() if callable(base) else base)

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
        """The payment's derived client secret and its hosted test checkout."""
        secret = self._secrets.issue(payment_id)
        return Charge(
            ref=f"pi_{payment_id.hex}",
            status=ChargeStatus.REQUIRES_ACTION,
            client_secret="",  # derived on demand, never stored
            checkout_url=checkout_url(self._base(), secret),
            amount_minor=amount_minor,
            currency=currency,
            metadata=metadata,
        )

    async def client_secret(self, payment_id: uuid.UUID, stored: str) -> tuple[str, str]:
        """The derived secret and the hosted test checkout URL."""
        secret = self._secrets.issue(payment_id)
        return secret, checkout_url(self._base(), secret)

    async def retrieve_charge(self, ref: str) -> Charge:
        """The offline processor keeps no state beyond our rows; nothing to read back."""
        raise ProviderError("the offline processor keeps no charges of its own", retryable=False)

    async def cancel_charge(self, ref: str, *, idempotency_key: str) -> None:
        """Nothing to cancel at the processor: the checkout refuses a payment that is no longer unpaid."""

    async def refund(
        self, *, charge: Charge | None, payment_ref: str, amount_minor: int, reason: str, idempotency_key: str
    ) -> ProviderRefund:
        """Test mode refunds at once."""
        return ProviderRefund(ref="", status="succeeded")

    async def create_account(self, *, user_id: uuid.UUID, country: str, idempotency_key: str) -> str:
        """The offline processor's accounts are our rows."""
        return ""

    async def account_link(
        self, *, account_id: uuid.UUID, account_ref: str, return_url: str, refresh_url: str
    ) -> tuple[str, datetime]:
        """Built by PayoutService (the signed hosted test onboarding link); never called for offline."""
        raise ProviderError("the offline onboarding link is signed by PayoutService", retryable=False)

    async def retrieve_account(self, ref: str) -> ConnectedAccount:
        """The offline processor's accounts are our rows."""
        raise ProviderError("the offline processor keeps no accounts of its own", retryable=False)

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
        """Test mode: the payee's share stays on the platform until it is paid out."""
        return ""

    async def payout(
        self, *, account_ref: str, bank_account_number: str, amount_minor: int, currency: str, idempotency_key: str
    ) -> ProviderPayout:
        """The test bank's answer, at once."""
        return await self.retrieve_payout(account_ref=account_ref, ref="", bank_account_number=bank_account_number)

    async def retrieve_payout(self, *, account_ref: str, ref: str, bank_account_number: str) -> ProviderPayout:
        """What Stripe's test bank account numbers do (processor.TEST_BANK_ACCOUNTS)."""
        outcome, code, message = TEST_BANK_ACCOUNTS.get(
            bank_account_number, (BankOutcome.FAILED, "no_account", "Unknown account.")
        )
        status = "paid" if outcome is BankOutcome.PAID else "failed"
        return ProviderPayout(ref="", status=status, failure_code=code, failure_message=message)

    async def retrieve_dispute(self, ref: str) -> ProviderDispute:
        """Test mode has no disputes."""
        raise ProviderError("the offline processor has no disputes", retryable=False)

    async def records_since(self, since: datetime) -> list[ProviderRecord] | None:
        """No records of its own: reconciliation checks our rows (the processor's outcomes) against the ledger."""
        return None
