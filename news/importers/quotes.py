"""Quotations: a sentence that quotes someone, with the speaker named before or after.

Only a quotation introduced by a speech verb or a colon ("X said,", "saying,",
"according to X,", "…,” said X") and of at least `MIN_WORDS` words becomes a
quote block; a short phrase in quotation marks inside a sentence stays prose.

The speaker may carry a role as an appositive ("said Maria Jensen, the regional
governor"; "Tomas Varga, the interior minister, said"), may be a pronoun that
continues the last named speaker ("she added"), or an unnamed source described
by role, relative clause and all ("an official who asked not to be named … said"),
which becomes an attribution and never a person. A quotation split by its
attribution ("“…,” said X, “…”") is one quote. The day it was said is filled
only from a weekday in the sentence ("said on Tuesday") and the post's own date;
nothing else is guessed, and what could not be resolved is noted for the report.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field

from babel.dates import get_month_names

from news.blocks.quote import says_anonymous
from news.importers.people import (
    BODY_NOUNS,
    UPPER,
    PersonRef,
    anonymous_source,
    split_name_role,
)

__all__ = ["MIN_WORDS", "FoundQuote", "find_quotes", "month_day", "sentence_spans"]

MIN_WORDS = 5
# Double quotation marks, guillemets, and single marks as some house styles use them:
# a single mark only opens before a capital and closes after the sentence's punctuation,
# so apostrophes ("that's", "the Rovers' manager") never pair up.
_SPANS = re.compile(
    r"“(?P<a>[^”]+)”|\"(?P<b>[^\"]+)\"|«\s?(?P<c>[^»]+?)\s?»|„(?P<d>[^“”]+)[“”]|»(?P<g>[^«»]+)«"
    r"|(?<![\w’'])‘(?P<e>[A-Z][^‘]+?[.,!?])’(?![\w’])"
    r"|(?<![\w’'])'(?P<f>[A-Z][^']*?(?:'[a-z][^']*?)*[.,!?])'(?![\w’])"
    # "– We have teams out around the clock, says Maria Eklund": a dash, no marks
    r"|(?:^|(?<=[.!?»”\"] ))[–—]\s(?P<h>[A-Z][^–—“”\"«»]{8,600}?[,.!?])"
    r"(?=\s+(?:(?:[\w’'.-]+\s+){0,6}?(?:says|said|adds|added|explains|explained|writes|wrote|"
    r"tells|told|continues|continued)\b))"
)
# A sentence ends at . ! or ? before a capital, but not after "Mr." or "Dr.".
_BOUNDARY = re.compile(
    r"(?<=[.!?])(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bProf\.)"
    r"(?<!\bGen\.)(?<!\bCol\.)(?<!\bLt\.)(?<!\bSgt\.)(?<!\bRev\.)(?<!\bGov\.)(?<!\bSen\.)"
    r"(?<!\bRep\.)(?<!\bCapt\.)(?<!\bSupt\.)(?<!\bDet\.)(?<!\bMaj\.)(?<!\bCllr\.)"
    r"(?<!\bEng\.)(?<!\bEngr\.)(?<!\bAtty\.)(?<!\bHon\.)(?<!\bJr\.)(?<!\bSr\.)(?<!\bMa\.)"
    r"(?<!\bSmt\.)(?<!\bSri\.)(?<!\bFr\.)(?<!\bInsp\.)(?<!\bAmb\.)(?<!\bH\.E\.)"
    # nor an abbreviated currency or magnitude: "Rs. 250 million", "15 Mio. Euro"
    r"(?<!\bRs\.)(?<!\bMio\.)(?<!\bMrd\.)(?<!\bmld\.)(?<!\bmln\.)"
    # An initial ("District Collector R. Meenakshi Sundaram") ends no sentence.
    r"(?<!\b[A-Z]\.)"
    r"[\"”»«’']?\s+(?=[A-Z0-9“\"«»„‘']|[–—]\s[A-Z])"
    r"(?!(?:[A-Z][\w’'-]+\s+){1,3}(?:said|says|added)\.(?:\s|$))"
)
# "16:45 — A hydrologist …": a live post's timestamp is no part of the sentence.
# "16:45 — …", "14 March 2024, 09:05 - …": a live post's entry stamp, not part of the
# sentence; its day, when it has one, is the day of the words quoted under it.
# Live desks write the time every way: "[15:10]", "1:05 p.m. —", "10.05am:", "13h10 –",
# "09:50 GMT —", "09:25 |".
_TIMESTAMP = re.compile(
    r"^(?:(?:UPDATE|BREAKING|LATEST|CORRECTION)\s+)?(?:(?P<day>\d{1,2}\s+[A-Z][a-z]+\s+\d{4}),?\s+)?"
    # "11:00am A senior official …" and "1105 GMT - …" need no more than the time
    r"(?:\[?\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?(?=[\s:—–|-]))?(?:\s+[A-Z]{2,4})?"
    r"(?:\]\s*(?:[—–|-]|:)?|\s*(?:[—–|-]|:))"
    r"|\d{1,2}[:.]\d{2}\s*[ap]\.?m\.?(?=\s+[A-Z])"
    r"|[012]\d[0-5]\d\s+(?:GMT|UTC|BST|CET|EST|IST)\s*(?:[—–|-]|:)?)\s*"
)
_VERBS = (
    r"said|says|stated|told(?: [\w ]{1,40}?)?|added|declared|wrote|noted|explained|announced|"
    r"warned|insisted|remarked|replied|tweeted|posted|asked|continued|emphasi[sz]ed|stressed|"
    r"conceded|admitted|acknowledged|argued|recalled|joked|quipped|urged|pleaded|complained|"
    r"predicted|promised|vowed|claimed|cautioned|suggested|observed|countered|responded|"
    r"answered|confirmed|agreed|shouted|sighed|laughed|maintained|protested|objected|"
    r"appreciated|affirmed|indicated|underlined|reiterated|assured|specified|summari[sz]ed|"
    r"confided|lamented|reacted|launched|alleged|denounced|regretted|estimated"
)
_PARTICIPLES = (
    r"saying|stating|adding|noting|writing|warning|declaring|explaining|insisting|arguing|"
    r"admitting|conceding|urging|telling"
)
# "Olympic bronze medallist Tamsin Ekwueme, who learned to swim here, said:"
_NAMED_THEN_CLAUSE = re.compile(
    rf"(?:^|[.;]\s+)(?P<who>[^,.;“”\"«»]+?),\s+(?:who|whose)\s"
    # the clause may quote a phrase: "who has warned the board against “panic buys”,"
    rf"(?:[^“”\"«»]|[“\"][^“”\"]{{1,40}}[”\"])+?,\s+(?:{_VERBS})"
    r"\s*[,:]?\s*$",
    re.IGNORECASE,
)
# "according to X," or "according to an official, who spoke on condition …,".
_ACCORDING_TO = r"\baccording to (?:[^,]+|[^,“”\"]+?,\s+who\s[^“”\"]+?),"
_CUE_BEFORE = re.compile(
    rf"(?:\b(?:{_VERBS}|{_PARTICIPLES})\s*[,:]?|:|{_ACCORDING_TO})\s*$", re.IGNORECASE
)
_ACCORDING = re.compile(
    r"\baccording to ((?:[^,]+?)|(?:[^,“”\"]+?,\s+who\s[^“”\"]+?)),\s*$", re.IGNORECASE
)
_WITH_PARTICIPLE = re.compile(rf"\bwith (.+?)\s+(?:{_PARTICIPLES})\s*[,:]?\s*$", re.IGNORECASE)
_AUX = r"(?:(?:had|has|have)\s+)?"
_WHO_VERB = re.compile(rf"(?:^|,\s*)([^,]+?)\s+{_AUX}(?:{_VERBS})\s*[,:]?\s*$", re.IGNORECASE)
_NAME = (
    rf"[{UPPER}][\w’'.-]+(?:\s+(?:[{UPPER}][\w’'.-]+|de|van|von|al-\w+|"
    rf"(?:bin|bint|ibn|binti|de|da|dos|del|la)\s+[{UPPER}][\w’'.-]+)){{0,6}}"
)
# "Tomas Varga, the country's interior minister, said": a name, its role, then the verb.
_APPOSITIVE_BEFORE = re.compile(
    rf"(?:^|[.;,]\s+|\b(?:and|but|as)\s+)(?P<name>{_NAME}),\s+(?P<role>[^,“”\"«»]{{2,90}}?),"
    rf"\s+{_AUX}(?:{_VERBS})\s*[,:]?\s*$"
)
_APPOSITIVE_AFTER = re.compile(
    rf"^\s*,?\s*(?P<name>{_NAME}),\s+(?P<role>[^,;.“”\"«»]{{3,90}}?),\s+(?:{_VERBS})\b"
)
# "said Maria Jensen, the regional governor" (or "…, chief economist at Fjordbank")
# with the role kept as written; a clause after the comma is no role.
_NOT_ROLE = r"(?!(?:who|whom|whose|which|that|adding|saying|as|after|before|when|while)\b)"
_VERB_NAME_ROLE = re.compile(
    rf"^\s*,?\s*(?:{_VERBS})\s+(?P<name>{_NAME}),\s+{_NOT_ROLE}"
    rf"(?P<role>(?:the|a|an)\s[^,;.“”\"«»]{{2,90}}|[a-z][^,;.“”\"«»]{{2,90}})"
)
# "said the chairman, Graham Tuck": the verb, the role, then the name.
_VERB_ROLE_NAME = re.compile(
    rf"^\s*,?\s*(?:{_VERBS})\s+(?:(?:the|its|their)\s+(?P<role>[^,;.“”\"«»]*?[a-z][^,;.“”\"«»]*?)"
    rf"|(?P<role2>[{UPPER}][\w’'-]*[’']s?\s+[a-z][^,;.“”\"«»]{{2,60}}?)),\s+"
    rf"(?P<name>{_NAME})\s*(?=[.,;]|$)"
)
# "“…,” an aid worker with one of the groups, who asked not to be named, said."
_DESCRIBED_AFTER = re.compile(
    r"^\s*,?\s*(?P<who>(?:a|an|one|two|three|several)\s[^“”\"«»]{2,220}?),?\s+"
    r"(?:said|says|added|warned|insisted|explained|admitted|conceded"
    r"|told\s+(?!not\b)[^,.;“”\"«»]{1,60}?)"
    r"(?:\s+(?:on\s+\w+|yesterday|today|last\s+\w+))?\s*[.!?]?\s*$",
    re.IGNORECASE,
)
# "“…,” according to a vaccination planner who was not authorised to speak."
_ACCORDING_AFTER = re.compile(r"^\s*,?\s*according to (?P<who>[^.;“”\"«»]{3,220})\.?")
# "Estvania's defence minister, Radek Novak, said": the role first, then the name.
_ROLE_NAME_AFTER = re.compile(
    rf"^\s*,?\s*(?P<role>[^,;.“”\"«»]{{3,90}}?),\s+(?P<name>{_NAME}),\s+(?:{_VERBS})\b"
)
_ROLE_NAME_BEFORE = re.compile(
    rf"(?:^|[.;,]\s+|\b(?:and|but|as)\s+)(?P<role>[^,.;“”\"«»]{{3,90}}?),\s+(?P<name>{_NAME}),"
    rf"\s+(?:{_VERBS})(?:\s+on\s+\w+)?\s*[,:]?\s*$"
)
# "His defeated rival, Ingrid Solberg, congratulated him …, and said, “…”": the speaker
# is the subject the sentence opened with.
_COORDINATED = re.compile(
    rf",?\s+(?:and|but)\s+(?:\w+ly\s+)?(?:{_VERBS})\s*[,:]?\s*$", re.IGNORECASE
)
_OPENING_ROLE_NAME = re.compile(rf"^(?P<role>[^,.;“”\"«»]{{3,60}}?),\s+(?P<name>{_NAME}),")
_OPENING_NAME_ROLE = re.compile(
    rf"^(?P<name>{_NAME}),\s+(?:the|a|an)\s+(?P<role>[^,.;“”\"«»]{{3,60}}?),"
)
PRONOUNS = {"he", "she", "they"}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# "on Tuesday", or as agency style writes it, "said Tuesday".
_ON_WEEKDAY = re.compile(
    r"(?:\bon\s+|(?<=said\s)|(?<=says\s)|(?<=told\s)|(?<=added\s)|(?<=warned\s))"
    rf"({'|'.join(_WEEKDAYS)})\b(?!['’])",
    re.IGNORECASE,
)
_AFTER = re.compile(
    rf"^\s*,?\s*(?:(?:{_VERBS})\s+(?P<who1>[^.,;“”\"«»]+)(?:,\s*(?P<role>[^.;“”\"«»]+))?"
    rf"|(?P<who2>(?:[^.,;]|(?<=\s[A-Z])\.)+?)\s+(?:{_VERBS}))\s*[.,]?",
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
    said_on: datetime.date | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class SpeakerMemory:
    """The last speaker named in the post, whom "she added" continues."""

    speaker: PersonRef | None = None
    attribution: str = ""
    # Whether the last sentence was someone's reported speech ("Oyelaran said most
    # infections were mild."), so a quotation standing alone next is theirs.
    spoke: bool = False
    # The day of the live-post entry the sentences are under, when its stamp gives one,
    # or of the story's dateline; `stamped` tells the two apart.
    section_day: datetime.date | None = None
    stamped: bool = False
    # Unnamed sources described earlier, by their head noun: "the manager" is the
    # "manager at the plant, who asked not to be named" of an earlier sentence.
    described: dict[str, str] = field(default_factory=dict)


# "Mick Hannon, 57, the convoy leader, said": an age between commas after a name.
_AGE = re.compile(r"(?<=[^\W\d_]),\s+\d{1,3},(?=\s)")


def _without_ages(sentence: str) -> str:
    """The sentence with ages outside its quotations blanked to spaces (offsets kept), so
    "X, 34, who …, said:" reads as "X, who …, said:"."""
    quoted = [m.span() for m in _SPANS.finditer(sentence)]

    def blank(match: re.Match[str]) -> str:
        if any(a <= match.start() < b for a, b in quoted):
            return match.group(0)
        if re.match(rf"\s+{_AUX}(?:{_VERBS})\b", sentence[match.end() :], re.IGNORECASE):
            return " " * len(match.group(0))  # "Ines Lund, 58, said:" → "Ines Lund said:"
        return "," + " " * (len(match.group(0)) - 1)

    return _AGE.sub(blank, sentence)


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


# "A nurse at the county hospital, who asked not to be named because …": someone
# described, not named, with the clause that says why. The description is the source.
_UNNAMED = re.compile(
    r"^(?:a|an|one|two|three|several|the)\s+[^,“”\"]{2,90}?,?\s+"
    r"(?:who|speaking|talking|requesting|asking|preferring|wishing|declining)\s+[^“”\"]*$",
    re.IGNORECASE,
)


# With a comma before the verb the description runs to it ("…, who asked not to be
# identified because staff have been told not to speak, said"); without one, to the
# first speech verb ("A Western diplomat who asked not to be named said").
# Any verb will do: "One volunteer firefighter, who did not want his name used, was
# blunter." makes him whom the next "he said" quotes.
_SUBJECT_VERB = r"(?:was|were|is|are|has|had|\w+ed|said|says|told|warned|welcomed|spoke|put|puts)"
_DESCRIBED_SUBJECT = re.compile(
    rf"^((?:A|An|One|Another|The)\s[^“”\"]+?),\s+{_SUBJECT_VERB}\b(?![^“”\"]*,\s+{_SUBJECT_VERB}\b)"
    rf"|^((?:(?:A|An|One|Another)\s"
    rf"|The\s[^,“”\"]*?[a-z]s(?=\s+(?:of|from|at|in)\s|\s+(?:wrote|said)\b))"
    rf"[^,“”\"]*?)\s+(?:said|says|told|added|warned|insisted|welcomed|"
    r"estimated|described|called|urged|confirmed|denied|argued|explained|admitted|affirmed|"
    r"declared|stated|indicated|claimed|conceded|acknowledged|wrote|was|is|put|puts)\b"
)


# Head nouns of descriptions that are things, not people who can be quoted.
_NOT_A_SOURCE = re.compile(
    rf"^(?:{'|'.join(sorted(BODY_NOUNS))}|"
    r"assessment|report|study|survey|statement|plan|programme|program|clinic|section|"
    r"document|letter|memo|analysis|review|audit|note|email|post|video|decision|ruling|law|"
    r"bill|budget|project|scheme|loan|grant|package|deal|agreement|contract|proposal|"
    r"operation|investigation|inquiry|order|notice|release|update|estimate|figure|total|sum)"
    r"s?$"
)


def head_noun(description: str) -> str:
    """ "A manager at the plant, who …" → "manager"."""
    words = re.split(
        r"\s+(?:who|which|that|at|in|of|from|on|for|with)\s+|,", description, maxsplit=1
    )[0].split()
    return words[-1].lower() if words else ""


def _remember_described(sentence: str, memory: SpeakerMemory) -> bool:
    """Whether the sentence opens with someone described, not named, who speaks ("One of
    the freed workers, a nurse from Ravna, told a radio station …"): "she said" next is
    them, so it must not fall back to the last named speaker."""
    match = _DESCRIBED_SUBJECT.match(sentence)
    if not match:
        return False
    subject = match.group(1) or match.group(2)
    noun = head_noun(re.sub(r"\s+(?:has|have|had|was|were|is|are)$", "", subject))
    if _NOT_A_SOURCE.search(noun):
        return False  # "A joint damage assessment has found …": no one to quote
    if match.group(1) and subject.startswith("The ") and not unnamed_described(subject):
        return False  # "The ministry, …": only an unnamed person is remembered this way
    named = re.fullmatch(rf"(?P<role>(?:A|An)\s[^,]+),\s+(?P<name>{_NAME})", subject)
    ref = split_name_role(named.group("name")) if named else None
    if ref is not None and len(ref.name.split()) >= 2:
        # "A football finance lecturer at Holtby University, Dr Ben Asante, said": named
        memory.speaker, memory.attribution = PersonRef(ref.name, named.group("role")), ""
        memory.spoke = not _SPANS.search(sentence)
        return True
    described = unnamed_described(subject)
    if described:
        memory.described[head_noun(described)] = described
    memory.speaker = None
    memory.attribution = described or subject[0].lower() + subject[1:]
    memory.spoke = bool(re.search(rf"\b(?:{_VERBS})\b", sentence)) and not _SPANS.search(sentence)
    return True


def _described_again(frame_before: str, after: str, memory: SpeakerMemory) -> tuple[str, int]:
    """ "“…,” the manager said": the source described earlier, and the words used."""
    if not memory.described:
        return "", 0
    match = re.match(rf"^\s*,?\s*the\s+(\w+)\s+(?:{_VERBS})\b\.?", after, re.IGNORECASE)
    if match and match.group(1).lower() in memory.described:
        return memory.described[match.group(1).lower()], match.end()
    match = re.search(
        rf"(?:^|[.;]\s+)the\s+(\w+)\s+(?:{_VERBS})\s*[,:]?\s*$", frame_before, re.IGNORECASE
    )
    if match and match.group(1).lower() in memory.described:
        return memory.described[match.group(1).lower()], 0
    return "", 0


def _stamp_day(text: str) -> datetime.date | None:
    match = _on_date().search(f"on {text}")
    return month_day(match, None) if match else None


def _remember_subject(
    sentence: str,
    known: dict[str, PersonRef],
    memory: SpeakerMemory,
    post_date: datetime.date | None = None,
) -> None:
    """A sentence without a quote that opens with someone named ("The Greens' leader,
    Sofia Lindqvist, thanked volunteers"): "she said" next refers to them."""
    opening = " ".join(sentence.split()[:12])
    first: tuple[int, PersonRef] | None = None
    owner: tuple[int, PersonRef] | None = None
    for surname, ref in known.items():
        # "Lindqvist's deputy, Mats Ohlin, said": a possessive names no speaker while the
        # sentence names someone else; "Obuya's first test will be …" is still about Obuya.
        for match in re.finditer(rf"\b{re.escape(surname)}\b", opening):
            possessive = re.match(r"[’']", opening[match.end() :])
            best = owner if possessive else first
            if best is None or match.start() < best[0]:
                if possessive:
                    owner = (match.start(), ref)
                else:
                    first = (match.start(), ref)
    first = first or owner
    speaks = re.search(rf"\b(?:{_VERBS}|according to)\b", sentence, re.IGNORECASE)
    if first is None and speaks:
        # "Vaccine hesitancy is not the problem, according to Dr Ernesto Quiroga Vidal":
        # reported speech names its speaker anywhere; "Sawang said …" by a given name
        # only one person in the post has.
        given = {}
        for ref in known.values():
            given.setdefault(ref.name.split()[0], []).append(ref)
        for match in re.finditer(r"\b[A-Z][\w’'-]+\b(?![’'])", sentence):
            word = match.group(0)
            ref = known.get(word)
            if ref is None and len({r.name for r in given.get(word, [])}) == 1:
                ref = given[word][0]
            if ref is not None:
                first = (match.start(), ref)
                break
    if first is not None:
        memory.speaker, memory.attribution = first[1], ""
        speaks = re.search(rf"\b(?:{_VERBS})\b", sentence, re.IGNORECASE)
        memory.spoke = bool(speaks) and not _SPANS.search(sentence)


def unnamed_described(phrase: str) -> str:
    """The whole description when `phrase` describes an unnamed source, else ""."""
    phrase = phrase.strip().strip(",")
    # The field holds 255 characters; a longer description keeps its short form.
    if _UNNAMED.match(phrase) and says_anonymous(phrase) and len(phrase) <= 255:
        return phrase[0].lower() + phrase[1:]
    return ""


_INDEFINITE = re.compile(r"^(?:A|An|One|Another|Two|Three|Several|Some)\s+[a-z0-9]", re.IGNORECASE)


def _speaker(phrase: str, known: dict[str, PersonRef]) -> tuple[PersonRef | None, str]:
    phrase = phrase.strip().strip(",")
    described = unnamed_described(phrase)
    if described:
        return None, described
    if _INDEFINITE.match(phrase) and not split_name_role(phrase):
        # "A shopkeeper in Dorrin market told us:": someone described, never named.
        return None, phrase[0].lower() + phrase[1:]
    anonymous = anonymous_source(phrase)
    if anonymous:
        return None, anonymous
    ref = split_name_role(phrase)
    if ref is None:
        return _by_role(phrase, known), ""
    return _as_first_named(ref, known), ""


def _as_first_named(ref: PersonRef, known: dict[str, PersonRef]) -> PersonRef:
    """ "Blinken" after "US Secretary of State Antony Blinken": the person as the post first
    named them; the role given here counts when that mention gave none."""
    earlier = known.get(ref.name.split()[-1])
    if earlier and ref.name in (earlier.name, earlier.name.split()[-1]):
        return earlier if earlier.role else PersonRef(earlier.name, ref.role)
    return ref


def _by_role(phrase: str, known: dict[str, PersonRef]) -> PersonRef | None:
    """ "the defence minister": the one person named earlier with that role, else nobody."""
    match = re.fullmatch(r"the\s+([\w' -]{3,60})", phrase.strip(), re.IGNORECASE)
    if not match:
        return None
    role = match.group(1).lower()
    people = {ref for ref in known.values() if ref.role and ref.role.lower().endswith(role)}
    if not people:
        # "the minister" for a "Federal Minister for Finance and Revenue" (the title's head
        # word, before "for" or "of"), never "the executive" for a "Port Executive Director".
        head = rf"\b{re.escape(role)}(?:\s+(?:for|of)\b|$)"
        people = {ref for ref in known.values() if ref.role and re.search(head, ref.role.lower())}
    return people.pop() if len(people) == 1 else None


def _who_before(frame: str, sentence: str, known: dict[str, PersonRef]) -> str:
    # "An official, who asked not to be named because …, said:" — the whole clause is
    # the subject; only an unnamed source is taken this way, never a name in a clause.
    clause = re.sub(rf",?\s*\b(?:{_VERBS})\s*[,:]?\s*$", "", frame, flags=re.IGNORECASE)
    clause = re.split(r"(?<=[.;])\s+", clause)[-1]
    if clause != frame and (
        unnamed_described(clause) or anonymous_source(clause) or _INDEFINITE.match(clause)
    ):
        return clause
    named = _NAMED_THEN_CLAUSE.search(frame)
    if named and split_name_role(named.group("who")):
        return named.group("who")  # "Olympic medallist Tamsin Ekwueme, who …, said:"
    for pattern in (_ACCORDING, _WITH_PARTICIPLE):
        match = pattern.search(frame)
        if match:
            return match.group(1)
    if re.search(rf"\b(?:{_PARTICIPLES})\s*[,:]?\s*$", frame, re.IGNORECASE):
        return anonymous_source(sentence) or _subject(sentence)
    if frame.rstrip().endswith(":") and not re.search(rf"\b(?:{_VERBS})\s*:\s*$", frame):
        # "Varga was blunt: “…”" — a colon with no speech verb: the sentence's named subject.
        clause = re.split(r"(?<=[.;])\s+", frame.strip())[-1]
        if _INDEFINITE.match(clause):
            return ""  # "A KDCA office-bearer, who …, questioned the timing:": described
        subject = _named_opening(clause, known) or _subject(frame)
        return subject if len(subject.split()) >= 2 or subject in known else ""
    match = _WHO_VERB.search(frame)
    if match:
        who = match.group(1)
        last = who.split(",")[-1].strip()
        named = split_name_role(last)
        if named and len(named.name.split()) >= 2 and not anonymous_source(who):
            return last  # "Station officer Grace Mbeki told a meeting …:"
        return anonymous_source(who) or _subject(last) or who
    return ""


def _named_opening(clause: str, known: dict[str, PersonRef]) -> str:
    """The person a clause (not opening "A …": `_who_before` refuses those) opens with,
    title and all: "Club president Alenka Horvat is optimistic:", "County health executive
    Dr Wanjiru Kamau:"; "" if it opens otherwise."""
    if anonymous_source(clause):
        return ""  # "the aid worker with the Pacific Relief Alliance, …": nobody named
    words = []
    for word in clause.split()[:9]:
        words.append(word.rstrip(",:"))
        if word.endswith((",", ":")):
            break
    for end in range(len(words), 0, -1):
        if not words[end - 1][:1].isupper():
            continue
        if end < len(words) and words[end][:1].isupper():
            continue  # "The Cardenne Exporters’ Association": a body's name goes on
        ref = split_name_role(" ".join(words[:end]))
        if (
            ref
            and " ".join(words[:end]).endswith(ref.name)
            and (len(ref.name.split()) >= 2 or ref.name in known)
        ):
            return " ".join(words[:end])
    return ""


@functools.cache
def _on_date() -> re.Pattern[str]:
    """ "on 3 March", "on March 3, 2024": English month names from Babel's CLDR data."""
    months = "|".join(get_month_names("wide", locale="en").values())
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?:,?\s+(?P<year>\d{4}))?"
    return re.compile(
        rf"\bon\s+(?:{day}\s+(?P<month>{months})|(?P<month2>{months})\s+(?P<day2>\d{{1,2}})"
        rf"(?:st|nd|rd|th)?){year}\b"
    )


def month_day(match: re.Match[str], post_date: datetime.date | None) -> datetime.date | None:
    names = [name.lower() for name in get_month_names("wide", locale="en").values()]
    month = names.index((match.group("month") or match.group("month2")).lower()) + 1
    day = int(match.group("day") or match.group("day2"))
    try:
        if match.group("year"):
            return datetime.date(int(match.group("year")), month, day)
        if post_date is None:
            return None
        # No year: the last such date on or before the post's date.
        candidate = datetime.date(post_date.year, month, day)
        return candidate if candidate <= post_date else candidate.replace(year=post_date.year - 1)
    except ValueError:
        return None  # "on 31 February", or 29 February in a year without one


def _attached(frame: str, start: int) -> bool:
    """Whether the day at `start` belongs to the speaking, not to a clause about someone:
    "said on Tuesday" yes, "said Varga, who was elected on 3 March 2019" no."""
    prefix = frame[:start]
    verbs = list(re.finditer(rf"\b(?:{_VERBS}|{_PARTICIPLES}|speaking)\b", prefix, re.IGNORECASE))
    between = prefix[verbs[-1].end() :] if verbs else prefix
    return len(between) <= 100 and not re.search(
        r"\b(?:who|whom|whose|which|that|when|where|since|after|before)\b", between, re.IGNORECASE
    )


def said_on(
    frame: str, post_date: datetime.date | None, what: str = "date said"
) -> tuple[datetime.date | None, str]:
    """The day from "on Tuesday" or "on 3 March" in the words around a quote (or an
    announcement): the last such day up to the post's date, or the date as written
    with its year. When the text does not allow it, it stays empty, with a note for
    the report."""
    dated = next((m for m in _on_date().finditer(frame) if _attached(frame, m.start())), None)
    if dated:
        day = month_day(dated, post_date)
        return day, "" if day else f"{what} ({dated.group(0)!r}) to fill in: no year can be told"
    match = next((m for m in _ON_WEEKDAY.finditer(frame) if _attached(frame, m.start())), None)
    if not match:
        return None, ""
    if post_date is None:
        return None, f"{what} ({match.group(0)!r}) to fill in: the post has no date"
    weekday = _WEEKDAYS.index(match.group(1).lower())
    return post_date - datetime.timedelta(days=(post_date.weekday() - weekday) % 7), ""


def _named(name: str, role: str, known: dict[str, PersonRef]) -> PersonRef | None:
    ref = split_name_role(name.rstrip("."))
    if ref is None:
        return None
    role = re.sub(r"^(?:the|a|an)\s+", "", role.strip(), flags=re.IGNORECASE)
    # "a 34-year-old carpenter who was travelling home": the clause is not the role.
    role = re.split(r",?\s+(?:who|whom|whose|which)\b", role)[0]
    if re.match(r"(?:who|whom|whose|which|that|where|known)\b|\d|\w+ing\b", role, re.IGNORECASE):
        role = ""  # "Vesna Kral, whose house survived, said" or "Sam Pryde, 34,": no role
    return _as_first_named(PersonRef(ref.name, role or ref.role), known)


def _attribution_of(
    frame_before: str, after: str, sentence: str, known: dict[str, PersonRef]
) -> tuple[PersonRef | None, str, int]:
    """Who is quoted, and how much of `after` the attribution used (for split quotes)."""
    # "«…», told the agency Maria Medeiros": translated copy names the outlet first; read as
    # "said Maria Medeiros" (blanked to the same length, so offsets into `after` hold).
    after = _TOLD_OUTLET.sub(
        lambda m: m.group(1) + "said" + " " * (len(m.group(0)) - len(m.group(1)) - 4), after
    )
    # "„…” – said X": a dash for the comma; "declared on Friday the spokesman …, X",
    # "confided to the agency a senior officer": the day and the outlet are blanked (the
    # day still dates the quote, from the sentence).
    after = re.sub(r"^(\s*)[–—](?=\s)", r"\1,", after)
    after = _DAY_OR_OUTLET.sub(lambda m: m.group(1) + " " * len(m.group(2)), after)
    # "A spokesperson said on Sunday: “…”": the day is no part of who is speaking.
    frame_before = re.sub(
        rf"\b({_VERBS})\s+(?:on\s+\w+|yesterday|today|last\s+\w+)(\s*[,:]\s*)$",
        r"\1\2",
        frame_before,
        flags=re.IGNORECASE,
    )
    if _CUE_BEFORE.search(frame_before):
        appositive = _APPOSITIVE_BEFORE.search(frame_before) or _role_first(
            _ROLE_NAME_BEFORE.search(frame_before)
        )
        # "… and said, “…”" or "Lindqvist's deputy, Mats Ohlin, put it down to one issue:
        # “…”": the speaker is whom the sentence opened with.
        if not appositive and (
            _COORDINATED.search(frame_before) or frame_before.rstrip().endswith(":")
        ):
            appositive = _role_first(_OPENING_ROLE_NAME.match(frame_before)) or (
                _OPENING_NAME_ROLE.match(frame_before)
            )
        if appositive and not anonymous_source(appositive.group("name")):
            return _named(appositive.group("name"), appositive.group("role"), known), "", 0
        if _COORDINATED.search(frame_before):
            # "Mayor Tadeusz Wrona welcomed the help, but warned:": whom it opened with.
            opening = split_name_role(_subject(frame_before))
            if opening is not None:
                return _as_first_named(opening, known), "", 0
        who = _who_before(frame_before, sentence, known)
        speaker, attribution = _speaker(who, known) if who else (None, "")
        described = _DESCRIBED_SUBJECT.match(frame_before)
        subject = (described.group(1) or described.group(2)) if described else ""
        if subject.startswith("The ") and described.group(1) and not unnamed_described(subject):
            # "The charity’s founder, former goalkeeper Sam Okeke, said:": named at the end
            last = split_name_role(subject.split(",")[-1])
            if not speaker and last is not None and len(last.name.split()) >= 2:
                role = re.sub(r"^The\s+", "", subject.split(",")[0])
                speaker = _as_first_named(PersonRef(last.name, role), known)
            subject = ""
        if not speaker and subject and (not attribution or subject.lower().startswith(attribution)):
            # "A second official, from a country outside the Union, was more sceptical:"
            attribution = unnamed_described(subject) or subject[0].lower() + subject[1:]
        if not speaker and not attribution:
            body = _BODY_SAID.search(frame_before)
            attribution = _body_source(body.group("who"), known) if body else ""
        return speaker, attribution, 0
    described = _DESCRIBED_AFTER.match(after)
    if described and unnamed_described(described.group("who")):
        # "“…,” an aid worker, who asked not to be named for security reasons, said."
        return None, unnamed_described(described.group("who")), described.end()
    if described and not split_name_role(described.group("who").split(",")[0]):
        # "“…,” a boat owner in Kilwani, who lost two vessels, said on Monday.": someone
        # described, never named, clause and all.
        who = described.group("who").strip()
        if len(who) <= 255:
            return None, who[0].lower() + who[1:], described.end()
    according = _ACCORDING_AFTER.match(after)
    if according:
        who = according.group("who")
        if not unnamed_described(who):
            who = re.split(r",\s+(?:who|whose|which)\b", who)[0]  # "X, who runs the centre"
        appositive = re.match(rf"(?P<name>{_NAME}),\s+(?P<role>[^,]{{3,80}}?)(?:,|$)", who)
        if appositive and split_name_role(appositive.group("name")):
            # "according to Mirela Dosti, Tessair's chief executive, in a video message"
            return (
                _named(appositive.group("name"), appositive.group("role"), known),
                "",
                (according.end()),
            )
        speaker, attribution = _speaker(who, known)
        return speaker, attribution, according.end()
    appositive = (
        _APPOSITIVE_AFTER.match(after)
        or _VERB_NAME_ROLE.match(after)
        or _VERB_ROLE_NAME.match(after)
        or _role_first(_ROLE_NAME_AFTER.match(after))
    )
    if appositive:
        role = appositive.groupdict().get("role") or appositive.groupdict().get("role2") or ""
        return (
            _named(appositive.group("name"), role, known),
            "",
            appositive.end(),
        )
    cue = _AFTER.match(after)
    if not cue:
        return None, "", 0
    who = cue.group("who1") or cue.group("who2") or ""
    # "said Sellberg when he was asked about it": the name ends where the clause starts.
    who = re.split(
        r"\s+(?:when|as|after|before|while|during|in an?|at an?|at (?:the|his|her|their|its)|"
        r"in (?:the|his|her|their|its)|on|to|outside|from)\s",
        who,
    )[0]
    if cue.group("who1") and cue.group("role"):
        described = unnamed_described(f"{cue.group('who1')}, {cue.group('role')}")
        if described:
            return None, described, cue.end()
        # "said the geologist, who asked not to be named because …", "said his uncle,
        # who asked not to be named": an unnamed source the story knows by relation.
        whole = f"{cue.group('who1').strip()}, {cue.group('role').strip()}"
        if (
            re.match(r"(?:the|his|her|their)\s+[a-z]", cue.group("who1").strip())
            and re.match(r"who\b", cue.group("role").strip())
            and says_anonymous(cue.group("role"))
            and len(whole) <= 255
        ):
            return None, whole, cue.end()
    first = (cue.group("who1") or "").strip()
    if first and _INDEFINITE.match(first) and not split_name_role(first):
        # "said a volunteer coach at Brindle Park Ladies, one of the 46 clubs": someone
        # described, never named; the description runs on as the text writes it.
        role = (cue.group("role") or "").strip()
        description = f"{first}, {role}" if role else first
        if len(description) <= 255:
            return None, description[0].lower() + description[1:], cue.end()
    if cue.group("who1") and anonymous_source(cue.group("who1")):
        # "said one diplomat, who spoke on condition of anonymity": the clause is no role.
        return None, anonymous_source(cue.group("who1")) or "", cue.end()
    # "said Sam Pryde, 34, whose daughter …": an age or a clause is no role.
    relative = re.match(
        r"(?:who|whom|whose|which|known)\b|\d|\w+ing\b", cue.group("role") or "", re.IGNORECASE
    )
    name_last = (cue.group("role") or "").strip()
    if (
        cue.group("who1")
        and re.fullmatch(rf"{_NAME}", name_last)
        and 2 <= len(name_last.split()) <= 4
        and split_name_role(name_last) == PersonRef(name_last)
    ):
        # "said UNLO’s Director of Labour Migration, Priya Raman": the title, then the name
        title = re.sub(r"^the\s+", "", cue.group("who1").strip(), flags=re.IGNORECASE)
        return _as_first_named(PersonRef(name_last, title), known), "", cue.end()
    if cue.group("role") and cue.group("who1") and not relative:
        who = f"{cue.group('role').removeprefix('the ')} {who}"
    speaker, attribution = _speaker(who, known)
    if not speaker and not attribution:
        attribution = _body_source(who, known)
    return speaker, attribution, cue.end()


# Where words were said to, in translated copy: "told the agency", "said to the press".
_OUTLETS = (
    r"agency|newspaper|paper|press|broadcaster|radio|station|channel|daily|website|portal|"
    r"magazine|reporters|journalists"
)
_DAY_OR_OUTLET = re.compile(
    rf"^(\s*,?\s*(?:{_VERBS}))"
    r"((?:\s+(?:on|this|last)\s+(?:[A-Z]\w+|\d{1,2}\s+[A-Z]\w+)"
    r"(?:\s+(?:morning|afternoon|evening|night))?"
    rf"|\s+to\s+(?:the|a|an|our)\s+(?:{_OUTLETS}))+)(?=\s)"
)
_TOLD_OUTLET = re.compile(
    rf"^(\s*,?\s*)told\s+(?:the|a|an|our|this)\s+(?:{_OUTLETS})\s+(?=[A-Z]|the\s|a\s|an\s)"
)
# "A woman who gave only her first name, Olena, told our reporter": named, if only just.
_FIRST_NAME_ONLY = re.compile(
    r"\bgave\s+(?:only\s+)?(?:his|her|their)\s+(?:first\s+)?name(?:\s+only)?(?:\s+as)?\s*,?\s*"
    r"(?P<name>[A-Z][\w’'-]+)\b"
)


_BODY = re.compile(
    rf"^(?:the\s+)?(?:[\w’'&-]+\s+){{0,6}}?(?:{'|'.join(sorted(BODY_NOUNS))})$", re.IGNORECASE
)
_BODY_SAID = re.compile(
    r"(?:^|[.;]\s+)(?P<who>[^,.;“”\"«»]{2,90}?)\s+(?:said|says|stated|announced|wrote)"
    r"(?:\s+(?:in|on)\s+(?:a|an|its|their|the)\s+[\w\s-]{1,40}?)?\s*[,:]?\s*$",
    re.IGNORECASE,
)


def _body_source(who: str, known: dict[str, PersonRef]) -> str:
    """ "the military's media wing said in a statement": a body quoted, which the quote
    block carries as its attribution (no person), without a leading "the"."""
    who = who.strip().strip(",")
    if not who or any(surname in who for surname in known) or not _BODY.match(who):
        return ""
    return re.sub(r"^the\s+", "", who, flags=re.IGNORECASE)


def _role_first(match: re.Match[str] | None) -> re.Match[str] | None:
    """A role-then-name match, if the role reads as one (has a lower-case word, and is
    not itself a name or a clause)."""
    if match is None:
        return None
    role = match.group("role").strip()
    if not re.search(r"\b[a-z]", role) or re.search(r"\b(?:who|which|that|said)\b", role):
        return None
    return match


def _pronoun(frame_before: str, after: str) -> bool:
    """Whether the attribution is only "she said" / "he added" / "She told reporters:"."""
    pronouns = "|".join(PRONOUNS)
    return bool(
        re.match(rf"^\s*,?\s*(?:(?:{pronouns})\s+(?:{_VERBS})|(?:{_VERBS})\s+(?:{pronouns}))\b",
                 after, re.IGNORECASE)
        or re.search(rf"(?:^|[.;,]\s+|\b(?:later|then|afterwards|earlier)\s+)(?:{pronouns})\s+"
                     rf"(?:{_VERBS})(?:\s+[^,.;“”\"«»]{{1,40}}?)?\s*[,:]?\s*$",
                     frame_before, re.IGNORECASE)
        # "She is worried about the van:", "…, she was more guarded:": no speech verb,
        # but the colon hands the pronoun's subject the words.
        or re.search(rf"(?:^|[.;,]\s+)(?:{pronouns})\s+[^,.;:“”\"«»]{{1,60}}:\s*$",
                     frame_before, re.IGNORECASE)
    )  # fmt: skip


def _split_goes_on(sentence: str, spans: list[re.Match[str]], position: int) -> bool:
    """ "“The loan,” Aalto said, “is not a gift …”": a short first part whose sentence an
    attribution splits, going on in lower case."""
    if position + 1 >= len(spans) or not spans[position].group(0).rstrip('”"»“«').endswith(","):
        return False
    following = spans[position + 1]
    gap = sentence[spans[position].end() : following.start()]
    return following.group(0)[1:2].islower() and bool(
        re.fullmatch(rf"\s*[^.;“”\"«»]{{1,60}}?\b(?:{_VERBS})\b[^.;“”\"«»]{{0,40}}?,\s*", gap)
    )


def _continues_next(text: str, end: int) -> bool:
    """Whether the sentence after `end` is nothing but a quotation."""
    rest = text[end:].lstrip()
    following = next(iter(sentence_spans(rest)), None)
    if following is None:
        return False
    sentence = rest[following[0] : following[1]].strip()
    return _continues(sentence, list(_SPANS.finditer(sentence)))


def _continues(sentence: str, spans: list[re.Match[str]]) -> bool:
    """A sentence that is nothing but one quotation: the previous quote going on."""
    if len(spans) != 1:
        return False
    match = spans[0]
    return match.start() == 0 and not sentence[match.end() :].strip(" .,!?")


def find_quotes(
    text: str,
    known: dict[str, PersonRef],
    post_date: datetime.date | None = None,
    memory: SpeakerMemory | None = None,
    unattributed: list[str] | None = None,
) -> list[FoundQuote]:
    """At most one quote per sentence, in order; the rest of the paragraph is untouched.

    A full quotation nobody can confidently be given to stays prose and, when
    `unattributed` is passed, is added to it for the report.
    """
    memory = memory if memory is not None else SpeakerMemory()
    found: list[FoundQuote] = []
    for start, end in sentence_spans(text):
        sentence = text[start:end].strip()
        stamp = _TIMESTAMP.match(sentence)
        if stamp:
            sentence = sentence[stamp.end() :]
            if stamp.group("day"):
                memory.section_day = _stamp_day(stamp.group("day"))
                memory.stamped = True
        # "declared Mr. Costin": the stop of an abbreviated form of address ends nothing.
        sentence = re.sub(
            r"\b(Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Rev|Gov|Sen|Rep|Capt|Supt|Det|Maj|Cllr|Eng|Engr|"
            r"Atty|Hon|Smt|Sri|Fr|Insp|Amb)\.\s",
            r"\1 ",
            sentence,
        )
        sentence = _without_ages(sentence)
        spans = list(_SPANS.finditer(sentence))
        spoke_before, memory.spoke = memory.spoke, False
        described = _remember_described(sentence, memory)
        if found and found[-1].end == start and _continues(sentence, spans):
            # “…,” Jensen said. “Every family will have a bed.”: the words after the
            # attribution are the same quote, which the attribution split in two.
            second = next(g for g in spans[0].groups() if g is not None).strip()
            last = found[-1]
            last.text = f"{last.text} {second}".strip()
            last.end = end
            continue
        for position, match in enumerate(spans):
            quote = next(g for g in match.groups() if g is not None).strip()
            if not quote[:1].isupper():
                continue
            # A short quotation counts when it is a whole sentence someone said (“Pledges
            # are not water,” said …), never when it is a phrase inside a sentence.
            whole = quote[-1:] in ",.!?" and (
                len(quote.split()) >= 3
                or len(quote.split()) == 2
                and len(sentence[match.end() :].strip()) <= 40
            )
            if (
                len(quote.split()) < MIN_WORDS
                and not (
                    whole and (_AFTER.match(sentence[match.end() :]) or _continues_next(text, end))
                )
                and not _split_goes_on(sentence, spans, position)
            ):
                continue
            frame_before = sentence[: match.start()]
            after = sentence[match.end() :]
            if spoke_before and _continues(sentence, spans):
                # “Nine out of ten …” on its own, straight after "Oyelaran said most
                # infections were mild.": the words of whoever just spoke.
                speaker, attribution, used = memory.speaker, memory.attribution, 0
            elif _pronoun(frame_before, after):
                if memory.speaker is None and not memory.attribution:
                    # "she said" with nobody named before: not confidently anyone.
                    if unattributed is not None:
                        unattributed.append(quote)
                    continue
                speaker, attribution, used = memory.speaker, memory.attribution, 0
                cue = _AFTER.match(after)
                used = cue.end() if cue and not _CUE_BEFORE.search(frame_before) else 0
            else:
                speaker, attribution, used = _attribution_of(frame_before, after, sentence, known)
                again, again_used = _described_again(frame_before, after, memory)
                if again and speaker is not None and not _CUE_BEFORE.search(frame_before):
                    # "A board director, preferring anonymity, said …" then "“…,” the
                    # director said": the source just described, not a director named once.
                    speaker, attribution, used = None, again, again_used
            only = _FIRST_NAME_ONLY.search(attribution or "")
            if only and not speaker:
                speaker, attribution = PersonRef(only.group("name")), ""
            bare = re.fullmatch(r"the\s+(\w+)", attribution or "", re.IGNORECASE)
            if bare and bare.group(1).lower() in memory.described:
                attribution = memory.described[bare.group(1).lower()]  # "the official" again
            if not speaker and not attribution:
                attribution, used = _described_again(frame_before, after, memory)
            if attribution and unnamed_described(attribution):
                memory.described.setdefault(head_noun(attribution), attribution)
            if not speaker and not attribution:
                if unattributed is not None and (_CUE_BEFORE.search(frame_before) or used):
                    unattributed.append(quote)
                continue
            rest = after
            # "“We will not retreat,” said Varga, “and we will not forget.”": one quote.
            if used and position + 1 < len(spans):
                following = spans[position + 1]
                gap = sentence[match.end() + used : following.start()]
                # A second part in lower case goes on with the first, whatever the
                # attribution says in between ("in a statement posted on social media").
                lower = following.group(0)[1:2].islower()
                if re.fullmatch(r"\s*(?:on\s+\w+)?\s*[,:]?\s*", gap) or (
                    lower and re.fullmatch(r"[^.;“”\"«»]{0,80}?,\s*", gap)
                ):
                    second = next(g for g in following.groups() if g is not None).strip()
                    quote = f"{quote} {second}"
                    rest = sentence[match.end() : following.start()] + sentence[following.end() :]
            quote = quote.rstrip(",")
            context = re.sub(r"\s+", " ", (frame_before + " " + rest)).strip(" ,.:;")
            # Too long a frame means the sentence is doing more than introducing a quote.
            if len(context) > 255:
                continue
            day, note = said_on(context, post_date)
            # A quote that states no day was said on its live entry's day, or its
            # dateline's; but "she added" is a further remark, and "she said" after a
            # dateline may go on with reported speech from any day, so neither is dated
            # from more than its own words (the editor fills the day in).
            further = re.search(r"\badded\b", f"{frame_before[-40:]} {after[:30]}")
            pronoun = _pronoun(frame_before, after)
            if day is None and not note and not further and (memory.stamped or not pronoun):
                day = memory.section_day
            found.append(
                FoundQuote(
                    start, end, quote, speaker, attribution, context, day, [note] if note else []
                )
            )
            memory.speaker, memory.attribution = speaker, attribution
            break
        else:
            # No quote here (at most a phrase in quotation marks): whom it opens with
            # is whom "she said" next continues.
            if not described:
                _remember_subject(sentence, known, memory, post_date)
    return found
