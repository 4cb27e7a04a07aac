"""The offline test-mode processor: behaves like Stripe's test mode without network or keys.

It decides what a card does from Stripe's published test card numbers, and signs client secrets so that
only the holder of a payment's secret can pay it (the secret is derived, never stored: any replica can
check it). Money itself lives in the ledger; this processor only answers "what happened to the card".
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from urllib.parse import quote

# Where the hosted test checkout is served on the HTTP port (internal/payment/web.py).
CHECKOUT_PATH = "/test-checkout"


class CardOutcome(enum.StrEnum):
    """What charging a test card does."""

    SUCCEEDED = "succeeded"
    DECLINED = "declined"
    REQUIRES_AUTHENTICATION = "requires_authentication"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class CardResult:
    """A charge attempt's outcome, with Stripe's decline code and a message safe to show."""

    outcome: CardOutcome
    code: str = ""
    message: str = ""


# Stripe's test cards (https://docs.stripe.com/testing), by number.
TEST_CARDS: dict[str, CardResult] = {
    "4242424242424242": CardResult(CardOutcome.SUCCEEDED),
    "5555555555554444": CardResult(CardOutcome.SUCCEEDED),
    "4000000000000002": CardResult(CardOutcome.DECLINED, "card_declined", "Your card was declined."),
    "4000000000009995": CardResult(CardOutcome.DECLINED, "insufficient_funds", "Your card has insufficient funds."),
    "4000000000000069": CardResult(CardOutcome.DECLINED, "expired_card", "Your card has expired."),
    "4000002500003155": CardResult(CardOutcome.REQUIRES_AUTHENTICATION),
    # Stripe: "attaching this card to a Customer succeeds, but attempts to charge the customer fail". The
    # offline processor lets the checkout the customer completes succeed (that is where the card is
    # attached and saved) and declines every later charge made without the customer (renewals, retries,
    # prorations): the documented way to make a renewal fail in test mode.
    "4000000000000341": CardResult(CardOutcome.SUCCEEDED),
}

# Cards whose saved charges (off-session: renewals, dunning retries, prorations) fail, with Stripe's code.
_OFF_SESSION_DECLINES: dict[str, CardResult] = {
    "4000000000000341": CardResult(CardOutcome.DECLINED, "card_declined", "Your card was declined."),
    # A card that needs 3-D Secure cannot be authenticated without the customer.
    "4000002500003155": CardResult(
        CardOutcome.DECLINED, "authentication_required", "Your bank asks you to confirm this payment."
    ),
}


def saved_card_charge(number: str) -> CardResult:
    """What charging the saved test card `number` without the customer present (a renewal) does: the card's
    usual outcome, except that 4000 0000 0000 0341 is declined and cards that need authentication fail with
    `authentication_required`; no saved card is declined."""
    if not number:
        return CardResult(CardOutcome.DECLINED, "payment_method_missing", "No card is saved for this subscription.")
    return _OFF_SESSION_DECLINES.get(number) or card_result(number)


def card_digits(number: str) -> str:
    """The digits of a card number as typed (spaces and dashes dropped)."""
    return "".join(ch for ch in number if ch.isdigit())


def card_result(number: str) -> CardResult:
    """What the test card `number` (spaces and dashes ignored) does; real or unknown cards are refused, as
    Stripe's test mode refuses them."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) != len(number.replace(" ", "").replace("-", "")):
        digits = ""
    found = TEST_CARDS.get(digits)
    if found is not None:
        return found
    return CardResult(
        CardOutcome.INVALID,
        "invalid_number",
        "Use a test card number, for example 4242 4242 4242 4242 (see docs/payments.md).",
    )


class ClientSecrets:
    """Issues and checks client secrets: `<payment id hex>_secret_<HMAC>` under a server key shared by replicas."""

    def __init__(self, key: bytes) -> None:
        self._key = hashlib.sha256(b"skillsphere payment client secret\0" + key).digest()

    def _mac(self, payment_id: uuid.UUID) -> str:
        return hmac.new(self._key, payment_id.bytes, hashlib.sha256).hexdigest()[:40]

    def issue(self, payment_id: uuid.UUID) -> str:
        """The secret of `payment_id`."""
        return f"pi_{payment_id.hex}_secret_{self._mac(payment_id)}"

    def payment_id(self, secret: str) -> uuid.UUID | None:
        """The payment a secret belongs to, or None when it is not one this server issued."""
        head, sep, mac = secret.partition("_secret_")
        if not sep or not head.startswith("pi_") or len(secret) > 200:
            return None
        try:
            payment_id = uuid.UUID(hex=head[3:])
        except ValueError:
            return None
        return payment_id if hmac.compare_digest(mac, self._mac(payment_id)) else None


def checkout_url(base_url: str, client_secret: str) -> str:
    """The hosted test checkout page of a client secret, on the server at `base_url`."""
    return f"{base_url.rstrip('/')}{CHECKOUT_PATH}?client_secret={quote(client_secret)}"


# Where the hosted test onboarding is served on the HTTP port (internal/payment/web.py).
ONBOARDING_PATH = "/test-onboarding"

# Countries payouts can be sent to, and the currency they arrive in.
PAYOUT_COUNTRIES: dict[str, str] = {
    "US": "USD",
    "CA": "CAD",
    "GB": "GBP",
    "IE": "EUR",
    "DE": "EUR",
    "FR": "EUR",
    "ES": "EUR",
    "IT": "EUR",
    "NL": "EUR",
    "AU": "AUD",
    "IN": "INR",
    "BR": "BRL",
    "JP": "JPY",
}


class BankOutcome(enum.StrEnum):
    """What paying out to a test bank account does."""

    PAID = "paid"
    FAILED = "failed"


# Stripe's test bank account numbers (https://docs.stripe.com/connect/testing#account-numbers).
TEST_BANK_ACCOUNTS: dict[str, tuple[BankOutcome, str, str]] = {
    "000123456789": (BankOutcome.PAID, "", ""),
    "000111111116": (BankOutcome.FAILED, "no_account", "The bank account could not be located."),
    "000111111113": (BankOutcome.FAILED, "account_closed", "The bank account has been closed."),
}


@dataclass(frozen=True, slots=True)
class OnboardingLink:
    """What a signed onboarding link carries."""

    account_id: uuid.UUID
    return_url: str
    refresh_url: str
    expires_at: int  # Unix seconds


class OnboardingLinks:
    """Signs and checks the hosted test onboarding links (any replica can check them)."""

    def __init__(self, key: bytes) -> None:
        self._key = hashlib.sha256(b"skillsphere payout onboarding link\0" + key).digest()

    def token(self, link: OnboardingLink) -> str:
        """The opaque token of `link`."""
        body = json.dumps(
            [str(link.account_id), link.return_url, link.refresh_url, link.expires_at], separators=(",", ":")
        ).encode()
        mac = hmac.new(self._key, body, hashlib.sha256).digest()[:16]
        return base64.urlsafe_b64encode(mac + body).rstrip(b"=").decode()

    def read(self, token: str) -> OnboardingLink | None:
        """The link in `token` (expired or not), or None when it is not one this server signed."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            mac, body = raw[:16], raw[16:]
            if not hmac.compare_digest(mac, hmac.new(self._key, body, hashlib.sha256).digest()[:16]):
                return None
            account_id, return_url, refresh_url, expires_at = json.loads(body)
            return OnboardingLink(uuid.UUID(account_id), str(return_url), str(refresh_url), int(expires_at))
        except (ValueError, TypeError):
            return None
