"""Aid packages: an amount and currency, the donor, and the items listed with it."""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any

from babel import Locale

from news.importers.amounts import FoundAmount, find_amount, parse_amount
from news.importers.people import PersonRef
from news.importers.quotes import said_on

__all__ = ["categorise", "find_aid_package", "find_recipient", "parse_amount", "split_items"]

AID_WORDS = re.compile(
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


@functools.cache
def _territories() -> re.Pattern[str]:
    """Country and territory names as English CLDR writes them (via Babel), longest first."""
    names = [
        name
        for code, name in Locale("en").territories.items()
        if code.isalpha() and len(name.split()) <= 4 and "(" not in name
    ]
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:to|for|into|towards)\s+(?:the\s+)?(?P<name>{alternatives})\b")


def find_recipient(text: str, donor: str = "") -> str:
    """A country the text says the aid goes to ("… for Ukraine", "to Moldova"), else ""."""
    for match in _territories().finditer(text):
        if match.group("name") != donor:
            return match.group("name")
    return ""


def find_aid_package(
    sentences: list[str],
    known: dict[str, PersonRef],
    lede: str = "",
    post_date: datetime.date | None = None,
) -> dict[str, Any] | None:
    """An aid package from a paragraph's sentences, or None when not confidently one.

    Every value comes from the text: the recipient from this paragraph or else the
    post's first paragraph, and is left empty when neither names one. What the text
    qualified ("up to €2bn") is kept under `_notes` for the import report.
    """
    for index, sentence in enumerate(sentences):
        found: FoundAmount | None = find_amount(sentence)
        if not found or not AID_WORDS.search(sentence):
            continue
        donor = _donor(sentence) or _donor(" ".join(sentences))
        if not donor:
            return None
        items: list[dict[str, Any]] = []
        rest = " ".join(sentences[index:])
        for cue in _LIST_CUES:
            listed = re.search(rf"\b{cue}\s+([^.;:]+)", rest, re.IGNORECASE)
            if listed:
                items = split_items(listed.group(1))
                break
        announced_by, announced_on, notes = None, None, []
        if re.search(r"announc|unveil|pledg|approv", sentence, re.IGNORECASE):
            announced_by = next(
                (ref for surname, ref in known.items() if surname in sentence), None
            )
            # "announced on Tuesday": dated from the post, as quotes are.
            announced_on, note = said_on(sentence, post_date, "announced on")
            notes.extend([note] if note else [])
        recipient = find_recipient(" ".join(sentences), donor) or find_recipient(lede, donor)
        if found.qualifier:
            notes.append(f"amount given as {found.written!r}: the figure is recorded, check it")
        return {
            "donor": donor,
            "recipient": recipient,
            "amount": found.amount,
            "currency": found.currency,
            "announced_by": announced_by,
            "announced_on": announced_on,
            "items": items,
            "_notes": notes,
        }
    return None
