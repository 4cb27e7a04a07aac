"""The double-entry ledger, as pure rules: accounts, balanced transactions, and the transaction each money
movement writes. The repository stores what these functions build, in the same database transaction as the
state change (payment succeeded, escrow released...), and PostgreSQL re-checks the balance at commit.

Sign convention: an entry's amount is what flows INTO its account (positive) or out of it (negative), and
every transaction's entries sum to zero per currency — money only ever moves between accounts.

Accounts (kind, owner):

- `learner_funds` (payer): the outside world as seen from a payer — their card. Goes negative by what the
  payer paid, back up by what was refunded.
- `escrow` (payee): money SkillSphere holds for a payee's escrows, gross (the fee is taken on release).
- `pending` (member): released earnings still settling; `available` (member): can be paid out;
  `in_transit` (member): paid out, on its way to the bank; `paid_out` (member): arrived at the bank.
- `platform_fees` (the platform): fees kept, and payments made to SkillSphere itself.

A member's balances (GetBalance) are the sums of their `available`, `pending`, `escrow` and `in_transit`
accounts; nothing is stored twice.
"""

from __future__ import annotations

import enum
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from internal.payment.money import fee as fee_on

# The owner id of the platform's own accounts.
PLATFORM = uuid.UUID(int=0)


class AccountKind(enum.StrEnum):
    """What an account holds (see the module docstring)."""

    LEARNER_FUNDS = "learner_funds"
    ESCROW = "escrow"
    PENDING = "pending"
    AVAILABLE = "available"
    IN_TRANSIT = "in_transit"
    PAID_OUT = "paid_out"
    PLATFORM_FEES = "platform_fees"
    DISPUTES = "disputes"


# The member balances GetBalance reports, and the kinds behind them.
MEMBER_BALANCES = (AccountKind.AVAILABLE, AccountKind.PENDING, AccountKind.ESCROW, AccountKind.IN_TRANSIT)


class TransactionKind(enum.StrEnum):
    """Which movement a ledger transaction records."""

    PAYMENT = "payment"
    PAYMENT_REFUND = "payment_refund"
    ESCROW_FUNDED = "escrow_funded"
    ESCROW_RELEASED = "escrow_released"
    ESCROW_REFUNDED = "escrow_refunded"
    SETTLED = "settled"
    PAYOUT = "payout"
    PAYOUT_PAID = "payout_paid"
    PAYOUT_FAILED = "payout_failed"
    DISPUTE_OPENED = "dispute_opened"
    DISPUTE_WON = "dispute_won"
    DISPUTE_LOST = "dispute_lost"


@dataclass(frozen=True, slots=True)
class AccountKey:
    """One account: a kind, its owner (a member, or PLATFORM) and its currency."""

    kind: AccountKind
    owner_id: uuid.UUID
    currency: str


@dataclass(frozen=True, slots=True)
class Posting:
    """One entry of a transaction: a signed amount on an account."""

    account: AccountKey
    amount_minor: int


class Unbalanced(ValueError):
    """A transaction whose entries do not sum to zero per currency (a bug, never a user error)."""


@dataclass(frozen=True)
class LedgerTransaction:
    """A balanced set of postings with what it is about."""

    kind: TransactionKind
    currency: str
    postings: tuple[Posting, ...]
    description: str = ""
    payment_id: uuid.UUID | None = None
    escrow_id: uuid.UUID | None = None
    payout_id: uuid.UUID | None = None

    def __post_init__(self) -> None:
        check_balanced(self.postings)
        if any(p.account.currency != self.currency for p in self.postings):
            raise Unbalanced("a transaction moves one currency")


def check_balanced(postings: Sequence[Posting]) -> None:
    """Raise Unbalanced unless the postings are non-empty, non-zero and sum to zero per currency."""
    if not postings:
        raise Unbalanced("a transaction needs entries")
    sums: dict[str, int] = defaultdict(int)
    for posting in postings:
        if posting.amount_minor == 0:
            raise Unbalanced("an entry of zero")
        sums[posting.account.currency] += posting.amount_minor
    if any(sums.values()):
        raise Unbalanced(f"entries do not sum to zero: {dict(sums)}")


def _moves(currency: str, *flows: tuple[AccountKind, uuid.UUID, int]) -> tuple[Posting, ...]:
    """Postings from (kind, owner, amount) triples, dropping zero amounts."""
    return tuple(Posting(AccountKey(kind, owner, currency), amount) for kind, owner, amount in flows if amount)


def payment_succeeded(
    *, payment_id: uuid.UUID, payer: uuid.UUID, payee: uuid.UUID | None, amount: int, fee: int, currency: str
) -> LedgerTransaction:
    """A plain payment captured: the payee's share is pending, the fee (or all of it, when SkillSphere is
    the payee) goes to the platform."""
    to_payee = amount - fee if payee is not None else 0
    return LedgerTransaction(
        TransactionKind.PAYMENT,
        currency,
        _moves(
            currency,
            (AccountKind.LEARNER_FUNDS, payer, -amount),
            (AccountKind.PENDING, payee or PLATFORM, to_payee),
            (AccountKind.PLATFORM_FEES, PLATFORM, amount - to_payee),
        ),
        "Payment received",
        payment_id=payment_id,
    )


def payment_refunded(
    *,
    payment_id: uuid.UUID,
    payer: uuid.UUID,
    payee: uuid.UUID | None,
    refund: int,
    fee_returned: int,
    currency: str,
) -> LedgerTransaction:
    """Part of a plain payment returned: taken from the payee's available balance, with the platform
    returning its fee on that part."""
    from_payee = refund - fee_returned if payee is not None else 0
    return LedgerTransaction(
        TransactionKind.PAYMENT_REFUND,
        currency,
        _moves(
            currency,
            (AccountKind.AVAILABLE, payee or PLATFORM, -from_payee),
            (AccountKind.PLATFORM_FEES, PLATFORM, -(refund - from_payee)),
            (AccountKind.LEARNER_FUNDS, payer, refund),
        ),
        "Payment refunded",
        payment_id=payment_id,
    )


def escrow_funded(
    *, escrow_id: uuid.UUID, payment_id: uuid.UUID, payer: uuid.UUID, payee: uuid.UUID, amount: int, currency: str
) -> LedgerTransaction:
    """The payer's money arrived and is held for the payee."""
    return LedgerTransaction(
        TransactionKind.ESCROW_FUNDED,
        currency,
        _moves(currency, (AccountKind.LEARNER_FUNDS, payer, -amount), (AccountKind.ESCROW, payee, amount)),
        "Escrow funded",
        payment_id=payment_id,
        escrow_id=escrow_id,
    )


@dataclass(frozen=True, slots=True)
class Settlement:
    """How an escrow's held money is divided when it settles."""

    refunded: int
    released: int  # to the payee, after the fee
    fee: int


def settle(held: int, refund: int, fee_basis_points: int) -> Settlement:
    """Divide `held` into a refund to the payer and a release (minus the fee on the released part)."""
    if not 0 <= refund <= held:
        raise ValueError("refund must be within 0..held")
    rest = held - refund
    kept = fee_on(rest, fee_basis_points)
    return Settlement(refunded=refund, released=rest - kept, fee=kept)


def escrow_settled(
    *,
    escrow_id: uuid.UUID,
    payment_id: uuid.UUID,
    payer: uuid.UUID,
    payee: uuid.UUID,
    settlement: Settlement,
    currency: str,
) -> LedgerTransaction:
    """An escrow emptied: the refund back to the payer, the rest to the payee's pending balance and the fee
    to the platform."""
    held = settlement.refunded + settlement.released + settlement.fee
    kind = TransactionKind.ESCROW_RELEASED if settlement.refunded == 0 else TransactionKind.ESCROW_REFUNDED
    description = {
        TransactionKind.ESCROW_RELEASED: "Escrow released",
        TransactionKind.ESCROW_REFUNDED: "Escrow refunded"
        if settlement.released + settlement.fee == 0
        else "Escrow split",
    }[kind]
    return LedgerTransaction(
        kind,
        currency,
        _moves(
            currency,
            (AccountKind.ESCROW, payee, -held),
            (AccountKind.LEARNER_FUNDS, payer, settlement.refunded),
            (AccountKind.PENDING, payee, settlement.released),
            (AccountKind.PLATFORM_FEES, PLATFORM, settlement.fee),
        ),
        description,
        payment_id=payment_id,
        escrow_id=escrow_id,
    )


def settled(*, member: uuid.UUID, amount: int, currency: str) -> LedgerTransaction:
    """Pending earnings became available."""
    return LedgerTransaction(
        TransactionKind.SETTLED,
        currency,
        _moves(currency, (AccountKind.PENDING, member, -amount), (AccountKind.AVAILABLE, member, amount)),
        "Earnings available",
    )


def payout_sent(*, payout_id: uuid.UUID, member: uuid.UUID, amount: int, currency: str) -> LedgerTransaction:
    """A payout left the available balance."""
    return LedgerTransaction(
        TransactionKind.PAYOUT,
        currency,
        _moves(currency, (AccountKind.AVAILABLE, member, -amount), (AccountKind.IN_TRANSIT, member, amount)),
        "Payout",
        payout_id=payout_id,
    )


def payout_finished(
    *, payout_id: uuid.UUID, member: uuid.UUID, amount: int, currency: str, paid: bool
) -> LedgerTransaction:
    """A payout arrived (to `paid_out`) or failed (back to `available`)."""
    target = AccountKind.PAID_OUT if paid else AccountKind.AVAILABLE
    return LedgerTransaction(
        TransactionKind.PAYOUT_PAID if paid else TransactionKind.PAYOUT_FAILED,
        currency,
        _moves(currency, (AccountKind.IN_TRANSIT, member, -amount), (target, member, amount)),
        "Payout paid" if paid else "Payout failed",
        payout_id=payout_id,
    )


@dataclass
class MemoryLedger:
    """The ledger in memory, for tests of the rules: applies transactions and sums balances."""

    transactions: list[LedgerTransaction] = field(default_factory=list)
    balances: dict[AccountKey, int] = field(default_factory=lambda: defaultdict(int))

    def post(self, transaction: LedgerTransaction) -> None:
        """Record `transaction` (already checked balanced when it was built)."""
        check_balanced(transaction.postings)
        self.transactions.append(transaction)
        for posting in transaction.postings:
            self.balances[posting.account] += posting.amount_minor

    def balance(self, kind: AccountKind, owner: uuid.UUID, currency: str) -> int:
        """The sum of the entries on one account."""
        return self.balances.get(AccountKey(kind, owner, currency), 0)

    def totals(self) -> dict[str, int]:
        """Sum over every account, per currency: always zero in a balanced ledger."""
        sums: dict[str, int] = defaultdict(int)
        for account, amount in self.balances.items():
            sums[account.currency] += amount
        return dict(sums)


def dispute_opened(
    *, payment_id: uuid.UUID, payer: uuid.UUID, escrow_payee: uuid.UUID | None, amount: int, currency: str
) -> LedgerTransaction:
    """The payer's bank took `amount` back (a chargeback). From a held escrow it leaves the escrow (nothing
    was earned yet); otherwise the platform's `disputes` account fronts it until the dispute closes."""
    source = (AccountKind.ESCROW, escrow_payee) if escrow_payee else (AccountKind.DISPUTES, PLATFORM)
    return LedgerTransaction(
        TransactionKind.DISPUTE_OPENED,
        currency,
        _moves(currency, (source[0], source[1], -amount), (AccountKind.LEARNER_FUNDS, payer, amount)),
        "Payment disputed",
        payment_id=payment_id,
    )


def dispute_closed(
    *, payment_id: uuid.UUID, payer: uuid.UUID, escrow_payee: uuid.UUID | None, amount: int, currency: str, won: bool
) -> LedgerTransaction:
    """Won: the money comes back where it was taken from. Lost on a held escrow: nothing more moves (the
    escrow is refunded); lost otherwise: the platform absorbs what its `disputes` account fronted."""
    if won:
        source = (AccountKind.ESCROW, escrow_payee) if escrow_payee else (AccountKind.DISPUTES, PLATFORM)
        flows = ((AccountKind.LEARNER_FUNDS, payer, -amount), (source[0], source[1], amount))
    else:
        flows = ((AccountKind.PLATFORM_FEES, PLATFORM, -amount), (AccountKind.DISPUTES, PLATFORM, amount))
    return LedgerTransaction(
        TransactionKind.DISPUTE_WON if won else TransactionKind.DISPUTE_LOST,
        currency,
        _moves(currency, *flows),
        "Dispute won" if won else "Dispute lost",
        payment_id=payment_id,
    )


def postings_of(transactions: Iterable[LedgerTransaction]) -> list[Posting]:
    """Every posting of `transactions`, in order."""
    return [posting for transaction in transactions for posting in transaction.postings]
