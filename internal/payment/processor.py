"""The offline test-mode processor: behaves like Stripe's test mode without network or keys.

It decides what a card does from Stripe's published test card numbers, and signs client secrets so that
only the holder of a payment's secret can pay it (the secret is derived, never stored: any replica can
check it). Money itself lives in the ledger; this processor only answers "what happened to the card".
"""

from __future__ import annotations

import enum
import hashlib
import hmac
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
}


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
