"""Currencies and amounts as the newsroom writes them ("$725 million", "€65 billion")."""

from __future__ import annotations

from decimal import Decimal

# ISO 4217 codes a desk covering European security needs; extend as coverage grows.
CURRENCY_CHOICES: list[tuple[str, str]] = [
    ("USD", "USD – US dollar"),
    ("EUR", "EUR – Euro"),
    ("GBP", "GBP – Pound sterling"),
    ("CAD", "CAD – Canadian dollar"),
    ("JPY", "JPY – Japanese yen"),
    ("PLN", "PLN – Polish złoty"),
    ("NOK", "NOK – Norwegian krone"),
    ("SEK", "SEK – Swedish krona"),
    ("DKK", "DKK – Danish krone"),
    ("AUD", "AUD – Australian dollar"),
    ("CHF", "CHF – Swiss franc"),
    ("CZK", "CZK – Czech koruna"),
    ("NZD", "NZD – New Zealand dollar"),
    ("UAH", "UAH – Ukrainian hryvnia"),
]
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
