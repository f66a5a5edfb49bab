"""From a post's paragraphs to the parts of its body, each rule in its own module.

Order matters: boilerplate and repeats go first so they are never mistaken for
content, Key Developments lists are taken whole before their "Label: text" lines
could look like anything else, and quotes and aid packages are found paragraph
by paragraph. Whatever no rule claims is kept as a paragraph, word for word.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from babel.dates import get_month_names

from news.blocks.quote import says_anonymous
from news.importers.aid import AID_WORDS, find_aid_packages
from news.importers.cleanup import drop_boilerplate, drop_repeats, near_repeats
from news.importers.developments import find_key_developments
from news.importers.people import PersonRef, anonymous_source, people_in
from news.importers.quotes import SpeakerMemory, find_quotes, month_day, sentence_spans
from news.importers.text import Para

_MONTHS = "|".join(get_month_names("wide", locale="en").values())
_DATELINE = re.compile(
    rf"^[^\W\d_][^\W\d_ .'-]*(?:[ .'-]+[^\W\d_]+)*,\s+(?:[A-Z][a-z]+day,?\s+)?"
    rf"(?:(?P<day>\d{{1,2}})\s+(?P<month>{_MONTHS})|(?P<month2>{_MONTHS})\s+(?P<day2>\d{{1,2}}),?)"
    rf"\s+(?P<year>\d{{4}})\s*[—–-]"
)

__all__ = ["STANDFIRST_MAX", "Detected", "detect"]

STANDFIRST_MAX = 400
# A figure with a currency sign or a capitalised code next to it.
_MONEY_HINT = re.compile(
    r"[$€£¥₴]\s?\d|\d\s?[€£zł]|\b[A-Z]{3}\s?\d|\d[\d.,]*\s?(?:k|m|bn)?\s[A-Z]{3}\b"
)
HEADING_MAX = 120


@dataclass
class Detected:
    """A post's body as (block type, value) parts, with notes for the editor's review."""

    standfirst: str = ""
    parts: list[tuple[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    boilerplate_dropped: int = 0
    repeats_dropped: list[str] = field(default_factory=list)


def dateline_date(text: str) -> datetime.date | None:
    """The date of a dateline that opens the text ("PLACE, Tuesday 5 March 2024 —")."""
    match = _DATELINE.match(text)
    # The same groups as a date in a quote's frame, so read the same way.
    return month_day(match, None) if match else None


def _open_quote(text: str) -> str:
    """The mark of a quotation the paragraph opens and leaves open, or ""."""
    if text.count("“") > text.count("”"):
        return "“"
    if text.count("«") > text.count("»"):
        return "«"
    if text.count('"') % 2:
        return '"'
    return ""


def join_continued_quotes(paragraphs: list[Para]) -> list[Para]:
    """A quotation that runs on over paragraphs is one paragraph: newspapers leave the
    quotation open at the paragraph's end and open the next one with a quotation mark
    ("“We did not want to be here. ¶ “Every time we asked …”"), or introduce it with a
    colon that ends the paragraph before."""
    joined: list[Para] = []
    for para in paragraphs:
        last = joined[-1] if joined else None
        prose = last is not None and last.kind == para.kind == "p"
        mark = _open_quote(last.text) if prose else ""
        if mark and para.text.lstrip().startswith(mark):
            joined[-1] = Para(f"{last.text.rstrip()} {para.text.lstrip()[1:]}", "p")
        elif prose and last.text.rstrip().endswith(":") and para.text.lstrip()[:1] in '“"«':
            # "… read a statement to reporters: ¶ “We did not want to be here …”"
            joined[-1] = Para(f"{last.text.rstrip()} {para.text.lstrip()}", "p")
        else:
            joined.append(para)
    return joined


def detect(paragraphs: list[Para], post_date: datetime.date | None = None) -> Detected:
    """The post's parts; `post_date` (its publish date) resolves "said on Tuesday"."""
    result = Detected()
    paragraphs, result.boilerplate_dropped = drop_boilerplate(paragraphs)
    paragraphs, result.repeats_dropped = drop_repeats(paragraphs)
    for repeat in result.repeats_dropped:
        result.warnings.append(f"repeated paragraph kept once: {repeat[:60]!r}…")
    for near in near_repeats(paragraphs):
        result.warnings.append(f"paragraph nearly repeats an earlier one, kept: {near[:60]!r}…")
    paragraphs = join_continued_quotes(paragraphs)
    # One paragraph a line: a byline ("By Danielle Okemaw") must not run into the name
    # that opens the next paragraph.
    post_text = "\n".join(p.text for p in paragraphs)
    known = people_in(post_text)
    # "BRENHOLT, Tuesday 5 March 2024 — …": a wire story's dateline is the day it reports,
    # so the day its quotes were said unless they say otherwise; and it dates an undated post.
    dateline = dateline_date(paragraphs[0].text) if paragraphs else None
    post_date = post_date or dateline

    # The first prose paragraph becomes the standfirst when it fits the field.
    first = _first_prose(paragraphs)
    if first is not None and len(paragraphs[first].text) <= STANDFIRST_MAX:
        result.standfirst = paragraphs[first].text.replace("\n", " ")
        paragraphs = paragraphs[:first] + paragraphs[first + 1 :]
        # A lede that announces a package keeps its words as the standfirst, and the
        # package becomes the body's first block, as it would from any paragraph.
        lede = result.standfirst
        for package in find_aid_packages(
            [lede[a:b].strip() for a, b in sentence_spans(lede)],
            known,
            lede,
            post_date,
            post_text,
        ):
            result.parts.append(("aid_package", package))

    anonymous: dict[str, str] = {}
    memory = SpeakerMemory(section_day=dateline)
    index = 0
    while index < len(paragraphs):
        para = paragraphs[index]
        developments = find_key_developments(paragraphs, index)
        if developments:
            value, used = developments
            result.parts.append(("key_developments", value))
            index += used
            # A list breaks the thread: "she added" after it is not an unnamed source
            # quoted before it (such sources are quoted on the spot), so an editor decides.
            if memory.speaker is None:
                memory.attribution = ""
            continue
        index += 1
        text = para.text.replace("\n", " ") if para.kind != "p" else para.text
        if para.kind == "heading" and len(text) <= HEADING_MAX:
            result.parts.append(("heading", text))
        elif para.kind == "blockquote":
            result.parts.extend(_blockquote(text, known))
        else:
            parts = _prose(text, known, anonymous, memory, result.standfirst, post_date, post_text)
            for kind, value in parts:
                if kind == "_review":
                    result.warnings.extend(value)  # below confidence: kept as prose, listed
                else:
                    result.parts.append((kind, value))
    if not result.standfirst:
        result.warnings.append("no first paragraph short enough for the standfirst")
    return result


def _first_prose(paragraphs: list[Para]) -> int | None:
    """The first prose paragraph, past a Key Developments box at the top of the post."""
    index = 0
    while index < len(paragraphs):
        box = find_key_developments(paragraphs, index)
        if box:
            index += box[1]
            continue
        if paragraphs[index].kind == "p":
            return index
        index += 1
    return None


def _blockquote(text: str, known: dict[str, PersonRef]) -> list[tuple[str, Any]]:
    # "<blockquote>Words. — Name, Role</blockquote>": the dash line names the speaker.
    match = re.match(r"^(?P<quote>.+?)\s*[—–-]{1,2}\s*(?P<who>[^—–]+)$", text)
    if not match:
        return [("paragraph", text)]
    who = match.group("who").strip()
    attribution = anonymous_source(who)
    value = {"text": match.group("quote").strip(), "speaker": None, "attribution": ""}
    if attribution:
        value["attribution"] = attribution
    else:
        name, _comma, role = who.partition(",")
        surname = name.split()[-1] if name.split() else ""
        value["speaker"] = known.get(surname) if " " not in name.strip() else None
        value["speaker"] = value["speaker"] or PersonRef(name.strip(), role.strip())
    return [("quote", value)]


def _prose(
    text: str,
    known: dict[str, PersonRef],
    anonymous: dict[str, str],
    memory: SpeakerMemory,
    lede: str = "",
    post_date: datetime.date | None = None,
    post_text: str = "",
) -> list[tuple[str, Any]]:
    """A paragraph split around the sentences that quote someone, with its aid packages."""
    flat = text.replace("\n", " ")
    sentences = [flat[a:b].strip() for a, b in sentence_spans(flat)]
    packages = find_aid_packages(sentences, known, lede, post_date, post_text)
    below: list[str] = []
    if not packages:
        # Money and aid words, but no confident package (no donor, a range, "$2,5m"…).
        below.extend(
            f"possible aid package left as prose: {s[:80]!r}"
            for s in sentences
            if AID_WORDS.search(s) and _MONEY_HINT.search(s)
        )
    parts: list[tuple[str, Any]] = []
    done = 0
    unattributed: list[str] = []
    for quote in find_quotes(flat, known, post_date, memory, unattributed):
        before = flat[done : quote.start].strip()
        if before:
            parts.append(("paragraph", before))
        attribution = quote.attribution
        if attribution:
            head = attribution.split()[-1]
            if attribution.startswith("the ") and head in anonymous:
                attribution = anonymous[head]  # "the diplomat" is the one named earlier
            else:
                anonymous[head] = attribution
        notes = list(quote.notes)
        # "who asked not to be named", "speaking on condition of anonymity"… said
        # elsewhere in the paragraph: the attribution keeps the text's own words, and
        # the editor is told which provenance method that calls for.
        if attribution and says_anonymous(flat) and not says_anonymous(attribution):
            notes.append(
                f"quote by {attribution!r}: the text says the source is unnamed; "
                "choose the provenance method 'anonymous_source'"
            )
        parts.append(
            (
                "quote",
                {
                    "text": quote.text,
                    "speaker": quote.speaker,
                    "attribution": attribution,
                    "context": quote.context,
                    "said_on": quote.said_on,
                    "_notes": notes,
                },
            )
        )
        done = quote.end
    rest = flat[done:].strip() if done else text
    if rest:
        parts.append(("paragraph", rest))
    below.extend(f"quotation left as prose, speaker not found: {q[:60]!r}" for q in unattributed)
    if below:
        parts.append(("_review", below))
    parts.extend(("aid_package", package) for package in packages)
    return parts
