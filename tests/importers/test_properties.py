"""Property-based checks of the amount parser and the quote finder (Hypothesis).

Generated inputs: amounts written in the many ways copy writes them, and
paragraphs of random sentences with and without quotations. The properties are
the issue's promises: the figure read back is the figure written, nothing
crashes, no currency appears that the text does not name, and no sentence is lost.
"""

from __future__ import annotations

import os
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from news.importers.amounts import _lexicon, find_amounts, parse_amount
from news.importers.detect import detect
from news.importers.quotes import find_quotes
from news.importers.text import Para
from tests.importers.test_fidelity import assert_every_sentence_kept

# HYPOTHESIS_EXAMPLES=1500 (say) runs a longer search than the suite's default.
SETTINGS = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# How each currency may be written before or after the figure.
SPELLINGS = {
    "USD": (["$", "US$", "USD "], [" USD", " dollars", " US dollars"]),
    "EUR": (["€", "EUR "], [" EUR", " euros", "€", " €"]),
    "GBP": (["£", "GBP "], [" GBP", " pounds"]),
    "NOK": (["NOK "], [" NOK", " Norwegian kroner"]),
    "PLN": (["PLN "], [" zł", " PLN", " zlotys"]),
    "UAH": (["₴", "UAH "], [" hryvnias", " UAH"]),
    "JPY": (["¥", "JPY "], [" yen"]),
    "CHF": (["CHF "], [" Swiss francs", " CHF"]),
}
SCALES = [("", 1), ("k", 10**3), ("m", 10**6), (" million", 10**6), ("mn", 10**6),
          ("bn", 10**9), (" billion", 10**9)]  # fmt: skip


@st.composite
def written_amounts(draw):
    code = draw(st.sampled_from(sorted(SPELLINGS)))
    whole = draw(st.integers(min_value=1, max_value=999))
    tenths = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=9)))
    suffix, factor = draw(st.sampled_from(SCALES))
    if tenths is not None and not suffix:
        suffix, factor = " million", 10**6  # decimals are written with a magnitude
    separator = "."
    if tenths is not None and code in ("EUR", "NOK", "PLN", "UAH"):
        separator = draw(st.sampled_from([".", ","]))  # those locales write a decimal comma
    number = f"{whole}{separator}{tenths}" if tenths is not None else str(whole)
    before, after = SPELLINGS[code]
    if draw(st.booleans()):
        text = f"{draw(st.sampled_from(before))}{number}{suffix}"
    else:
        text = f"{number}{suffix}{draw(st.sampled_from(after))}"
    value = (Decimal(whole) + (Decimal(tenths) / 10 if tenths is not None else 0)) * factor
    return text, value, code


@SETTINGS
@given(written_amounts(), st.sampled_from(["A pledge of ", "They sent ", ""]),
       st.sampled_from([" in aid.", " for the grid", ""]))  # fmt: skip
def test_written_amounts_read_back(amount, prefix, tail):
    text, value, code = amount
    assert parse_amount(f"{prefix}{text}{tail}") == (value, code), text


# Any text, weighted towards figures, magnitudes and the letters of codes and names.
_MONEYISH = st.text(
    alphabet=st.sampled_from(list("0123456789 .,-–$€£¥₴złkmbnKMBNUSDEURGBPNOKeurosdlaryn")),
    max_size=60,
)


@SETTINGS
@given(st.text(max_size=200))
def test_the_amount_parser_never_crashes(text):
    for found in find_amounts(text):
        # A mark several currencies share ("Rs") leaves the currency empty, never guessed.
        assert found.amount >= 0 and (found.currency or found.unsure)
        assert not (found.currency and found.unsure)


@SETTINGS
@given(st.one_of(_MONEYISH, st.text(max_size=80)))
def test_no_currency_is_invented(text):
    # Each currency found is spelled out in the words matched: its code, a symbol or a name.
    symbols, names = _lexicon()
    for found in find_amounts(text):
        if not found.currency:
            continue  # nothing to check: no currency was given to it
        written = found.written
        spellings = [found.currency]
        spellings += [s for s, code in symbols.items() if code == found.currency]
        spellings += [n for n, code in names.items() if code == found.currency]
        assert any(s in written or s in written.lower() for s in spellings), (text, found)


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)


@st.composite
def sentences(draw):
    words = draw(st.lists(WORD, min_size=3, max_size=12))
    kind = draw(st.sampled_from(["plain", "quote-after", "quote-before", "phrase", "pronoun"]))
    body = " ".join(words)
    if kind == "plain":
        return body.capitalize() + draw(st.sampled_from([".", "!", "?"]))
    if kind == "quote-after":
        return f"“{body.capitalize()},” said Maria Jensen, the regional governor."
    if kind == "quote-before":
        return f"Tomas Varga, the interior minister, said: “{body.capitalize()}.”"
    if kind == "pronoun":
        return f"“{body.capitalize()},” she added."
    return f"The plan was called “{words[0]} {words[1]}” by {words[-1]}."


@SETTINGS
@given(st.lists(st.lists(sentences(), min_size=1, max_size=4), min_size=1, max_size=5))
def test_no_sentence_is_lost_from_random_paragraphs(paragraphs):
    texts = ["A lede for the story."] + [" ".join(p) for p in paragraphs]
    detected = detect([Para(t) for t in texts])
    assert_every_sentence_kept(texts, detected)


@SETTINGS
@given(st.text(max_size=300))
def test_the_quote_finder_never_crashes_and_quotes_only_what_is_there(text):
    for quote in find_quotes(text, {}):
        first = quote.text.split(" ")[0]
        assert first in text
        assert quote.speaker is not None or quote.attribution
