"""Quotations: a sentence that quotes someone, with the speaker named before or after.

Only a quotation introduced by a speech verb or a colon ("X said,", "saying,",
"according to X,", "…,” said X") and of at least `MIN_WORDS` words becomes a
quote block; a short phrase in quotation marks inside a sentence stays prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from news.importers.people import PersonRef, anonymous_source, split_name_role

__all__ = ["MIN_WORDS", "FoundQuote", "find_quotes", "sentence_spans"]

MIN_WORDS = 5
_SPANS = re.compile(r"“(?P<a>[^”]+)”|\"(?P<b>[^\"]+)\"|«\s?(?P<c>[^»]+?)\s?»|„(?P<d>[^“”]+)[“”]")
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”»]?\s+(?=[A-Z“\"«])")
_VERBS = (
    r"said|says|stated|told(?: [\w ]{1,30}?)?|added|declared|wrote|noted|explained|announced|"
    r"warned|insisted|remarked|replied|tweeted|posted|asked|continued|emphasi[sz]ed|stressed"
)
_PARTICIPLES = r"saying|stating|adding|noting|writing|warning|declaring|explaining|insisting"
_CUE_BEFORE = re.compile(
    rf"(?:\b(?:{_VERBS}|{_PARTICIPLES})\s*[,:]?|:|\baccording to [^,]+,)\s*$", re.IGNORECASE
)
_ACCORDING = re.compile(r"\baccording to ([^,]+?),\s*$", re.IGNORECASE)
_WITH_PARTICIPLE = re.compile(rf"\bwith (.+?)\s+(?:{_PARTICIPLES})\s*[,:]?\s*$", re.IGNORECASE)
_WHO_VERB = re.compile(rf"(?:^|,\s*)([^,]+?)\s+(?:{_VERBS})\s*[,:]?\s*$", re.IGNORECASE)
_AFTER = re.compile(
    rf"^\s*,?\s*(?:(?:{_VERBS})\s+(?P<who1>[^.,;]+)(?:,\s*(?P<role>[^.;]+))?"
    rf"|(?P<who2>[^.,;]+?)\s+(?:{_VERBS}))\s*[.,]?",
    re.IGNORECASE,
)


@dataclass
class FoundQuote:
    start: int  # the quoting sentence, as offsets into the paragraph
    end: int
    text: str
    speaker: PersonRef | None
    attribution: str
    context: str


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences as (start, end) offsets, never breaking inside a quotation."""
    quoted = [m.span() for m in _SPANS.finditer(text)]
    starts = [0]
    for match in _BOUNDARY.finditer(text):
        if not any(a < match.start() < b - 1 for a, b in quoted):
            starts.append(match.end())
    ends = [*[s for s in starts[1:]], len(text)]
    return list(zip(starts, ends, strict=True))


def _subject(sentence: str) -> str:
    """The words that open a sentence before its verb: who is speaking in "X …, saying"."""
    words = sentence.split()
    taken: list[str] = []
    for word in words:
        bare = word.strip(",")
        if taken and not (bare[:1].isupper() or bare.lower() in ("of", "the")):
            break
        taken.append(bare)
        if word.endswith(","):
            break
    return " ".join(taken)


def _speaker(phrase: str, known: dict[str, PersonRef]) -> tuple[PersonRef | None, str]:
    phrase = phrase.strip().strip(",")
    anonymous = anonymous_source(phrase)
    if anonymous:
        return None, anonymous
    ref = split_name_role(phrase)
    if ref is None:
        return None, ""
    earlier = known.get(ref.name.split()[-1])
    if earlier and ref.name in (earlier.name, earlier.name.split()[-1]):
        # "Blinken" after "US Secretary of State Antony Blinken" earlier in the post.
        return earlier, ""
    return ref, ""


def _who_before(frame: str, sentence: str) -> str:
    for pattern in (_ACCORDING, _WITH_PARTICIPLE):
        match = pattern.search(frame)
        if match:
            return match.group(1)
    if re.search(rf"\b(?:{_PARTICIPLES})\s*[,:]?\s*$", frame, re.IGNORECASE):
        return anonymous_source(sentence) or _subject(sentence)
    match = _WHO_VERB.search(frame)
    if match:
        who = match.group(1)
        return anonymous_source(who) or _subject(who.split(",")[-1].strip()) or who
    return ""


def find_quotes(text: str, known: dict[str, PersonRef]) -> list[FoundQuote]:
    """At most one quote per sentence, in order; the rest of the paragraph is untouched."""
    found: list[FoundQuote] = []
    for start, end in sentence_spans(text):
        sentence = text[start:end].strip()
        for match in _SPANS.finditer(sentence):
            quote = next(g for g in match.groups() if g is not None).strip().rstrip(",")
            if len(quote.split()) < MIN_WORDS or not quote[:1].isupper():
                continue
            frame_before = sentence[: match.start()]
            after = sentence[match.end() :]
            who = ""
            if _CUE_BEFORE.search(frame_before):
                who = _who_before(frame_before, sentence)
            else:
                cue = _AFTER.match(after)
                if cue:
                    who = cue.group("who1") or cue.group("who2") or ""
                    if cue.group("role") and cue.group("who1"):
                        who = f"{cue.group('role').removeprefix('the ')} {who}"
            if not who:
                continue
            speaker, attribution = _speaker(who, known)
            if not speaker and not attribution:
                continue
            context = re.sub(r"\s+", " ", (frame_before + " " + after)).strip(" ,.:;")
            # Too long a frame means the sentence is doing more than introducing a quote.
            if len(context) > 255:
                continue
            found.append(FoundQuote(start, end, quote, speaker, attribution, context))
            break
    return found
