"""Plan terms and payment card rules (PRODUCT 3.3, 5.1)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from src.core.errors import InvalidCardNumber, ValidationError
from src.core.ids import PaymentCardId, PlanId
from src.core.payments.card import (
    CardDetails,
    PaymentCard,
    luhn_valid,
    mask_card_number,
    normalize_card_number,
)
from src.core.shop.plan import Plan, PlanTerms
from src.core.tenancy.config import CONFIG

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def with_check_digit(body: str) -> str:
    for digit in "0123456789":
        if luhn_valid(body + digit):
            return body + digit
    raise AssertionError("some digit always completes a Luhn number")


def test_plan_terms_are_normalized() -> None:
    terms = PlanTerms("  Month  ", 30, 0, traffic_gb=0, device_limit=0).checked()
    assert terms.name == "Month" and terms.price == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "   "),
        ("name", "x" * 65),
        ("name", "bad\x00name"),
        ("name", "tab\tname"),
        ("period_days", 0),
        ("period_days", 3651),
        ("period_days", True),
        ("price", -1),
        ("price", 10**12 + 1),
        ("traffic_gb", -1),
        ("device_limit", -1),
        ("device_limit", 1001),
        ("sort_order", 10**7),
        ("active", "yes"),
    ],
)
def test_each_bad_plan_term_names_its_field(field: str, value: Any) -> None:
    base: dict[str, Any] = {"name": "Month", "period_days": 30, "price": 100}
    base[field] = value
    with pytest.raises(ValidationError) as err:
        PlanTerms(**base).checked()
    assert err.value.field == field


def test_revise_validates_and_keeps_identity_when_nothing_changes() -> None:
    plan = Plan(PlanId(1), PlanTerms("Month", 30, 100).checked(), NOW, NOW)
    later = datetime(2026, 2, 1, tzinfo=UTC)
    assert plan.revise({"price": 100}, later) is plan
    revised = plan.revise({"price": 200, "name": " Big "}, later)
    assert (revised.terms.price, revised.name, revised.updated_at) == (200, "Big", later)
    with pytest.raises(ValidationError) as err:
        plan.revise({"period_days": 0}, later)
    assert err.value.field == "period_days"


def test_card_number_is_normalized() -> None:
    assert normalize_card_number(" 6037-9975 1234 5670 ") == "6037997512345670"


@pytest.mark.parametrize(
    "raw",
    [
        "6037997512345671",  # Luhn fails
        "603799751234567",  # 15 digits
        "60379975123456700000",  # 20 digits
        "6037 9975 1234 567a",
        "６０３７９９７５１２３４５６７０",  # full-width digits are not ASCII digits
        "",
    ],
)
def test_bad_card_numbers_are_refused(raw: str) -> None:
    with pytest.raises(InvalidCardNumber) as err:
        normalize_card_number(raw)
    assert err.value.field == "card_number"


@given(st.text(alphabet="0123456789", min_size=15, max_size=18), st.data())
def test_luhn_accepts_completed_numbers_and_catches_any_single_digit_change(
    body: str, data: st.DataObject
) -> None:
    number = with_check_digit(body)
    assert normalize_card_number(number) == number
    position = data.draw(st.integers(0, len(number) - 1))
    replacement = data.draw(st.sampled_from([d for d in "0123456789" if d != number[position]]))
    typo = number[:position] + replacement + number[position + 1 :]
    assert not luhn_valid(typo)


def test_masked_and_repr_never_show_the_middle_digits() -> None:
    card = PaymentCard(PaymentCardId(1), "6037997512345670", CardDetails("Ali"), NOW)
    assert card.masked() == "6037 **** **** 5670"
    assert mask_card_number("4111111111111111111") == "4111 **** **** 1111"
    assert "6037997512345670" not in repr(card)


@pytest.mark.parametrize(
    ("field", "value"),
    [("holder_name", ""), ("holder_name", "a" * 101), ("weight", 0), ("weight", 101)],
)
def test_card_details_name_the_bad_field(field: str, value: Any) -> None:
    details: dict[str, Any] = {"holder_name": "Ali", "weight": 1}
    details[field] = value
    with pytest.raises(ValidationError) as err:
        CardDetails(**details).checked()
    assert err.value.field == field


def test_config_texts_keep_line_breaks_but_refuse_nul() -> None:
    spec = CONFIG["welcome_text"]
    assert spec.validate("Hello\r\n\tand welcome") == "Hello\r\n\tand welcome"
    with pytest.raises(ValidationError) as err:
        spec.validate("bad\x00text")
    assert err.value.field == "value"
