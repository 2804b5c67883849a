"""Pure top-up rules: amounts typed by users, tracking numbers, Stars payloads, receipts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from src.core.money import Money
from src.core.payments.card_payment import (
    TRACKING,
    InvalidReceipt,
    Receipt,
    ReceiptKind,
    album_id,
    new_tracking_number,
)
from src.core.payments.stars import InvalidStarsPayment, StarsPayload, stars_for
from src.core.payments.top_up import (
    AmountOutOfRange,
    InvalidAmount,
    TopUpLimits,
    TypedAmount,
    parse_amount,
)
from src.interfaces.bot.callbacks import ReceiptCb
from src.interfaces.bot.views.receipts import buttons, closed_text, who

deterministic = settings(derandomize=True, database=None, deadline=None)


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("500", "RUB", 50_000),
        ("500.5", "RUB", 50_050),
        ("500,50", "RUB", 50_050),
        ("1 250.75", "RUB", 125_075),
        ("1,000", "RUB", 100_000),
        ("1.000.000", "RUB", 100_000_000),
        ("12.345", "RUB", 1_235),  # a point is a decimal point: rounded half up
        ("1,000.50", "RUB", 100_050),
        ("1.000,50", "RUB", 100_050),
        ("1,000,000.00", "RUB", 100_000_000),
        ("۵۰۰٬۰۰۰", "IRR", 500_000),
        ("1,000,000", "IRR", 1_000_000),
        ("250", "IRT", 250),
        ("1.250", "KWD", 1_250),
        ("  42 ", "USD", 4_200),
    ],
)
def test_amounts_as_users_type_them(text: str, currency: str, minor: int) -> None:
    assert parse_amount(text, currency) == TypedAmount(minor, rounded=text == "12.345")


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        ("700.555", 70_056),  # issue #10 item 13: was read as 700 555 ("must be from ...")
        ("700.554", 70_055),
        ("700,555", 70_055_500),  # a comma and three digits group thousands: stated rule
        ("700٫555", 70_056),
        ("0.004", 0),  # rounds to nothing: the method's minimum refuses it
        ("1,000.005", 100_001),
    ],
)
def test_extra_decimals_are_rounded_half_up_and_say_so(text: str, minor: int) -> None:
    typed = parse_amount(text, "RUB")
    assert typed.minor == minor
    assert typed.rounded is (text != "700,555")


@pytest.mark.parametrize(
    "text",
    ["", "abc", "1.234.5", "-5", "5e3", "1..2", "١٢x", "1,2,3", "1.000,5.0", "10.5,3"],
)
def test_what_is_not_an_amount(text: str) -> None:
    with pytest.raises(InvalidAmount):
        parse_amount(text, "RUB")


@deterministic
@given(st.integers(min_value=0, max_value=10**12))
def test_formatted_money_parses_back_to_itself(minor: int) -> None:
    shown = Money(minor, "RUB").format().removesuffix(" RUB")
    assert parse_amount(shown, "RUB") == TypedAmount(minor)


def test_limits_name_both_bounds_and_a_small_missing_amount_rises_to_the_minimum() -> None:
    limits = TopUpLimits(10_000, 20_000)
    assert limits.check(10_000) == 10_000
    with pytest.raises(AmountOutOfRange) as err:
        limits.check(20_001)
    assert (err.value.low, err.value.high, err.value.field) == (10_000, 20_000, "amount")
    assert limits.at_least_min(3_000) == 10_000 and limits.at_least_min(15_000) == 15_000


def test_tracking_numbers_are_c2c_and_16_upper_hex_digits() -> None:
    numbers = {new_tracking_number() for _ in range(1000)}
    assert len(numbers) == 1000
    assert all(TRACKING.fullmatch(n) and len(n) == 19 for n in numbers)


def test_receipt_kinds_and_checks() -> None:
    assert Receipt(photo_file_id="f").checked().kind is ReceiptKind.PHOTO
    assert Receipt(" ref ", None).checked() == Receipt("ref", None)
    assert Receipt("ref").kind is ReceiptKind.TEXT
    assert Receipt("cap", "f").kind is ReceiptKind.PHOTO_WITH_CAPTION
    for bad in (Receipt(), Receipt(" \n "), Receipt("x" * 2001), Receipt("a\x00b")):
        with pytest.raises(InvalidReceipt):
            bad.checked()


@deterministic
@given(
    st.integers(1, 10**12),
    st.integers(1, 10**9),
)
def test_stars_cover_the_amount_and_never_more_than_one_star_over(amount: int, rate: int) -> None:
    stars = stars_for(amount, rate)
    assert stars * rate >= amount > (stars - 1) * rate


def test_stars_payload_round_trip_and_forgeries() -> None:
    payload = StarsPayload.offer(42, 10_101, 200, plan_id=7)
    assert StarsPayload.parse(payload.encode()) == payload
    assert (payload.stars, payload.credit) == (51, 10_200)
    assert payload.matches(42, "XTR", 51)
    assert not payload.matches(43, "XTR", 51) and not payload.matches(42, "XTR", 50)
    assert len(payload.encode().encode()) <= 128  # Telegram's invoice payload limit
    for forged in ("", "stars:1:2", "stars:1:0:200:0:abcdef12", "card:1:2:3:4:abcdef12"):
        with pytest.raises(InvalidStarsPayment):
            StarsPayload.parse(forged)


def test_receipt_buttons_are_the_bots_callback_data() -> None:
    rows = buttons("en", 12)
    data = [b.callback_data for row in rows for b in row]
    assert data == [ReceiptCb(action=a, payment_id=12).pack() for a in ("ok", "no", "info")]
    assert who("tg:5", "Sara") == "Sara (5)" and who("api:master") == "API (master)"
    assert callable(closed_text)


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("13612345678901234", "13612345678901234"), ("9" * 65, None), ("a\x00b", None), ("", None)],
)
def test_an_album_id_is_stored_only_when_it_is_one(raw: str, stored: str | None) -> None:
    """Hostile input: a media_group_id past the column or with NUL is no album."""
    assert album_id(raw) == stored
