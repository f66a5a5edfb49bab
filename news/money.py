"""Currencies and amounts as the newsroom writes them ("$725 million", "€65 billion")."""

from __future__ import annotations

from decimal import Decimal

from babel.core import get_global
from babel.numbers import get_currency_name

# The currencies a desk names most, first in the admin's list; then every other ISO 4217
# currency that is legal tender somewhere today (Babel's CLDR data), so a donor in
# dirhams or rupees is recorded in its own currency rather than left out.
_COMMON = [
    "USD", "EUR", "GBP", "CAD", "JPY", "PLN", "NOK", "SEK", "DKK", "AUD", "CHF", "CZK",
    "NZD", "UAH",
]  # fmt: skip


def _in_use() -> list[str]:
    codes = {
        code
        for history in get_global("territory_currencies").values()
        for code, _start, end, tender in history
        if end is None and tender
    }
    return [*_COMMON, *sorted(codes - set(_COMMON))]


CURRENCY_CHOICES: list[tuple[str, str]] = [
    (code, f"{code} – {get_currency_name(code, locale='en')}") for code in _in_use()
]


def currency_choices() -> list[tuple[str, str]]:
    """For the aid block: a callable, so migrations refer to it instead of copying a list
    that changes whenever CLDR does."""
    return CURRENCY_CHOICES


CURRENCY_CODES = frozenset(code for code, _label in CURRENCY_CHOICES)

# Symbols written before the figure; other currencies are written with their code.
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "C$", "AUD": "A$"}
_SCALES = [
    (Decimal(10) ** 12, "trillion"),
    (Decimal(10) ** 9, "billion"),
    (Decimal(10) ** 6, "million"),
]


def decimal_string(amount: Decimal) -> str:
    """Plain decimal notation without trailing zeros: never a float, never an exponent."""
    text = format(amount, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def amount_display(amount: Decimal | None, currency: str | None) -> str | None:
    """A reader-facing figure: "$725 million", "€1.25 billion", "NOK 250,000"."""
    if amount is None:
        return None
    figure = None
    for scale, word in _SCALES:
        if abs(amount) >= scale:
            scaled = (amount / scale).quantize(Decimal("0.01"))
            figure = f"{decimal_string(scaled)} {word}"
            break
    if figure is None:
        whole, _, fraction = decimal_string(amount).partition(".")
        figure = f"{int(whole):,}" + (f".{fraction}" if fraction else "")
    if not currency:
        return figure
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{figure}" if symbol else f"{currency} {figure}"
