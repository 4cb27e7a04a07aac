"""Money: integer minor units plus an ISO 4217 currency, the currencies SkillSphere accepts and their limits.

Pure functions, no I/O. A currency's exponent says how many minor units make a major one: 2 for USD (cents),
0 for JPY (zero-decimal: 1 minor unit = 1 yen). Limits are per single charge, in minor units, chosen like
Stripe's minimums (0.50 USD equivalent) and a 10,000 USD equivalent maximum.
"""

from __future__ import annotations

from dataclasses import dataclass

# Platform fee for members without a subscription, in basis points (1500 = 15%).
DEFAULT_FEE_BASIS_POINTS = 1500
BASIS_POINTS = 10_000


@dataclass(frozen=True, slots=True)
class CurrencyRule:
    """What one currency allows: its exponent and the range of a single charge in minor units."""

    code: str
    exponent: int
    min_charge: int
    max_charge: int


CURRENCIES: dict[str, CurrencyRule] = {
    rule.code: rule
    for rule in (
        CurrencyRule("USD", 2, 50, 1_000_000),
        CurrencyRule("EUR", 2, 50, 1_000_000),
        CurrencyRule("GBP", 2, 50, 1_000_000),
        CurrencyRule("CAD", 2, 50, 1_000_000),
        CurrencyRule("AUD", 2, 50, 1_000_000),
        CurrencyRule("INR", 2, 5_000, 80_000_000),
        CurrencyRule("BRL", 2, 50, 5_000_000),
        CurrencyRule("JPY", 0, 50, 1_500_000),
    )
}


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in a currency's minor unit. Arithmetic across currencies is a programming error."""

    amount_minor: int
    currency: str

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount_minor + other.amount_minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount_minor - other.amount_minor, self.currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} and {other.currency}")

    def format(self) -> str:
        """`12.50 USD`, `1500 JPY`."""
        rule = CURRENCIES.get(self.currency)
        exponent = rule.exponent if rule else 2
        if exponent == 0:
            return f"{self.amount_minor} {self.currency}"
        sign = "-" if self.amount_minor < 0 else ""
        whole, part = divmod(abs(self.amount_minor), 10**exponent)
        return f"{sign}{whole}.{part:0{exponent}d} {self.currency}"


def charge_problem(amount_minor: int, currency: str) -> str | None:
    """Why `amount_minor` in `currency` cannot be charged, or None when it can."""
    rule = CURRENCIES.get(currency)
    if rule is None:
        return f"currency {currency or '(empty)'} is not supported; use one of {', '.join(sorted(CURRENCIES))}"
    if not rule.min_charge <= amount_minor <= rule.max_charge:
        low, high = Money(rule.min_charge, currency).format(), Money(rule.max_charge, currency).format()
        return f"must be between {low} and {high}"
    return None


def fee(amount_minor: int, basis_points: int) -> int:
    """The platform fee on `amount_minor`, rounded half up to a whole minor unit (never more than the amount)."""
    if amount_minor <= 0:
        return 0
    return min(amount_minor, (amount_minor * basis_points + BASIS_POINTS // 2) // BASIS_POINTS)


def percent_of(amount_minor: int, percent: int) -> int:
    """`percent` (0..100) of `amount_minor`, rounded down: refunds never exceed the policy's share."""
    if not 0 <= percent <= 100:
        raise ValueError("percent must be within 0..100")
    return amount_minor * percent // 100


def proportional(part: int, of: int, total: int) -> int:
    """`total` × part/of rounded half up (the platform fee returned on a partial refund)."""
    if of <= 0:
        return 0
    return (total * part * 2 + of) // (2 * of)
