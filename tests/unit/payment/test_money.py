"""Money rules: supported currencies, per-currency limits (zero-decimal JPY), fees and shares."""

from __future__ import annotations

import pytest

from internal.payment.money import CURRENCIES, Money, charge_problem, fee, percent_of, proportional


def test_limits_are_in_each_currencys_minor_unit() -> None:
    assert charge_problem(50, "USD") is None
    assert charge_problem(49, "USD") == "must be between 0.50 USD and 10000.00 USD"
    assert charge_problem(1_000_001, "USD") is not None
    # JPY has no minor unit: 50 means 50 yen, and 1,500,000 yen is the most one charge may be.
    assert CURRENCIES["JPY"].exponent == 0
    assert charge_problem(1_500_000, "JPY") is None
    assert charge_problem(1_500_001, "JPY") == "must be between 50 JPY and 1500000 JPY"


def test_unsupported_currencies_are_named() -> None:
    problem = charge_problem(1000, "XYZ")
    assert problem is not None and "XYZ" in problem and "USD" in problem


def test_fee_rounds_half_up_and_never_exceeds_the_amount() -> None:
    assert fee(1000, 1500) == 150
    assert fee(1003, 1500) == 150  # 150.45
    assert fee(1010, 1500) == 152  # 151.5 rounds up
    assert fee(1, 10_000) == 1
    assert fee(0, 1500) == 0


def test_percent_shares_round_down_so_refunds_never_exceed_the_policy() -> None:
    assert percent_of(999, 50) == 499
    assert percent_of(999, 100) == 999
    with pytest.raises(ValueError):
        percent_of(100, 101)


def test_proportional_fee_returns_add_up_to_the_whole_fee() -> None:
    total_fee, amount = 151, 1007
    parts = [300, 300, 407]
    returned, refunded = 0, 0
    for part in parts:
        returned += proportional(refunded + part, amount, total_fee) - proportional(refunded, amount, total_fee)
        refunded += part
    assert returned == total_fee


def test_money_refuses_mixing_currencies_and_formats_by_exponent() -> None:
    assert (Money(150, "EUR") + Money(50, "EUR")).format() == "2.00 EUR"
    assert Money(-5, "USD").format() == "-0.05 USD"
    assert Money(1500, "JPY").format() == "1500 JPY"
    with pytest.raises(ValueError):
        _ = Money(1, "USD") + Money(1, "EUR")
