"""Aid packages: an amount and currency, the donor, and the items listed with it."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from news.importers.people import PersonRef
from news.money import CURRENCY_CODES

__all__ = ["categorise", "find_aid_package", "parse_amount", "split_items"]

_CODES = "|".join(sorted(CURRENCY_CODES))
_PREFIX = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "C$": "CAD", "A$": "AUD"}
_WORDS = {
    "dollar": "USD", "us dollar": "USD", "euro": "EUR", "pound": "GBP", "pounds sterling": "GBP",
    "yen": "JPY", "hryvnia": "UAH", "zloty": "PLN", "krone": "NOK", "kroner": "NOK",
    "krona": "SEK", "kronor": "SEK", "franc": "CHF",
}  # fmt: skip
_SCALES = {
    "trillion": 10**12, "tn": 10**12, "billion": 10**9, "bn": 10**9, "million": 10**6,
    "m": 10**6, "mn": 10**6, "thousand": 10**3, "k": 10**3,
}  # fmt: skip
_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s*(?P<scale>trillion|billion|million|thousand|bn|tn|mn|m|k)\b)?"
_AMOUNT = re.compile(
    rf"(?:(?P<pre>US\$|C\$|A\$|\$|€|£|¥|\b(?:{_CODES})\b)\s?{_NUMBER}{_SCALE})"
    rf"|(?:\b{_NUMBER.replace('num', 'num2')}"
    rf"{_SCALE.replace('scale', 'scale2')}\s+"
    rf"(?P<post>(?:US )?dollars?|euros?|pounds(?: sterling)?|pound|yen|hryvnias?|zlotys?"
    rf"|kron(?:e|er|a|or)|francs?|(?:{_CODES})\b))",
    re.IGNORECASE,
)
_AID_WORDS = re.compile(
    r"\b(aid|package|assistance|support|pledg\w*|donat\w*|grant|funding|tranche)\b", re.I
)
_LIST_CUES = ("such as", "including", "covering", "consisting of", "comprising", "includes")
DONORS = [
    (r"United States|U\.S\.|US|USA|Washington|American|Biden administration|Pentagon",
     "United States"),
    (r"United Kingdom|UK|Britain|British|London", "United Kingdom"),
    (r"European Union|EU|European Commission", "European Union"),
    (r"Germany|German|Berlin", "Germany"),
    (r"France|French|Paris", "France"),
    (r"Canada|Canadian|Ottawa", "Canada"),
    (r"Japan|Japanese|Tokyo", "Japan"),
    (r"Poland|Polish|Warsaw", "Poland"),
    (r"Norway|Norwegian|Oslo", "Norway"),
    (r"Sweden|Swedish|Stockholm", "Sweden"),
    (r"Denmark|Danish|Copenhagen", "Denmark"),
    (r"Netherlands|Dutch|The Hague", "Netherlands"),
    (r"Australia|Australian|Canberra", "Australia"),
    (r"NATO", "NATO"),
    (r"World Bank", "World Bank"),
    (r"IMF|International Monetary Fund", "International Monetary Fund"),
]  # fmt: skip
_DONOR = re.compile("|".join(rf"(?P<d{i}>\b(?:{p})\b)" for i, (p, _n) in enumerate(DONORS)))
# First match wins, so specific kinds come before generic words like "missiles".
CATEGORIES = [
    (r"stinger|air[- ]defen[cs]e|patriot|nasams|iris-t|anti-aircraft|interceptor", "air_defence"),
    (r"mines?\b|landmines?", "mines"),
    (r"drones?|uavs?|unmanned", "drones"),
    (
        r"himars|ammunition|artillery|shells?|rounds|rockets?|howitzers?|mortars?",
        "artillery_ammunition",
    ),
    (r"f-16s?|aircraft|jets?|helicopters?|planes?", "aircraft"),
    (r"tanks?|vehicles?|armou?red|bradleys?|humvees?|apcs?", "vehicles"),
    (r"training|instructors?", "training"),
    (r"humanitarian|food|medical|medicine|shelter|generators?", "humanitarian"),
    (r"budget|loans?|grants?|financial|funding|cash", "financial"),
]  # fmt: skip


def parse_amount(text: str) -> tuple[Decimal, str] | None:
    """The first amount in the text as (Decimal, ISO currency): "£2.3m" → (2300000, "GBP")."""
    for match in _AMOUNT.finditer(text):
        number = match.group("num") or match.group("num2")
        scale = (match.group("scale") or match.group("scale2") or "").lower()
        try:
            amount = Decimal(number.replace(",", "")) * _SCALES.get(scale, 1)
        except InvalidOperation:  # pragma: no cover - the pattern only matches digits
            continue
        if match.group("pre"):
            prefix = match.group("pre")
            currency = _PREFIX.get(prefix, prefix.upper())
        else:
            word = match.group("post").lower().removesuffix("s")
            currency = word.upper() if word.upper() in CURRENCY_CODES else _WORDS.get(word)
            currency = currency or _WORDS.get(word.removeprefix("us ")) or "USD"
        return amount.normalize() if amount % 1 else amount.quantize(Decimal(1)), currency
    return None


def categorise(name: str) -> str:
    lowered = name.lower()
    for pattern, category in CATEGORIES:
        if re.search(rf"\b(?:{pattern})", lowered):
            return category
    return "other"


def split_items(listing: str) -> list[dict[str, Any]]:
    """ "stinger missiles, ammunition for HIMARS, drones, and land mines" → item dicts."""
    # Commas inside brackets belong to the item, so hide them while splitting.
    protected = re.sub(r"\([^)]*\)", lambda m: m.group(0).replace(",", "\0"), listing)
    parts = re.split(r",\s*(?:and\s+|or\s+)?|\s+and\s+|;\s*", protected)
    items = []
    for part in parts:
        name = part.replace("\0", ",").strip(" .")
        name = re.sub(r"^(?:a|an|the|some|other)\s+", "", name, flags=re.I)
        if not name or len(name) > 255:
            continue
        quantity = None
        counted = re.match(r"^(\d[\d,]*)\s+(.+)$", name)
        if counted:
            quantity, name = int(counted.group(1).replace(",", "")) or None, counted.group(2)
        items.append(
            {"name": name[0].upper() + name[1:], "category": categorise(name), "quantity": quantity}
        )
    return items


def _donor(text: str) -> str:
    match = _DONOR.search(text)
    if not match:
        return ""
    index = int(next(k for k, v in match.groupdict().items() if v)[1:])
    return DONORS[index][1]


def find_aid_package(sentences: list[str], known: dict[str, PersonRef]) -> dict[str, Any] | None:
    """An aid package from a paragraph's sentences, or None when not confidently one."""
    for index, sentence in enumerate(sentences):
        found = parse_amount(sentence)
        if not found or not _AID_WORDS.search(sentence):
            continue
        donor = _donor(sentence) or _donor(" ".join(sentences))
        if not donor:
            return None
        amount, currency = found
        items: list[dict[str, Any]] = []
        rest = " ".join(sentences[index:])
        for cue in _LIST_CUES:
            listed = re.search(rf"\b{cue}\s+([^.;:]+)", rest, re.IGNORECASE)
            if listed:
                items = split_items(listed.group(1))
                break
        announced_by = None
        if re.search(r"announc|unveil|pledg|approv", sentence, re.IGNORECASE):
            announced_by = next(
                (ref for surname, ref in known.items() if surname in sentence), None
            )
        return {
            "donor": donor,
            "recipient": "Ukraine",
            "amount": amount,
            "currency": currency,
            "announced_by": announced_by,
            "items": items,
        }
    return None
