"""Amounts as readers read them, and as clients parse them."""

from decimal import Decimal

import pytest

from news.money import CURRENCY_CODES, amount_display, decimal_string


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("725000000", "USD", "$725 million"),
        ("65000000000", "EUR", "€65 billion"),
        ("1250000000", "GBP", "£1.25 billion"),
        ("725500000", "USD", "$725.5 million"),
        ("250000", "NOK", "NOK 250,000"),
        ("1999.50", "CHF", "CHF 1,999.5"),
        ("3000000000000", "JPY", "¥3 trillion"),
        ("40000000", "CAD", "C$40 million"),
    ],
)
def test_amount_display(amount, currency, expected):
    assert amount_display(Decimal(amount), currency) == expected


def test_no_amount_has_no_display():
    assert amount_display(None, "USD") is None


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("725000000.00", "725000000"), ("7.25E+8", "725000000"), ("1999.50", "1999.5")],
)
def test_decimal_string_is_plain_notation(amount, expected):
    assert decimal_string(Decimal(amount)) == expected


def test_required_currencies_are_offered():
    assert {"USD", "EUR", "GBP", "CAD", "JPY", "PLN", "NOK", "SEK", "DKK", "AUD", "CHF"} <= (
        CURRENCY_CODES
    )
