"""Amounts of money in running text: "$725 million", "EUR 1.5bn", "2,5 Mrd. €", "up to £2bn".

Currency symbols, codes and names come from Babel's CLDR data rather than a
hand-written table, so every currency the aid block offers (news.money) is
recognised by its code, its English names (singular and plural) and the
symbols its own locales write. A symbol several of those currencies share
("kr", "$" outside the US) counts only where English CLDR gives it to one
currency ("$" is the US dollar there); otherwise the match is dropped rather
than guessed. Whether "2,5" is two and a half depends on the currency: it is a
decimal comma only when most of the territories using that currency write
decimals with a comma (the euro, the krone, the hryvnia), never for the dollar
or the pound, where "2,5m" is not confidently anything.

Nothing is invented: a figure with no currency written next to it is no amount.
A qualifier ("up to", "more than", "about") is kept for the report, and a range
("between €1bn and €2bn", "€1-2bn") gives no single figure at all.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import get_currency_name, get_decimal_symbol

from news.money import CURRENCY_CODES

__all__ = [
    "FoundAmount",
    "find_amount",
    "find_bare_amounts",
    "house_dollar",
    "parse_amount",
    "writes_decimal_comma",
]

SCALES = {
    "trillion": 10**12, "trillions": 10**12, "tn": 10**12, "trn": 10**12,
    "billion": 10**9, "billions": 10**9, "bn": 10**9, "b": 10**9,
    "million": 10**6, "millions": 10**6, "mn": 10**6, "mln": 10**6, "m": 10**6,
    "thousand": 10**3, "thousands": 10**3, "k": 10**3,
    "crore": 10**7, "crores": 10**7, "lakh": 10**5, "lakhs": 10**5,
    # Continental abbreviations in translated copy: "15 Mio. Euro", "2 Mrd.", "3 mld zł".
    "mio": 10**6, "mrd": 10**9, "mld": 10**9,
}  # fmt: skip
QUALIFIERS = (
    "up to", "more than", "over", "at least", "almost", "nearly", "about", "around",
    "roughly", "some", "an estimated", "approximately", "close to", "less than", "under",
)  # fmt: skip


@dataclass(frozen=True)
class FoundAmount:
    amount: Decimal
    currency: str  # ISO 4217 as written in the text; "" for a bare sum (find_bare_amounts)
    written: str  # the words as the text gives them, e.g. "up to €2bn"
    qualifier: str = ""  # "up to", "more than"… ("" when the figure is stated as exact)
    start: int = 0
    end: int = 0
    unsure: str = ""  # a mark several currencies share ("Rs"): the currency is left empty


def _norm(symbol: str) -> str:
    return symbol.replace("\u00a0", " ").strip()


# English newsroom spellings CLDR does not list for these currencies (it writes "CA$",
# and its letter symbols such as Kenya's "Ksh" are left out below as too word-like).
_HOUSE_SYMBOLS = {
    "C$": "CAD", "US$": "USD", "A$": "AUD", "NZ$": "NZD", "AU$": "AUD", "NZD$": "NZD",
    "KSh": "KES", "Ksh": "KES", "Kshs": "KES", "KShs": "KES", "Ksh.": "KES",
    "GH¢": "GHS", "Tk": "BDT", "Tk.": "BDT", "N": "NGN",
    # Marks several currencies share in English copy: the figure is money, but which
    # currency the text does not say ("Rs" is the Indian, Pakistani, Sri Lankan, Nepalese
    # and Mauritian rupee alike), so the amount is kept and the currency left empty.
    "Rs": "", "Rs.": "", "Rp": "IDR", "Rp.": "IDR", "R": "ZAR", "RM": "MYR", "P": "PHP",
    "S$": "SGD", "HK$": "HKD", "NT$": "TWD", "J$": "JMD", "TT$": "TTD", "EC$": "XCD",
    "FJ$": "FJD", "F$": "FJD", "WS$": "WST", "T$": "TOP", "Bds$": "BBD", "BD$": "BSD",
    "Z$": "ZWL", "KSH": "KES", "USh": "UGX", "TSh": "TZS", "Le": "SLE", "GH₵": "GHS",
    # Gulf English-language papers' marks ("SR 14m", "RO 60 million", "KD 90m", "QR 15mn",
    # "BD 450,000", "Dh5 million").
    "SR": "SAR", "RO": "OMR", "KD": "KWD", "QR": "QAR", "BD": "BHD", "Dh": "AED", "Dhs": "AED",
}  # fmt: skip
# Letters that are a currency mark only straight before a grouped or scaled figure
# ("N850 million", "N25,000"), never before a model number ("N95 masks").
_SCALED_ONLY = {"N", "R", "P", "Le", "SR", "RO", "KD", "QR", "BD", "Dh", "Dhs"}
_ENGLISH_LOCALES = ("en", "en_GB", "en_CA", "en_AU", "en_NZ", "en_IE")


_ENGLISH_WORDS = {
    "mark", "marks", "real", "reals", "rand", "sol", "soles", "won", "dram", "drams", "som",
    "soms", "kip", "tala", "pula", "pulas", "lek", "loti", "lotis", "lira", "ruble", "rubles",
}  # fmt: skip
# Codes that are English words in capitals ("TOP 10", "ALL 5 SEATS"): matched only as
# codes after the figure.
_WORD_CODES = {"ALL", "TOP", "CUP", "SOS", "MAD", "PEN", "GEL", "BOB", "MOP", "TRY", "BAM"}


@functools.cache
def _lexicon() -> tuple[dict[str, str], dict[str, str]]:
    """Symbols and names (lower case) → ISO code, for the currencies the aid block offers."""
    table = dict(_HOUSE_SYMBOLS)
    # English CLDR first ("$" is the US dollar there), then each currency's own locales
    # ("zł", "₴", "Kč"…); a symbol two currencies share there is left out, never guessed.
    candidates: dict[str, set[str]] = {}
    locales = [Locale.parse(name) for name in _ENGLISH_LOCALES]
    for territory, history in get_global("territory_currencies").items():
        if any(c in CURRENCY_CODES and end is None and tender for c, _s, end, tender in history):
            locale = _territory_locale(territory)
            if locale is not None:
                locales.append(locale)
    for code in CURRENCY_CODES:
        symbol = _norm(Locale("en").currency_symbols.get(code, ""))
        if symbol and symbol != code:
            table.setdefault(symbol, code)
    for locale in locales:
        for code in CURRENCY_CODES:
            symbol = _norm(locale.currency_symbols.get(code, ""))
            if symbol and symbol != code and not re.fullmatch(r"[A-Z]{3}", symbol):
                candidates.setdefault(symbol, set()).add(code)
    for symbol, codes in candidates.items():
        if symbol not in table and len(codes) == 1:
            table[symbol] = next(iter(codes))
    # Letters alone ("R", "KM", "SR") read as words, initials or road numbers in English
    # copy, and an invisible mark is no symbol: those currencies are matched by code.
    table = {
        symbol: (_HOUSE_SYMBOLS[symbol] if symbol in _HOUSE_SYMBOLS else code)
        for symbol, code in table.items()
        if symbol in _HOUSE_SYMBOLS
        or (symbol.isprintable() and symbol.strip() and not re.fullmatch(r"[A-Za-z.]+", symbol))
    }
    names: dict[str, str] = {}
    for code in CURRENCY_CODES:
        for count in (1, 2):
            name = get_currency_name(code, count=count, locale="en").lower()
            names[name] = code
            # "Norwegian kroner" is written "kroner" too, unless another currency shares it.
            last = name.split()[-1]
            names[last] = "" if names.get(last, code) != code else code
    # The bare word means the US dollar in English copy, as "$" does, and the pound
    # sterling; English words that are also currency names never make an amount.
    names["dollar"] = names["dollars"] = "USD"
    names["pound"] = names["pounds"] = "GBP"
    # Tonga's currency as its own papers spell it (CLDR writes "paʻanga").
    names["pa’anga"] = names["pa'anga"] = names["paanga"] = "TOP"
    for word in _ENGLISH_WORDS:
        names.pop(word, None)
    return table, {name: code for name, code in names.items() if code}


@functools.cache
def _after_magnitude() -> dict[str, str]:
    """Currency names that are English words too ("rand", "real"), which name money only
    straight after a magnitude ("two million rand"), with every other name, lower case."""
    words = {}
    for code in CURRENCY_CODES:
        for count in (1, 2):
            name = get_currency_name(code, count=count, locale="en").lower()
            last = name.split()[-1]
            if last in _ENGLISH_WORDS:
                words.setdefault(last, code)
    words["reais"] = "BRL"  # the Portuguese plural English copy often keeps
    return {**words, **_lexicon()[1]}


@functools.cache
def _territory_locale(territory: str) -> Locale | None:
    try:
        return Locale.parse(f"und_{territory}")
    except (UnknownLocaleError, ValueError):
        return None


@functools.cache
def decimal_comma(code: str) -> bool:
    """Whether most territories using the currency today write "2,5" for two and a half."""
    votes = []
    for territory, history in get_global("territory_currencies").items():
        if any(c == code and end is None and tender for c, _s, end, tender in history):
            locale = _territory_locale(territory)
            if locale is not None:
                votes.append(get_decimal_symbol(locale) == ",")
    return bool(votes) and sum(votes) * 2 > len(votes)


@functools.cache
def _pattern() -> re.Pattern[str]:
    symbols, names = _lexicon()
    by_length = sorted(symbols, key=len, reverse=True)
    symbol = "|".join(re.escape(s) for s in by_length)
    codes = "|".join(sorted(CURRENCY_CODES - _WORD_CODES))
    codes_after = "|".join(sorted(CURRENCY_CODES))
    name = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    # Swiss copy groups with an apostrophe: "CHF 500'000".
    number = r"\d+(?:[.,\u00a0 '’]\d{3})*(?:[.,]\d+)?"
    # Plurals too: decimal-comma copy writes "€1,8 millions" as French does.
    scale = (
        r"(?:[\s-]?(?:trillions?|billions?|millions?|thousands?|crores?|lakhs?|trn|tn|bn|mln|mn|"
        r"m|b|k|mio|mrd|mld)\b\.?)"
    )
    # Symbols attach to the figure; codes and names need a word boundary.
    # Symbols and codes are matched as written ("A$", "EUR"); only names ignore case.
    before = rf"(?:(?<![\w.])(?-i:(?P<sym>{symbol}))\s?|\b(?-i:(?P<code>{codes}))\s?)"
    symbol_after = "|".join(re.escape(s) for s in by_length if s not in _SCALED_ONLY)
    after = (
        rf"(?:(?-i:(?P<sym2>{symbol_after}))(?!\w)|\b(?-i:(?P<code2>{codes_after}))\b"
        rf"|\b(?P<name>{name})\b)"
    )
    # "RM150mil": letters straight after the figure make it no figure we can read.
    return re.compile(
        rf"(?:{before}(?P<num>{number})(?P<scale>{scale})?(?![^\W\d_])"
        rf"|(?P<num2>{number})(?P<scale2>{scale})?(?:\s(?:of\s)?|\s?){after})",
        re.IGNORECASE,
    )


def _currency(match: re.Match[str]) -> str | None:
    symbols, names = _lexicon()
    for group in ("sym", "sym2"):
        if match.group(group):
            return symbols.get(match.group(group))
    for group in ("code", "code2"):
        if match.group(group):
            code = match.group(group).upper()
            # "EUR" but not "eur" or "Eur" inside prose: codes are written in capitals.
            return code if match.group(group) == code else None
    return names.get(match.group("name").lower()) if match.group("name") else None


# How a writer who puts a comma before decimals shows it elsewhere in the same text:
# "31,4 percent", "2,5 million", or a dot between thousands ("1.300 people").
_COMMA_WRITER = re.compile(
    r"\b\d+,\d{1,2}\s?(?:%|per\s?cent|percent|millions?|billions?|mln|mn|bn)(?!\w)"
    r"|(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![.,]?\d)(?!\.\d)"
)


def writes_decimal_comma(text: str) -> bool:
    """Whether the text itself shows its writer puts a comma before decimals, so "1,4
    million dollars" is one point four million whatever the currency's own habit."""
    return bool(_COMMA_WRITER.search(text))


def _number(raw: str, code: str, comma_text: bool = False) -> Decimal | None:
    """The figure's value, reading separators the way the currency's locales write them,
    or the text's writer does (`comma_text`)."""
    raw = raw.replace("\u00a0", " ").replace("'", "").replace("’", "")
    comma = comma_text or decimal_comma(code)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
        digits = raw.replace(",", "")  # 1,500,000 or 1,500.5: English grouping
    elif re.fullmatch(r"\d{1,3}(?:[. ]\d{3})+(?:,\d+)?", raw) and comma:
        digits = raw.replace(".", "").replace(" ", "").replace(",", ".")  # 2.500.000,50
    elif re.fullmatch(r"\d{1,3}(?: \d{3})+(?:\.\d+)?", raw):
        digits = raw.replace(" ", "")
    elif re.fullmatch(r"\d+,\d{1,2}", raw) or re.fullmatch(r"\d+,\d{4,}", raw):
        if not comma:
            return None  # "$2,5m": not confidently two and a half, nor twenty-five
        digits = raw.replace(",", ".")
    elif re.fullmatch(r"\d+(?:\.\d+)?", raw):
        digits = raw
    else:
        return None
    try:
        return Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the patterns above only pass digits
        return None


def _qualifier(text: str, start: int) -> str:
    head = text[:start].rstrip().lower()
    for qualifier in sorted(QUALIFIERS, key=len, reverse=True):
        if re.search(rf"(?:^|\W){re.escape(qualifier)}$", head):
            return qualifier
    return ""


def _in_range(text: str, start: int, end: int) -> bool:
    """ "between €1bn and €2bn", "€1bn to €2bn", "€1-2bn", "€1bn–€2bn": no single figure."""
    head, tail = text[:start].lower(), text[end:].lower()
    figure = r"\S*\d[\w.,]*(?:\s(?:trillion|billion|million|thousand|bn|mn|m|k)\b)?"
    if re.search(rf"\bbetween\s+$|\bbetween\s+{figure}\s+and\s+$", head):
        return True
    if re.search(rf"\d[\w.,]*\s*(?:-|–|—)\s*$|{figure}\s+to\s+$", head) and not re.search(
        r"\bfrom\s+\S+\s+to\s+$", head
    ):
        return True
    if re.match(r"\s*(?:-|–|—)\s*\S*\d", tail):
        return True
    # "€1bn to €2bn", "2 to 3 million euros"; not "€600,000 to 85 small businesses".
    return bool(
        re.match(
            r"\s*to\s+(?:[^\w\s]{1,3}\s?\d|\d[\d.,]*\s?(?:trillion|billion|million|thousand|"
            r"bn|mn|m|k)\b|\d[\d.,]*\s?[A-Za-z]{3}\b(?!\s+[a-z]))",
            tail,
        )
    )


# Dollars written with their country's mark: which dollar a bare "$" is in the same text.
_MARKED_DOLLARS = {"A$": "AUD", "AU$": "AUD", "NZ$": "NZD", "NZD$": "NZD", "C$": "CAD",
                   "CA$": "CAD", "HK$": "HKD", "S$": "SGD", "US$": "USD", "J$": "JMD",
                   "TT$": "TTD", "EC$": "XCD", "FJ$": "FJD", "F$": "FJD", "WS$": "WST",
                   "T$": "TOP", "Bds$": "BBD", "BD$": "BSD", "NT$": "TWD"}  # fmt: skip


def house_dollar(text: str) -> str:
    """The dollar a bare "$" means in this text: the one it marks elsewhere ("NZ$4m …
    $250,000"), when it marks exactly one; else "" (English CLDR's reading, the US dollar)."""
    marked = {
        _MARKED_DOLLARS[m.group(0)]
        for m in re.finditer(
            r"(?<![A-Za-z])(?:AU|NZD|NZ|CA|HK|US|NT|TT|EC|FJ|WS|Bds|BD|A|C|S|J|F|T)\$", text
        )
        if m.group(0) in _MARKED_DOLLARS
    }
    return marked.pop() if len(marked) == 1 else ""


def find_amounts(text: str, comma_text: bool = False, dollar: str = "") -> list[FoundAmount]:
    """Every amount written with a currency mark, in order; figures in a range are left out.

    A mark several currencies share ("Rs") gives the amount with an empty currency and
    the mark in `unsure`, for the report to ask which currency it is."""
    found = []
    for match in _pattern().finditer(text):
        code = _currency(match)
        if dollar and "$" in (match.group("sym"), match.group("sym2")):
            code = dollar  # "$" in a text that says elsewhere which dollar it writes
        raw = match.group("num") or match.group("num2")
        if match.group("sym") in _SCALED_ONLY and not (
            match.group("scale") or re.search(r"\d[,. \u00a0]\d{3}", raw)
        ):
            continue  # "N95": a model number, not ninety-five naira
        unsure = ""
        if code == "":
            unsure = match.group("sym") or match.group("sym2") or ""
        elif code is None or code not in CURRENCY_CODES:
            continue
        number = _number(raw, code, comma_text)
        if number is None or number == 0:
            continue  # unreadable, or "0": no package is worth nothing
        scale = (match.group("scale") or match.group("scale2") or "").strip(" -.\u00a0").lower()
        amount = number * SCALES.get(scale, 1)
        if _in_range(text, match.start(), match.end()):
            continue
        amount = amount.normalize() if amount % 1 else amount.quantize(Decimal(1))
        written = text[match.start() : match.end()].strip()
        qualifier = _qualifier(text, match.start())
        if qualifier:
            written = f"{qualifier} {written}"
        found.append(
            FoundAmount(amount, code, written, qualifier, match.start(), match.end(), unsure)
        )
    for start, end, amount, code in _worded(text):
        if not code or any(f.start < end and start < f.end for f in found):
            continue
        qualifier = _qualifier(text, start)
        written = f"{qualifier} {text[start:end]}" if qualifier else text[start:end]
        found.append(FoundAmount(_whole(amount), code, written, qualifier, start, end))
    return sorted(found, key=lambda f: f.start)


# Figures in words: "two million euros", "half a million dollars", "five hundred thousand".
_SMALL = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_NUMBER_WORDS = (
    r"(?:half\s+an?|(?:(?:" + "|".join(sorted(_SMALL, key=len, reverse=True)) + r")"
    r"(?:[\s-]+(?:and\s+)?(?:hundred|" + "|".join(k for k in _SMALL if k != "a") + r"))*))"
)
_WORDED = re.compile(
    rf"(?<![\w-])(?P<words>{_NUMBER_WORDS})[\s-]+(?P<scale>trillion|billion|million|thousand)"
    r"(?:[\s-]+(?:of\s+)?(?P<name>[A-Za-z]+(?:\s+[A-Za-z]+){0,2}))?",
    re.IGNORECASE,
)
# "a 250-million-euro loan", "140 million reais", "5 billion rand": a figure and its
# magnitude, then a currency word that is money only there.
_HYPHENED = re.compile(
    r"(?<![\w.,])(?P<num>\d+(?:\.\d+)?)[\s-](?P<scale>trillion|billion|million|thousand)[\s-]"
    r"(?:of\s+)?(?P<name>[A-Za-z]+)\b",
    re.IGNORECASE,
)


def _words_value(words: str) -> Decimal | None:
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "and"]
    if tokens[:1] == ["half"]:
        return Decimal("0.5")
    total = 0
    for word in tokens:
        if word == "hundred":
            total = (total or 1) * 100
        elif word in _SMALL:
            total += _SMALL[word]
        else:
            return None
    return Decimal(total) if total else None


def _currency_named(phrase: str) -> tuple[str, int]:
    """(ISO code, characters used) for the longest currency name opening `phrase`."""
    names = _after_magnitude()
    words = phrase.split()
    for size in range(len(words), 0, -1):
        candidate = " ".join(words[:size])
        if candidate.lower() in names:
            return names[candidate.lower()], len(candidate)
    return "", 0


def _worded(text: str) -> list[tuple[int, int, Decimal, str]]:
    """(start, end, amount, currency or "") for figures written in words or hyphenated."""
    found = []
    for match in _WORDED.finditer(text):
        value = _words_value(match.group("words"))
        if value is None:
            continue
        code, used = _currency_named(match.group("name") or "")
        end = match.start("name") + used if used else match.end("scale")
        found.append((match.start(), end, value * SCALES[match.group("scale").lower()], code))
    for match in _HYPHENED.finditer(text):
        code, _used = _currency_named(match.group("name"))
        if code:
            amount = Decimal(match.group("num")) * SCALES[match.group("scale").lower()]
            found.append((match.start(), match.end(), amount, code))
    return found


def _whole(amount: Decimal) -> Decimal:
    return amount.normalize() if amount % 1 else amount.quantize(Decimal(1))


_BARE = re.compile(
    r"(?<![\w$€£¥.,])(?P<num>\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0]\d{3})+(?![\d.,])"
    r"|\d+(?:\.\d+)?|\d+,\d{1,2}(?=\s?[a-z]))"
    r"(?:\s?(?P<scale>trillion|billion|million|thousand|crores?|lakhs?|bn|mn|m|k)\b)?(?![\w%.,]*\d)"
)


def find_bare_amounts(text: str, comma_text: bool = False) -> list[FoundAmount]:
    """Sums written without a currency ("has earmarked 450k", "a grant of 250 thousand"):
    a figure with a magnitude or thousands separators, never a year or a percentage. The
    currency stays empty; only a caller that knows the words around it is money keeps one."""
    found = []
    for match in _BARE.finditer(text):
        raw, scale = match.group("num"), (match.group("scale") or "").lower()
        if not scale and "," not in raw and not re.search(r"\d[ \u00a0]\d", raw):
            continue  # "2024", "12": a year or a count, not money
        if re.fullmatch(r"\d+,\d{1,2}", raw):
            if not (comma_text and scale):
                continue  # "1,4 million" is a figure only where the writer uses decimal commas
            raw = raw.replace(",", ".")
        if re.match(
            r"\s*(?:per\s*cent|%|people|households|families|homes|votes|seats)", text[match.end() :]
        ):
            continue
        digits = raw.replace(",", "").replace(" ", "").replace("\u00a0", "")
        amount = _whole(Decimal(digits) * SCALES.get(scale, 1))
        qualifier = _qualifier(text, match.start())
        written = text[match.start() : match.end()]
        written = f"{qualifier} {written}" if qualifier else written
        found.append(FoundAmount(amount, "", written, qualifier, match.start(), match.end()))
    for start, end, amount, code in _worded(text):
        if code or any(f.start < end and start < f.end for f in found):
            continue
        qualifier = _qualifier(text, start)
        written = f"{qualifier} {text[start:end]}" if qualifier else text[start:end]
        found.append(FoundAmount(_whole(amount), "", written, qualifier, start, end))
    return sorted(found, key=lambda f: f.start)


def find_amount(text: str) -> FoundAmount | None:
    amounts = find_amounts(text)
    return amounts[0] if amounts else None


def parse_amount(text: str) -> tuple[Decimal, str] | None:
    """The first amount in the text as (Decimal, ISO currency): "£2.3m" → (2300000, "GBP")."""
    found = find_amount(text)
    return (found.amount, found.currency) if found else None
