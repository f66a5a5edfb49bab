"""Aid packages: an amount and currency, the donor, and the items listed with it."""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any

from babel import Locale

from news.importers.amounts import (
    FoundAmount,
    find_amounts,
    find_bare_amounts,
    house_dollar,
    parse_amount,
    writes_decimal_comma,
)
from news.importers.giving import is_given
from news.importers.people import PersonRef
from news.importers.quotes import said_on

__all__ = [
    "categorise",
    "find_aid_package",
    "find_aid_packages",
    "find_recipient",
    "parse_amount",
    "split_items",
    "sums_in",
]

AID_WORDS = re.compile(
    r"\b(aid|package|assistance|support|pledg\w*|donat\w*|grant|funding|tranche)\b", re.I
)
_LIST_CUES = (
    "such as", "including", "covering", "consisting of", "comprising", "includes",
    # What the money goes on, often in the next sentence: "The grant covers new cranes, …".
    "will pay for", "pays for", "to pay for", "covers", "will cover", "to cover", "will fund",
    "be spent on", "be used for", "go towards", "goes towards", "to buy", "to fund",
    "to replace", "will buy", "will go on", "destined for", "to be spent on",
)  # fmt: skip
# Givers named so briefly that the clause's subject does not find them ("the US has
# announced", "Germany pledged"). The match is kept as the text writes it ("US", not
# "United States"): nothing is renamed, and adjectives ("American") name no giver.
DONORS = (
    r"United States|U\.S\.|US|USA|United Kingdom|UK|Britain|European Union|EU|"
    r"European Commission|Germany|France|Canada|Japan|Poland|Norway|Sweden|Denmark|"
    r"Netherlands|Australia|NATO|World Bank|IMF|International Monetary Fund"
)
_DONOR = re.compile(rf"(?<![\w'’-])(?<!\w )(?:{DONORS})(?![\w'’-])")
# "EU Solidarity Fund", "US Agency for …": the short name begins a longer one.
_LONGER_NAME = re.compile(
    r"\s+(?:[A-Z][\w'’-]*\s+){0,3}?(?:Fund|Bank|Agency|Programme|Program|Foundation|Trust|"
    r"Facility|Office|Commission|Council|Mission|Fund for|Agency for)\b"
)
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


# Where a list of items ends and the sentence goes on about something else.
_LIST_END = re.compile(
    r",?\s+(?:to be|without|though|although|which|who|but|while|so that|in order|"
    r"after|before|as part of|according to)\b"
    r"|,\s+(?:and\s+)?(?:(?:the|a|an|its|their)\s+)?(?:[\w'’.-]+\s+){0,4}?"
    r"(?:would|will|said|says|confirmed|announced|agreed|added|reported|stated|told)\b"
    r"|,?\s+and\s+(?:said|says|promised|that|added|warned|announced|called|urged|"
    r"expects?|hopes?)\b"
    # "…, once a permanent agreement is signed", "…, most of them women"
    r"|,?\s+(?:once|neither|most of|some of|all of|each of|none of|ending|leaving)\b"
    # a verb: the sentence has moved on ("… drinking-water points was approved by …")
    r"|\s+(?:was|were|is|are|has|have|had)\s",
    re.IGNORECASE,
)


_WHEN = re.compile(
    r"\s+(?:until|during|through|throughout|over the (?:next|coming)|for the (?:first|next)|"
    r"(?:this|next|last)\s+(?:year|month|week|winter|summer|spring|autumn))\b[^,;]*$"
)


def split_items(listing: str) -> list[dict[str, Any]]:
    """ "stinger missiles, ammunition for HIMARS, drones, and land mines" → item dicts."""
    end = _LIST_END.search(listing)
    if end:
        listing = listing[: end.start()]
    # Commas inside brackets belong to the item, so hide them while splitting.
    protected = re.sub(r"\([^)]*\)", lambda m: m.group(0).replace(",", "\0"), listing)
    # When the money is spent is not part of what it buys ("agency nurses until summer").
    listing = _WHEN.sub("", listing)
    # "4,000 polling staff" is one figure, not two items.
    parts = re.split(r",(?!\d{3}\b)\s*(?:and\s+|or\s+)?|\s+and\s+|;\s*", protected)
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
    """A giver the text names briefly, as the text writes it, or ""."""
    # "US$640,000" names a currency, not a giver.
    text = re.sub(r"\b(?:US|A|C|NZ|HK|S)\$", "$", text)
    for match in _DONOR.finditer(text):
        if text[match.start() - 1 : match.start()].isalpha():
            continue
        if _LONGER_NAME.match(text, match.end()):
            continue  # part of a body's name, which the clause's subject gives in full
        return match.group(0)
    return ""


# Who gives, when the text names no donor we know: the subject of a funding verb at
# the start of a clause ("The regional council approved £7.5m …", "Jensen said the
# council would release …", "the ministry said it would lend …").
_FUNDING_VERB = (
    r"(?:also |now |formally |separately |then )?"
    r"(?:said (?:on \w+ )?(?:that )?(?:it|they) (?:would|will|was|were|is|are|had|has|"
    r"planned to|plans to|intends to|intended to) "
    # "is providing" gives; "was paid for" is passive and names no giver.
    r"|(?:has|have|had|will|would)\s+(?:(?:also|so far|separately|now|already|just|since|"
    r"recently|meanwhile|likewise|in turn|itself|themselves|\w+ly)\s+)?"
    r"|(?:is|are|was|were)\s+(?:(?:also|now|already)\s+)?(?=\w+ing\b)"
    r"|is to |are to )?"
    r"(?:also )?"
    r"(?:pledged?|committed?|approved?|allocated?|earmarked?|set aside|granted?|awarded?|"
    r"donated?|provided?|promised?|released?|release|offered?|unveiled?|announced?|agreed?|"
    r"voted through|shared out|put up|lend|lent|send|sent|give|gave|contribute|"
    r"contributed|pay|paid|invest(?:ed)?|raised|"
    r"sending|providing|giving|donating|offering|contributing|lending|releasing|"
    r"allocating|committing|granting|pledging|disbursed?|channel(?:led)?|hand(?:ed)?|add|"
    r"make|made|making|signed|top(?:ped)? up|topping up|given|rushed|rush|launched|launch|"
    r"handing|earmarking|adding|added|disbursing|setting aside|putting up|awarding|"
    r"approving|unveiling|announcing|launching|paying|investing|channelling|"
    r"sanction(?:s|ed|ing)?|extend(?:s|ed|ing)?|financ(?:e|es|ed|ing)|co-financ(?:e|es|ed|ing)|"
    r"agreed to (?:give|hand|lend|provide|pay|grant|contribute|release|send)|"
    r"chip(?:s|ped|ping)? in|put(?:s|ting)? in|match(?:es|ed|ing)?)"
)
# Spending is a package only when a public body or a charity spends on others ("City
# hall said it would spend up to €2.4m on fans"), never a company on itself.
_SPENDING = re.compile(
    r"^(?P<subject>(?:[Tt]he |[Aa] )?[\w'’.&-]+(?: [\w'’.&-]+){0,5}?)\s+"
    r"(?:said (?:on \w+ )?(?:that )?(?:it|they) (?:would|will|was|is|planned to) "
    r"|will |would |is to )?"
    r"(?:spend|spent|spending)\b"
)
_PUBLIC_BODY = re.compile(
    r"\b(?:council|city|city hall|town hall|government|ministry|authority|municipality|"
    r"state|region|agency|fund|foundation|charity|trust|commission|department|board|"
    r"administration|bank|union|federation|association|programme|program)$",
    re.IGNORECASE,
)
# A price, not a package: "agreed to buy Dunmore FC for €150m".
_PURCHASE = re.compile(
    r"\b(?:buy|bought|buying|purchas\w*|acquir\w*|sell|sold|selling|takeover|take over)\b",
    re.IGNORECASE,
)
# When the subject is a time or a manner, not part of the giver: "The council on
# Wednesday approved", "the city used the occasion to announce".
_TIME_TAIL = re.compile(
    r"\s+(?:on\s+\w+(?:\s+\d{1,2})?|yesterday|today|last\s+\w+|this\s+\w+|"
    r"earlier\s+\w+|in\s+(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December))$"
)
_TIME_HEAD = re.compile(
    r"^(?:(?:late|early|earlier|later)\s+)?(?:on\s+\w+|yesterday|today|last\s+\w+|"
    r"this\s+\w+|at\s+the\s+weekend|in\s+(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December|spring|summer|autumn|winter)"
    r"(?:\s+\d{4})?)\s*,?\s+",
    re.IGNORECASE,
)
_PHRASAL_TAIL = re.compile(
    r"^(?P<subject>.+?)\s+(?:\w+ed|plans?|uses?|wants?|hopes?|expects?|intends?|decided|"
    r"is|was|are|were|has|have|had|will|would|may|might|could|moved)\b.*\bto$"
)


_SUBJECT = re.compile(
    rf"(?P<subject>(?:[Tt]he |[Aa] |[Aa]n )?[\w'’.&-]+(?: [\w'’.&-]+){{0,11}}?)\s+{_FUNDING_VERB}\b"
)
_CLAUSE_START = re.compile(r"[,;:]\s+|\s[—–-]\s+|\b(?:and|while|but|said|says|that)\s+|[”\"]\s*")
# Words that show the "subject" is really a clause, a pronoun or a time, not a giver.
_NOT_A_GIVER = re.compile(
    r"\b(?:it|they|he|she|we|you|i|who|which|that|this|there|on|in|last|next|yesterday|"
    r"today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|said|says|after|"
    r"before|if|when|would|will|could|not|someone|somebody|anyone|anybody|everyone|"
    r"everybody|nobody|no one|people|officials|sources|reports|was|were|is|are|been|be)\b"
    # What is given is not who gives it: "Aid pledged so far", "Further funding released".
    r"|^(?:(?:the|further|more|new|extra|additional)\s+)*(?:aid|money|funding|funds|cash|"
    r"relief|support|help)$",
    re.IGNORECASE,
)


_BODY_NAME = r"(?:[Tt]he\s+)?[A-Z][\w'’.&-]*(?:\s+(?:[A-Z][\w'’.&-]*|of|for|and|de))*"
_APPOSITIVE = re.compile(r",\s+(?:(?:a|an|the|one of)\s|(?:which|who)\s)[^,;“”\"]{2,80},(?=\s)")
_WHICH = re.compile(rf"(?P<name>{_BODY_NAME}),\s+(?:which|who)\s+")


def subject_donor(sentence: str, amount_start: int) -> str:
    """The giver named as the subject of a funding verb before the amount, or "".

    The clause nearest the amount wins: "Jensen said the regional council would
    release £7.5m" names the council, not Jensen.
    """
    # "The Sorrel Trust, a charity based in Tarvos, will give": the appositive goes;
    # "the Gulf Development Fund, which announced": the name starts the clause.
    head = _APPOSITIVE.sub("", sentence[:amount_start])
    head = _WHICH.sub(r"; \g<name> ", head)
    starts = [0, *(m.end() for m in _CLAUSE_START.finditer(head))]
    for start in reversed(starts):
        match = _SUBJECT.match(head, start)
        if not match:
            continue
        subject = _TIME_TAIL.sub("", match.group("subject").strip())
        subject = _TIME_HEAD.sub("", subject)
        phrasal = _PHRASAL_TAIL.match(subject)
        if phrasal:
            subject = phrasal.group("subject")
        if _NOT_A_GIVER.search(subject) or not re.search(r"[A-Za-z]", subject):
            continue
        return re.sub(r"^(?:[Tt]he|[Aa]n?) ", "", subject)
    return ""


def spending_donor(sentence: str, amount_start: int) -> str:
    """A public body or charity that spends the amount, when the clause says so, or ""."""
    head = sentence[:amount_start]
    starts = [0, *(m.end() for m in _CLAUSE_START.finditer(head))]
    for start in reversed(starts):
        match = _SPENDING.match(head, start)
        if match:
            subject = _TIME_TAIL.sub("", match.group("subject").strip())
            if _PUBLIC_BODY.search(subject) and not _NOT_A_GIVER.search(subject):
                return re.sub(r"^(?:[Tt]he|[Aa]n?) ", "", subject)
    return ""


# The giver after the amount: a grant "from the Nordic Lung Foundation", "… will come
# from the Meridian Vaccine Alliance", "€800,000 has been pledged by the regional
# government of Upper Oskvar".
_GIVER_NAME = (
    r"(?:the\s+)?(?P<name>[A-Z][\w'’.&-]*(?:\s+(?:[A-Z][\w'’.&-]*|of(?:\s+the)?|for|and|de))*)"
)
_FROM_GIVER = re.compile(rf"^[^.;]*?\bfrom\s+{_GIVER_NAME}")
_BY_GIVER = re.compile(
    rf"^[^.;]*?\b(?:has|have|had|was|were|is|are|will|would|being)\s+(?:\w+\s+)?"
    rf"(?:been\s+|be\s+)?(?:\w+ed|given|lent|sent|made available)\s+by\s+{_GIVER_NAME}"
)
# "… regional government of Upper Oskvar": lower-case words that begin a body's name.
_LOWER_BODY = re.compile(
    r"^[^.;]*?\bby\s+the\s+(?P<name>(?:(?:regional|national|state|city|county|provincial|"
    r"federal|local)\s+)?(?:government|council|authority|administration|ministry)"
    r"(?:\s+of\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?)"
)


def giver_after(text: str) -> str:
    match = _BY_GIVER.match(text) or _FROM_GIVER.match(text) or _LOWER_BODY.match(text)
    return match.group("name").strip().rstrip(".") if match else ""


# "… $40 million to the health ministry of Tamaro for …": a named receiver after the
# amount. "to" followed by a lower-case word is an infinitive ("to support"), not one.
# Verbs that make "to …" a purpose ("to repair the depot"), not someone receiving.
_PURPOSE_VERBS = (
    r"support|help|fund|pay|cover|buy|build|rebuild|repair|provide|restore|improve|expand|"
    r"open|train|hire|moderni[sz]e|replace|upgrade|fight|tackle|ease|reduce|protect|keep|"
    r"create|boost|strengthen|finance|meet|compensate|prevent|clean|house|feed|treat|"
    r"vaccinate|equip|run|maintain|develop|deliver|set|make|cut|secure|speed|bring|be|"
    r"cope|deal|contain|stop|control|respond|recover|restart|reopen|launch|hold|carry|"
    r"extend|continue|add|raise|stabili[sz]e|shore|prop|plug|settle|clear|relieve"
)
_RECEIVER_END = (
    r"(?=\s+(?:for|to|over|in order|so that|which|who|as|by|after|before|on|from)\b|[,.;:]|$)"
)
_TO_RECEIVER = re.compile(rf"\bto\s+(?P<name>the\s+[^,.;:()]+?|[A-Z][^,.;:()]*?){_RECEIVER_END}")
# "in grants to fishing cooperatives": a receiver in lower case, straight after the money.
_LOWER_END = _RECEIVER_END.replace("|by|", "|since|until|from|")
_TO_LOWER_RECEIVER = re.compile(
    rf"^\s*(?:available\s+)?(?:in\s+(?:[a-z-]+\s+){{1,3}})?to\s+(?!(?:{_PURPOSE_VERBS})\b)"
    rf"(?P<name>[a-z0-9][\w-]*\s+[^,.;:()]+?){_LOWER_END}"
)
# "for grassroots clubs across the county", "for Calloway County": "for" a group or a
# named place or body is who receives; "for tents" or "for clean-up" is what it buys.
_GROUPS = (
    r"families|households|businesses|firms|companies|shops|traders|farmers|growers|"
    # Not hospitals, clinics or schools: "for field hospitals" is what the money buys.
    r"fishermen|clubs|municipalities|communes|councils|"
    r"communities|charities|organisations|organizations|victims|survivors|refugees|"
    r"people|residents|workers|exporters|cooperatives|co-operatives|districts|regions|"
    r"provinces|resorts|operators|students|pupils|patients|pensioners|tenants|owners|"
    r"producers|artists"
)
_FOR_RECEIVER = re.compile(
    rf"^\s*(?:on\s+\w+\s+)?(?:in\s+)?(?:[a-z-]+\s+){{0,3}}?for\s+(?P<name>(?:the\s+)?"
    rf"(?:(?!(?:in|of|for|on|at|and|to)\b)[\w’'-]+\s+){{0,3}}?(?:{_GROUPS})\b[^,.;:()]*?"
    rf"|(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*){_LOWER_END}"
)
# "signed a loan agreement for €180 million with the health ministry".
_WITH_RECEIVER = re.compile(
    r"^\s*(?:\w+\s+){0,2}?with\s+(?P<name>the\s+[^,.;:()]+?|[A-Z][^,.;:()]*?)"
    rf"{_RECEIVER_END}"
)
# "top up the budgets of the three Dellmoor hospitals by €1,5 million".
_TOPPED_UP = re.compile(
    r"\btop(?:ped|ping)?\s+up\s+(?:the\s+)?(?:(?:budgets?|funds?|accounts?)\s+of\s+)?"
    r"(?:the\s+)?(?P<name>[^,.;]+?)\s+by\s*$"
)
# "to" after these is no receiver: "according to the ministry", "up to €2m".
# and neither is it after what is done to a thing: "repairs to the ferry ramp".
_NOT_RECEIVING = {
    "according", "due", "close", "up", "compared", "next", "how", "seeks", "repairs", "repair",
    "improvements", "upgrades", "damage", "access", "changes", "additions", "extensions",
    "links", "connections", "visits", "trips", "travel", "return", "roads", "routes",
}  # fmt: skip


# "… to be shared among the eleven resorts in the upper valleys": receivers named later.
_SHARED_AMONG = re.compile(
    r"\b(?:shared|divided|split|distributed|spread)\s+(?:out\s+)?(?:among|amongst|between)\s+"
    r"(?P<name>the\s+[^,.;:()]+)"
)


# "The fund will lend Marenland USD 3.2bn": the receiver between the verb and the amount.
_INDIRECT_RECEIVER = re.compile(
    r"\b(?:lend|lent|lending|give|gave|giving|grant|granted|granting|award|awarded|awarding|"
    r"send|sent|sending|offer|offered|offering|pay|paid|paying|hand|handed|handing)\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}"
    rf"|(?:[a-z-]+\s+){{0,2}}(?:{_GROUPS}))\s+(?:\S+\s+){{0,3}}$"
)
# "The Kessa Regional Authority will receive up to €12m": the receiver is the subject.
_RECEIVING_SUBJECT = re.compile(
    rf"(?:^|[,;]\s+)(?P<name>{_BODY_NAME})\s+(?:will |would |is to |are to |has |have |had )?"
    r"(?:receive[sd]?|get|gets|got|be given|been given)\s+(?:\S+\s+){0,3}$"
)


def receiver_after(text: str, head: str = "") -> str:
    agreement = re.search(r"\b(?:agreement|deal|accord)\b", head + text[:40])
    listed = _FOR_RECEIVER.match(text)
    if listed and re.match(
        r",\s+(?!(?:covering|including|such|to|which|who|whose|with|as|after|but|while|so|in|"
        r"on|the|its|their|a|an|it|he|she|they|said|says|according)\b)[^,.;]+?(?:,\s+[^,.;]+?)*"
        r",?\s+(?:and|or)\s",
        text[listed.end() :],
    ):
        listed = None  # "for mobile clinics, evening appointments and leaflets": items
    match = (
        (
            _TO_LOWER_RECEIVER.match(text)
            or _SHARED_AMONG.search(text)
            or listed
            or (_WITH_RECEIVER.match(text) if agreement else None)
        )
        or next(
            (
                m
                for m in _TO_RECEIVER.finditer(text)
                if text[: m.start()].split()[-1:] not in (*([w] for w in _NOT_RECEIVING),)
                # "for a chairlift to the start tower": "to" inside the purpose is a place
                and not re.search(r"\bfor\b", text[: m.start()])
                # "to cover coach travel on a visit to the regional assembly": a purpose's place
                and not re.search(r"\bto\s+(?!the\b)[a-z]+\b", text[: m.start()])
            ),
            None,
        )
    )
    match = match or _SHARED_AMONG.search(text)
    if not match:
        return ""
    return re.sub(r"^the\s+", "", match.group("name").strip())


def receiver_before(head: str) -> str:
    match = (
        _INDIRECT_RECEIVER.search(head)
        or _RECEIVING_SUBJECT.search(head)
        or _TOPPED_UP.search(head)
    )
    return re.sub(r"^[Tt]he\s+", "", match.group("name").strip()) if match else ""


# Money that is no package: what something costs, loses or earns.
_NOT_GIVEN = re.compile(
    r"\b(?:cost(?:s|ing)?|losing|lost|losses|loss of|fined?|fines|salar(?:y|ies)|wages?|"
    r"prices?|priced|budget of|revenue|turnover|earn(?:s|ed|ing)?|worth of damage|"
    r"damage (?:of|estimated)|bill of|ransom)\b[^.;]{0,40}$",
    re.IGNORECASE,
)
# "paid $450,000 in January to sign a striker": a fee, not a gift.
_TO_BUY = re.compile(r"[^.;]{0,20}?\bto\s+(?:sign|buy|acquire|hire|bring in)\b")
_PER_UNIT = re.compile(
    r"\s*(?:for\s+)?(?:a|an|per|each|every)\s+(?:[a-z-]+\s+){0,2}?"
    r"(?:visit|day|week|month|year|hour|night|ticket|head|person|patient|pupil|household|"
    r"game|match|season|litre|kilo|tonne|share|unit)\b"
)
_OWN_MONEY = re.compile(
    r"[^.;]{0,30}?\bfrom\s+(?:the\s+sale\s+of|its\s+own|their\s+own|reserves|savings|"
    r"ticket\s+sales|its\s+reserves)\b"
)
# A sum without a currency is money only straight after giving it: "has earmarked 450k",
# "a grant of 250 thousand", "pledged a further 150,000".
_GIVEN_BARE = re.compile(
    rf"\b(?:{_FUNDING_VERB}|(?:grant|loan|package|funding|donation|aid|support|top-up)\s+"
    r"(?:of|worth)|worth)\s+"
    # "had given the electoral commission a further 2.4 million", "give the hub 12,000":
    # the receiver between
    r"(?:(?:[\w’'-]+\s+){0,4}?(?:a\s+further|an\s+extra|an\s+additional|another)\s+"
    r"|(?:the|its|their)\s+[\w’'-]+\s+|[A-Z][\w’'-]+\s+(?:[A-Z][\w’'-]+\s+)?)?"
    r"(?:(?:up to|more than|over|at least|almost|nearly|about|around|some|close to)\s+)?$"
)
# Boundaries between clauses that may each announce their own package.
_CLAUSE_BREAK = re.compile(
    r",?\s+(?:while|whereas)\s+|;\s+|,\s+and\s+(?=(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*"
    r"\s+(?:has|have|had|will|is|are|was|were|said|pledged|gave|approved|announced)\b)"
)
# Generic words for a giver the text named in full earlier ("the fund").
_GENERIC_GIVERS = {
    "fund", "bank", "council", "ministry", "trust", "foundation", "agency", "charity",
    "government", "authority", "alliance", "union", "commission", "partnership",
}  # fmt: skip


def _full_name_of(generic: str, post_text: str) -> str:
    """ "fund" → "Global Stability Fund" when the post names exactly one such fund."""
    word = generic.split()[-1].lower()
    if generic.lower() != word or word not in _GENERIC_GIVERS or not post_text:
        return generic
    names = {
        m.group(0)
        for m in re.finditer(
            rf"\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+{word.capitalize()}\b", post_text
        )
        if not m.group(0).startswith("The ")
    }
    return names.pop() if len(names) == 1 else generic


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


# A recipient that is really a purpose: work, a phase, running costs.
_PURPOSE = re.compile(
    r"^(?:(?:a|an|the|its|their|this)\s+)?(?:[\w’'-]+\s+){0,3}?(?:construction|operations?|phases?|"
    r"repairs?|maintenance|running|works?|training|research|purchases?|expansion|upgrades?|"
    r"refurbishment|renovation|rebuilding|reconstruction|costs?|salaries|equipment|recovery|"
    r"response|appeal|projects?|programmes?|programs?|schemes?|campaign|efforts?|initiative)\b"
    # "to fly the squad", "to jump-start the response": what the money does
    r"|^(?:fly|jump-start|help|pay|buy|build|repair|cover|support|fund|rebuild|restore|run|"
    r"keep|bring|send|train|hire|replace|upgrade|clear|feed)\b"
)
# Givers named only by what they are, in the plural: no donor the block can carry.
_UNNAMED_GIVERS = re.compile(
    r"^(?:(?:international|foreign|western|private|other|some|several|many)\s+)?"
    r"(?:donors|donor countries|donor governments|governments|partners|countries|lenders)\b",
    re.IGNORECASE,
)


def sums_in(sentence: str, comma: bool = False, dollar: str = "") -> list[FoundAmount]:
    """The sums a sentence may give, in order: every amount written with a currency, and
    a sum without one straight after giving it ("has earmarked 450k")."""
    amounts = find_amounts(sentence, comma, dollar)
    amounts += [
        bare
        for bare in find_bare_amounts(sentence, comma)
        if _GIVEN_BARE.search(sentence[: bare.start])
        and not any(f.start < bare.end and bare.start < f.end for f in amounts)
    ]
    return sorted(amounts, key=lambda f: f.start)


def find_aid_packages(
    sentences: list[str],
    known: dict[str, PersonRef],
    lede: str = "",
    post_date: datetime.date | None = None,
    post_text: str = "",
) -> list[dict[str, Any]]:
    """The aid packages a paragraph's sentences announce, in order.

    Every value comes from the text: the recipient from this paragraph or else the
    post's first paragraph, and is left empty when neither names one. What the text
    qualified ("up to €2bn") is kept under `_notes` for the import report. A sentence
    announces more than one only when each clause names its own giver ("USD 4.75mn
    will come from X, while USD 850k has been committed by Y").
    """
    packages = []
    whole = post_text or " ".join(sentences)
    comma, dollar = writes_decimal_comma(whole), house_dollar(whole)
    for index, sentence in enumerate(sentences):
        breaks = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(sentence)), len(sentence)]
        taken: set[int] = set()
        for found in sums_in(sentence, comma, dollar):
            clause = max(b for b in breaks[:-1] if b <= found.start)
            end = min(b for b in breaks[1:] if b > found.start)
            package = _package(
                sentence, found, (clause, end), sentences[index + 1 :], known, lede,
                post_date, post_text, sentences, own_giver=bool(taken),
            )  # fmt: skip
            if package is not None:
                taken.add(clause)
                packages.append(package)
    return packages


def find_aid_package(
    sentences: list[str],
    known: dict[str, PersonRef],
    lede: str = "",
    post_date: datetime.date | None = None,
) -> dict[str, Any] | None:
    """The first package the sentences announce, or None."""
    packages = find_aid_packages(sentences, known, lede, post_date)
    return packages[0] if packages else None


def _package(
    sentence: str,
    found: FoundAmount,
    clause: tuple[int, int],
    following: list[str],
    known: dict[str, PersonRef],
    lede: str,
    post_date: datetime.date | None,
    post_text: str,
    sentences: list[str],
    own_giver: bool,
) -> dict[str, Any] | None:
    if not is_given(sentence, found.start, found.end, bare=not found.currency):
        return None  # a price, a cost, a loss, a cap, an appeal's target: nothing given
    head = sentence[clause[0] : found.start]
    tail = sentence[found.end : clause[1]]
    named = subject_donor(head, len(head))
    if (
        named
        and re.search(r"\braised\s+\S*\s*$", head)
        and not re.match(r"\s*(?:towards?|for)\b", tail)
    ):
        named = ""  # "raised €50m" from investors; a charity raises money towards a cause
    if (
        named
        and re.search(r"\bma(?:ke|de|king)\s+\S*\s*$", head)
        and not re.match(r"[^.;]{0,40}\bavailable\b", tail)
    ):
        named = ""  # only "make €15m available" gives anything
    spender = "" if named else spending_donor(head, len(head))
    named = named or spender
    after = giver_after(tail)
    # No giver named is no reason to drop the package: the donor stays empty for the
    # editor to fill in, and the report says so.
    donor = _donor(head) or named or after or ("" if own_giver else _donor(sentence))
    donor = _full_name_of(donor, post_text) if donor else ""
    # "The board of the Harwick Football Trust approved": the trust gives.
    donor = re.sub(
        r"^(?:(?:executive|governing)\s+)?(?:board(?:\s+of\s+directors)?|trustees|directors)"
        r"\s+of\s+(?:the\s+)?",
        "",
        donor,
        flags=re.IGNORECASE,
    )
    # "Northern Investment Bank’s board"; "the humanitarian charity Harbourlight".
    donor = re.sub(r"[’']s\s+(?:board|trustees|directors)$", "", donor)
    donor = re.sub(
        r"^(?:[a-z-]+\s+){0,2}(?:charity|foundation|organisation|organization|group|agency|"
        r"lender|bank|fund|nonprofit|non-profit|NGO)\s+(?=[A-Z])",
        "",
        donor,
    )
    items: list[dict[str, Any]] = []
    rest = " ".join([tail, *following])
    for cue in _LIST_CUES:
        listed = re.search(rf"\b{cue}\s+([^.;:]+)", rest, re.IGNORECASE)
        if listed:
            items = split_items(listed.group(1))
            break
    else:
        # "£7.5m for clean-up, temporary housing and replacement boilers": a list.
        listed = re.search(r"\bon\s+([^.;:]+)" if spender else r"\bfor\s+([^.;:]+)", tail)
        listed_items = split_items(listed.group(1)) if listed else []
        # One purpose ("for ski resorts hit by …") is no list of things supplied.
        items = listed_items if len(listed_items) > 1 else []
    announced_by, announced_on, notes = None, None, []
    if re.search(r"announc|unveil|pledg|approv", sentence, re.IGNORECASE):
        announced_by = next((ref for surname, ref in known.items() if surname in sentence), None)
        # "announced on Tuesday": dated from the post, as quotes are.
        announced_on, note = said_on(sentence, post_date, "announced on")
        notes.extend([note] if note else [])
    recipient = (
        receiver_after(tail, head)
        or receiver_before(head)
        or find_recipient(" ".join(sentences), donor)
        or find_recipient(lede, donor)
    )
    if _PURPOSE.match(recipient):
        recipient = ""  # "for construction and the first three years": what it pays for
    if _UNNAMED_GIVERS.match(donor) or re.match(r"[a-z]+ed\b", donor):
        # "Donors at a one-day conference" names no giver; "signed an executive order" is
        # a verb phrase, not a giver.
        donor = ""
    if found.qualifier:
        notes.append(f"amount given as {found.written!r}: the figure is recorded, check it")
    if found.unsure:
        notes.append(f"amount written with {found.unsure!r}, which several currencies use")
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
