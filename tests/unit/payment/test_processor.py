"""The offline processor's rules: Stripe's test cards, signed client secrets and onboarding links."""

from __future__ import annotations

import uuid

from internal.payment.processor import (
    CardOutcome,
    ClientSecrets,
    OnboardingLink,
    OnboardingLinks,
    card_result,
    checkout_url,
)


def test_stripes_test_cards_decide_the_outcome_and_other_numbers_are_refused() -> None:
    assert card_result("4242 4242 4242 4242").outcome is CardOutcome.SUCCEEDED
    assert card_result("4000-0000-0000-0002").code == "card_declined"
    assert card_result("4000002500003155").outcome is CardOutcome.REQUIRES_AUTHENTICATION
    assert card_result("4111111111111111").outcome is CardOutcome.INVALID
    assert card_result("4242x4242424242424").outcome is CardOutcome.INVALID


def test_a_client_secret_names_its_payment_and_cannot_be_forged_or_moved() -> None:
    secrets = ClientSecrets(b"k" * 32)
    payment = uuid.uuid4()
    secret = secrets.issue(payment)
    assert secrets.payment_id(secret) == payment
    assert secrets.payment_id(secret[:-1] + ("0" if secret[-1] != "0" else "1")) is None
    other = uuid.uuid4()
    moved = f"pi_{other.hex}_secret_{secret.rsplit('_', 1)[1]}"
    assert secrets.payment_id(moved) is None
    assert ClientSecrets(b"x" * 32).payment_id(secret) is None
    assert secrets.payment_id("garbage") is None
    assert checkout_url("http://h:1/", "a b").endswith("/test-checkout?client_secret=a%20b")


def test_onboarding_links_round_trip_and_refuse_tampering() -> None:
    links = OnboardingLinks(b"k" * 32)
    link = OnboardingLink(uuid.uuid4(), "https://app/done", "https://app/again", 1_900_000_000)
    token = links.token(link)
    assert links.read(token) == link
    assert links.read(token[:-2] + "AA") is None
    assert OnboardingLinks(b"z" * 32).read(token) is None
