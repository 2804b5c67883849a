from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from src.core.errors import CurrencyMismatch, ValidationError
from src.core.money import Money, mul_div_round_half_up

amounts = st.integers(min_value=-(10**15), max_value=10**15)


def test_arithmetic_within_one_currency() -> None:
    assert Money(1050, "RUB") + Money(50, "RUB") == Money(1100, "RUB")
    assert Money(1050, "RUB") - Money(2000, "RUB") == Money(-950, "RUB")
    assert Money(300, "RUB").times(3) == Money(900, "RUB")
    assert -Money(5, "USD") == Money(-5, "USD")
    assert Money(1, "RUB") < Money(2, "RUB")


def test_mixing_currencies_is_refused() -> None:
    with pytest.raises(CurrencyMismatch):
        _ = Money(1, "RUB") + Money(1, "USD")
    with pytest.raises(CurrencyMismatch):
        _ = Money(1, "RUB") < Money(1, "USD")


@pytest.mark.parametrize("amount", [1.5, "10", None, True])
def test_only_integer_minor_units(amount: object) -> None:
    with pytest.raises(ValidationError) as err:
        Money(amount, "RUB")  # type: ignore[arg-type]
    assert err.value.field == "amount"


def test_unknown_currency_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown currency"):
        Money(1, "XXX")


def test_float_factor_is_refused() -> None:
    with pytest.raises(TypeError):
        Money(100, "RUB").times(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money(123456, "RUB"), "1,234.56 RUB"),
        (Money(-5, "RUB"), "-0.05 RUB"),
        (Money(1500, "IRR"), "1,500 IRR"),
        (Money(1001, "KWD"), "1.001 KWD"),
        (Money(0, "USD"), "0.00 USD"),
    ],
)
def test_format_is_exact(money: Money, text: str) -> None:
    assert money.format() == text


@given(amounts, amounts)
def test_addition_is_exact_and_invertible(a: int, b: int) -> None:
    total = Money(a, "RUB") + Money(b, "RUB")
    assert total.amount == a + b
    assert total - Money(b, "RUB") == Money(a, "RUB")


@pytest.mark.parametrize(
    ("value", "num", "den", "expected"),
    [(5, 1, 2, 3), (4, 1, 2, 2), (-5, 1, 2, -3), (1, 1, 3, 0), (2, 1, 3, 1), (10, 3, 4, 8)],
)
def test_rounding_rule_is_half_away_from_zero(
    value: int, num: int, den: int, expected: int
) -> None:
    assert mul_div_round_half_up(value, num, den) == expected


@given(st.integers(0, 10**18), st.integers(0, 10**9), st.integers(1, 10**12))
def test_rounding_error_is_at_most_half_a_unit(value: int, num: int, den: int) -> None:
    result = mul_div_round_half_up(value, num, den)
    assert abs(result * den - value * num) * 2 <= den
