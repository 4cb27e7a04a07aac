"""The ledger's rules: every transaction balances, and balances are what the entries sum to — checked on
hand-written flows and on a randomized workload of payments, escrows, refunds, releases and payouts."""

from __future__ import annotations

import random
import uuid

import pytest

from internal.payment import ledger
from internal.payment.ledger import PLATFORM, AccountKey, AccountKind, MemoryLedger, Posting, Unbalanced
from internal.payment.money import fee, percent_of

A, B = uuid.uuid4(), uuid.uuid4()


def test_an_unbalanced_or_empty_or_zero_transaction_is_refused() -> None:
    key = AccountKey(AccountKind.PENDING, A, "USD")
    other = AccountKey(AccountKind.AVAILABLE, A, "USD")
    with pytest.raises(Unbalanced):
        ledger.check_balanced([Posting(key, 10), Posting(other, -9)])
    with pytest.raises(Unbalanced):
        ledger.check_balanced([])
    with pytest.raises(Unbalanced):
        ledger.check_balanced([Posting(key, 0)])
    with pytest.raises(Unbalanced):  # balanced in sum, but across two currencies
        ledger.check_balanced([Posting(key, 10), Posting(AccountKey(AccountKind.PENDING, A, "EUR"), -10)])


def test_escrow_release_pays_the_payee_minus_the_fee() -> None:
    book = MemoryLedger()
    escrow, payment = uuid.uuid4(), uuid.uuid4()
    book.post(ledger.escrow_funded(escrow_id=escrow, payment_id=payment, payer=A, payee=B, amount=5000, currency="USD"))
    assert book.balance(AccountKind.ESCROW, B, "USD") == 5000
    assert book.balance(AccountKind.LEARNER_FUNDS, A, "USD") == -5000
    split = ledger.settle(5000, 0, 1500)
    book.post(
        ledger.escrow_settled(escrow_id=escrow, payment_id=payment, payer=A, payee=B, settlement=split, currency="USD")
    )
    assert book.balance(AccountKind.ESCROW, B, "USD") == 0
    assert book.balance(AccountKind.PENDING, B, "USD") == 4250
    assert book.balance(AccountKind.PLATFORM_FEES, PLATFORM, "USD") == 750
    assert book.totals() == {"USD": 0}


def test_a_half_refund_splits_and_takes_the_fee_only_on_the_released_half() -> None:
    split = ledger.settle(999, percent_of(999, 50), 1500)
    assert (split.refunded, split.released, split.fee) == (499, 500 - 75, 75)
    assert split.refunded + split.released + split.fee == 999


def test_a_payment_refund_returns_the_fee_proportionally() -> None:
    book = MemoryLedger()
    payment = uuid.uuid4()
    book.post(ledger.payment_succeeded(payment_id=payment, payer=A, payee=B, amount=2000, fee=300, currency="EUR"))
    book.post(ledger.settled(member=B, amount=1700, currency="EUR"))
    book.post(
        ledger.payment_refunded(payment_id=payment, payer=A, payee=B, refund=1000, fee_returned=150, currency="EUR")
    )
    assert book.balance(AccountKind.AVAILABLE, B, "EUR") == 850
    assert book.balance(AccountKind.PLATFORM_FEES, PLATFORM, "EUR") == 150
    assert book.balance(AccountKind.LEARNER_FUNDS, A, "EUR") == -1000
    assert book.totals() == {"EUR": 0}


@pytest.mark.parametrize("seed", range(25))
def test_a_random_workload_always_balances_and_conserves_every_members_money(seed: int) -> None:
    rng = random.Random(seed)
    members = [uuid.uuid4() for _ in range(5)]
    currencies = ["USD", "JPY", "EUR"]
    book = MemoryLedger()
    held: list[tuple[uuid.UUID, uuid.UUID, uuid.UUID, int, str, int]] = []  # escrow, payer, payee, amount, cur, bps
    paid_in: dict[tuple[uuid.UUID, str], int] = {}
    for _ in range(300):
        action = rng.choice(["fund", "fund", "settle", "pay", "settle_pending", "payout"])
        payer, payee = rng.sample(members, 2)
        currency = rng.choice(currencies)
        if action == "fund":
            amount, escrow = rng.randint(50, 100_000), uuid.uuid4()
            book.post(
                ledger.escrow_funded(
                    escrow_id=escrow,
                    payment_id=uuid.uuid4(),
                    payer=payer,
                    payee=payee,
                    amount=amount,
                    currency=currency,
                )
            )
            held.append((escrow, payer, payee, amount, currency, rng.choice([0, 1000, 1500, 10_000])))
            paid_in[(payer, currency)] = paid_in.get((payer, currency), 0) + amount
        elif action == "settle" and held:
            escrow, payer, payee, amount, currency, bps = held.pop(rng.randrange(len(held)))
            refund = percent_of(amount, rng.choice([0, 50, 100, rng.randint(0, 100)]))
            split = ledger.settle(amount, refund, bps)
            assert split.refunded + split.released + split.fee == amount
            assert split.fee == fee(amount - refund, bps)
            book.post(
                ledger.escrow_settled(
                    escrow_id=escrow,
                    payment_id=uuid.uuid4(),
                    payer=payer,
                    payee=payee,
                    settlement=split,
                    currency=currency,
                )
            )
            paid_in[(payer, currency)] -= refund
        elif action == "pay":
            amount = rng.randint(50, 10_000)
            kept = fee(amount, 1500)
            book.post(
                ledger.payment_succeeded(
                    payment_id=uuid.uuid4(), payer=payer, payee=payee, amount=amount, fee=kept, currency=currency
                )
            )
            paid_in[(payer, currency)] = paid_in.get((payer, currency), 0) + amount
        elif action == "settle_pending":
            pending = book.balance(AccountKind.PENDING, payee, currency)
            if pending > 0:
                book.post(ledger.settled(member=payee, amount=rng.randint(1, pending), currency=currency))
        elif action == "payout":
            available = book.balance(AccountKind.AVAILABLE, payee, currency)
            if available > 0:
                payout, amount = uuid.uuid4(), rng.randint(1, available)
                book.post(ledger.payout_sent(payout_id=payout, member=payee, amount=amount, currency=currency))
                book.post(
                    ledger.payout_finished(
                        payout_id=payout, member=payee, amount=amount, currency=currency, paid=rng.random() < 0.8
                    )
                )
    # Every transaction balanced, so the whole book sums to zero per currency...
    for transaction in book.transactions:
        assert sum(p.amount_minor for p in transaction.postings) == 0
    assert all(total == 0 for total in book.totals().values())
    # ...each payer's card account shows exactly what they paid net of refunds...
    for (payer, currency), net in paid_in.items():
        assert book.balance(AccountKind.LEARNER_FUNDS, payer, currency) == -net
    # ...what is still in escrow equals the open escrows, and no member balance went negative.
    for member in members:
        for currency in currencies:
            open_amount = sum(e[3] for e in held if e[2] == member and e[4] == currency)
            assert book.balance(AccountKind.ESCROW, member, currency) == open_amount
            for kind in (AccountKind.PENDING, AccountKind.AVAILABLE, AccountKind.IN_TRANSIT):
                assert book.balance(kind, member, currency) >= 0
