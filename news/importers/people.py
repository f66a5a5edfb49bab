"""Who is speaking: a name split from its role, anonymous sources told apart from people."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["BODY_NOUNS", "PersonRef", "anonymous_source", "people_in", "split_name_role"]

# Capital letters of the Latin alphabets names are written in ("Élise", "Łukasz").
UPPER = "".join(chr(c) for c in range(0x41, 0x250) if chr(c).isupper())
_LOWER = r"(?:[^\W\d_]|[’'-])"

# Words that make a title rather than a name ("US Secretary of State Antony Blinken").
ROLE_WORDS = {
    "president", "president-elect", "chancellor", "secretary", "minister", "prime", "general",
    "ambassador", "spokesperson", "spokesman", "spokeswoman", "commander", "chief", "mayor",
    "governor", "senator", "envoy", "premier", "king", "queen", "director", "chair",
    "chairman", "chairwoman", "leader", "foreign", "defence", "defense", "state", "head",
    "councillor", "councilor", "judge",
    # Occupations written as a title before a name ("Farmer Jovan Petric"); as the
    # last word of a name they stay a surname ("Mary Farmer").
    "farmer", "midwife", "nurse", "teacher", "doctor", "surgeon", "firefighter", "driver",
    "engineer", "volunteer", "resident", "student", "coach", "captain", "pilot", "fisherman",
    "shopkeeper", "pensioner", "miner", "paramedic", "pharmacist", "lawyer", "economist",
    "analyst", "researcher", "scientist", "professor", "activist", "campaigner",
    "co-leader", "skipper", "striker", "midfielder", "defender", "winger", "goalkeeper",
    "substitute", "treasurer", "deputy", "vice-president",
    "colonel", "major", "lieutenant", "sergeant", "admiral", "brigadier", "commissioner",
    "inspector", "superintendent", "constable", "officer", "prefect", "bishop",
    "chairperson", "undersecretary", "under-secretary", "adviser", "advisor", "collector",
    "executive", "registrar", "magistrate", "director-general", "secretary-general",
    "attorney", "solicitor", "auditor", "clerk", "principal", "warden", "founder",
    # Agency-style abbreviated titles ("Gov. Dana Whitfield", "Sen. Luis Ortega").
    "gov", "sen", "rep", "capt", "supt", "det", "maj", "col", "lt", "sgt",
}  # fmt: skip
# Forms of address, not part of the name a Person is filed under ("Dr Samuel Ntaganda").
# "Cllr" too: the corpus's sub-editors file "Cllr Ravi Mistry" as Ravi Mistry with no role,
# and "Councillor" spelled out as a role.
HONORIFICS = {
    "dr", "dr.", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "sir", "dame",
    "cllr", "cllr.", "eng", "eng.", "engr", "engr.", "atty", "atty.", "hon", "hon.",
    # Forms of address of other Englishes: South Asian, West African, Gulf, Malaysian,
    # Fijian, Thai ("Shri Arvind Kujur", "Alhaji Sani Dankano", "HE Sheikha Latifa …").
    "shri", "sri", "smt", "smt.", "kumari", "alhaji", "alhaja", "hajia", "haji", "hajjah",
    "sheikh", "sheikha", "h.e.", "datuk", "dato", "dato'", "datin", "khun", "adi", "ratu",
}  # fmt: skip
# "HE" (His or Her Excellency) only in capitals: "He" opens sentences.
_CAPITAL_HONORIFICS = {"HE", "H.E."}
# Lower-case words inside Arabic, Iberian, Dutch and other names ("Hamad bin Saleh Al
# Kharusi", "Rosa de la Vega"): part of the name between two capitalised words.
NAME_PARTICLES = {
    "bin", "bint", "binti", "ibn", "bte", "de", "da", "di", "del", "della", "dos", "das",
    "van", "von", "der", "den", "la", "le", "y",
}  # fmt: skip


def is_address(word: str) -> bool:
    """A form of address, not part of a name: "Dr", "Cllr", "Shri", "HE"."""
    return word.lower() in HONORIFICS or word in _CAPITAL_HONORIFICS


# Capitalised words that open a sentence rather than a name.
_OPENERS = {
    "in", "the", "a", "an", "meanwhile", "furthermore", "instead", "notably", "according",
    "but", "and", "on", "at", "after", "during", "while", "when", "today", "yesterday",
}  # fmt: skip
_AFFILIATION = re.compile(
    rf"^(?P<core>.*?\b[{UPPER}][\w’'.-]+\s+[{UPPER}][\w’'.-]+)\s+(?:of|from|at)\s+(?:the\s+)?"
    rf"[{UPPER}][\w’'.-]*(?:\s+(?:[{UPPER}][\w’'.-]*|of|the|and|for))*$"
)
_COUNTS = {"one", "two", "three", "four", "another", "several", "some", "many", "most", "all"}
_ANONYMOUS = re.compile(
    r"^(?:a|an|the|one|two|three|several)\s+(?:[\w.-]+\s+){0,4}?"
    r"(?P<head>officials?|diplomats?|sources?|officers?|aides?|spokesperson|adviser|advisor|"
    r"lawmakers?|analysts?|person|people)\b",
    re.IGNORECASE,
)
_ROLE_ALTERNATIVES = "|".join(sorted(ROLE_WORDS, key=len, reverse=True))
# Names and titles, with titles written in lower case too ("Port director Ingrid Haugen").
_TOKEN = rf"(?:[{UPPER}][\w’'.-]*|(?:{_ROLE_ALTERNATIVES})\b)"
_CAPITALISED_RUN = re.compile(rf"{_TOKEN}(?:\s+(?:of\s+(?:the\s+)?)?{_TOKEN})*")


@dataclass(frozen=True)
class PersonRef:
    """A named speaker found in the text, resolved to a Person snippet when saved."""

    name: str
    role: str = ""


def _strip_possessive(word: str) -> str:
    return re.sub(r"[’']s$", "", word)


def anonymous_source(phrase: str) -> str | None:
    """ "a senior NATO diplomat" (an attribution, not a Person) or None."""
    match = _ANONYMOUS.match(phrase.strip())
    if not match:
        return None
    text = phrase.strip()[: match.end()]
    return text[0].lower() + text[1:]


def split_name_role(phrase: str) -> PersonRef | None:
    """ "German Chancellor Olaf Scholz" → PersonRef("Olaf Scholz", "German Chancellor")."""
    phrase = phrase.strip().strip(",")
    ref = _split_name_role(phrase)
    # "Mayor Hélène Varga of Lérac", "Battalion Chief Marisol Vega of the State Forestry
    # Department": where the person is from follows the name and is neither name nor role
    # (but "US Secretary of State Antony Blinken" reads as it stands).
    affiliated = _AFFILIATION.match(phrase) if ref is None else None
    return _split_name_role(affiliated.group("core")) if affiliated else ref


def _split_name_role(phrase: str) -> PersonRef | None:
    words = phrase.split()
    # "a spokesman for the supporters' group Blue Wall": someone described by a body
    # whose name ends the phrase; the capitals are the body, and the person is unnamed.
    if (
        words
        and words[0].lower() in ("a", "an")
        and any(re.fullmatch(_PREPOSITIONS, w.lower()) for w in words[1:-1])
    ):
        return None
    while words and words[0].lower() in _OPENERS:
        words = words[1:]
    # "one nine-year-old Cub", "two Labour councillors": people counted, not named.
    if not words or words[0].lower() in _COUNTS:
        return None
    # "Superintendent of Police Shri Arvind Kujur", "Local GP Dr Ruth Ansah": a form of
    # address after a title starts the name, whatever the title is made of.
    address = next((i for i, w in enumerate(words[1:-1], 1) if is_address(w)), None)
    if address is not None and not is_address(words[address - 1]):
        name = [w for w in words[address:] if not is_address(w)]
        if 1 <= len(name) <= 6 and all(_name_word(w, name) for w in name):
            return PersonRef(
                " ".join(_strip_possessive(w) for w in name), " ".join(words[:address])
            )
    last_role = max((i for i, w in enumerate(words[:-1]) if w.lower() in ROLE_WORDS), default=-1)
    # "harbourmaster Joren Alt", "café owner Greta Sund": words in lower case before
    # the name are its title too (but not "bin" in "Hamad bin Saleh Al Kharusi").
    lower = max(
        (
            i
            for i, w in enumerate(words[:-1])
            if w[:1].islower()
            and not (
                w in NAME_PARTICLES
                and i > 0
                and (words[i - 1][:1].isupper() or words[i - 1] in NAME_PARTICLES)
            )
        ),
        default=-1,
    )
    last_role = max(last_role, lower)
    # "women's captain Aoife Brennan": a possessive in the role is kept as written.
    name, role = [_strip_possessive(w) for w in words[last_role + 1 :]], words[: last_role + 1]
    # "Minister for Enterprise Niamh Culhane": a title ending "of"/"for" takes the
    # capitalised words after it, all but the last two, which are the name.
    if role and role[-1].lower() in ("of", "for", "and") and len(name) >= 3 and len(role) >= 1:
        if role[0][:1].isupper() and role[0].lower() in ROLE_WORDS | {"leader", "head"}:
            role, name = role + words[last_role + 1 : -2], name[-2:]
    # "a schoolteacher in Upper Tarsena", "a volunteer coach at Brindle Park Ladies": the
    # capitals after a preposition are a place or a body, and the person is unnamed.
    if role and re.fullmatch(_PREPOSITIONS, role[-1].lower()):
        return None
    # "One SNP activist", "Two Labour councillors": a count, not a first name.
    if name and name[0].lower() in _COUNTS:
        return None
    while len(name) > 1 and is_address(name[0]):
        name = name[1:]
    # A name is one to four capitalised words (particles aside); anything else is not
    # confidently a person.
    if not name or not all(_name_word(w, name) for w in name):
        return None
    if sum(1 for w in name if w not in NAME_PARTICLES) > 4:
        return None
    if _NOT_A_PERSON.search(" ".join(name)):
        return None  # "The United Nations", "Castlemoor United": a body, not a person
    if all(w.lower().strip("’'") in ROLE_WORDS for w in name):
        return None  # "the Secretary-General": a title, nobody named
    return PersonRef(" ".join(name), " ".join(role))


def _name_word(word: str, name: list[str]) -> bool:
    """A capitalised word, or a particle between two ("bin" in "Hamad bin Saleh")."""
    if word[:1].isupper() or word[:1] in "'’" and word[1:2].isupper():
        return True
    return word in NAME_PARTICLES and word not in (name[0], name[-1])


_PARTICLE = "|".join(sorted(NAME_PARTICLES, key=len, reverse=True))
_FULL_NAME = rf"[{UPPER}][\w’'.-]+(?:\s+(?:(?:{_PARTICLE})\s+)?[{UPPER}][\w’'.-]+){{1,4}}"
# "Estvania's defence minister, Radek Novak, said": a role, then the name between commas.
_ROLE_THEN_NAME = re.compile(rf"(?P<role>[^,.;:“”\"«»()]{{3,80}}?),\s+(?P<name>{_FULL_NAME}),")
# "Farid Halabi, the alliance's head of operations, said": the name, then "the" role.
_NAME_THEN_ROLE = re.compile(
    rf"(?P<name>{_FULL_NAME}),\s+(?:the|a|an)\s+(?P<role>[^,.;:“”\"«»()]{{3,80}}?)[,.;]"
)
_CLAUSE_WORDS = re.compile(
    r"\b(?:said|says|told|who|whom|whose|which|that|when|while|after|before|and|but|was|were|is|are|"
    r"has|have|had|will|would)\b",
    re.IGNORECASE,
)


def _role_words(role: str) -> str:
    """The role as a title, without the clause or article in front of it, or ""."""
    role = re.sub(
        r"^(?:.*\b(?:and|but|as|with|by|when|while|after|before|where|since|because|until|"
        r"said|says|told|[a-z]+ed)\s+)?(?:the|a|an|its|their)\s+",
        "",
        role.strip(),
        flags=re.IGNORECASE,
    )
    if not re.search(r"\b[a-z]", role) or _CLAUSE_WORDS.search(role) or len(role.split()) > 8:
        return ""
    if re.match(rf"(?:{_PREPOSITIONS})\b|\d", role, re.IGNORECASE):
        return ""  # "On the picket line outside St Aldhelm's, Rhiannon Pugh": a place
    return role


def people_in(text: str) -> dict[str, PersonRef]:
    """Everyone named with a role in the text, by surname, so "Blinken" finds his full name."""
    found: dict[str, PersonRef] = {}
    # Appositives: the role as the text writes it, on either side of the name.
    for pattern in (_ROLE_THEN_NAME, _NAME_THEN_ROLE):
        for match in pattern.finditer(text):
            role = _role_words(match.group("role"))
            # "… on Monday. Nils Berget, the mayor": the name starts after the full stop.
            name = _without_address(re.split(r"(?<=\w\w)\.\s+", match.group("name"))[-1])
            titled = split_name_role(name)  # "Judge Miriam Achterberg" is Miriam Achterberg
            name = titled.name if titled else name
            if len(name.split()) < 2:
                continue
            if role and not anonymous_source(name) and not _NOT_A_PERSON.search(name):
                found.setdefault(name.split()[-1], PersonRef(name, role))
    # "former central bank governor Ilona Ferenc", "Regional health councillor Marta
    # Sole": a title in lower case that ends with a role word, straight before the name.
    for match in _TITLE_NAME.finditer(text):
        name = _without_address(match.group("name"))
        if match.group("role").split()[-1].lower() in ROLE_WORDS and not _NOT_A_PERSON.search(name):
            found.setdefault(name.split()[-1], PersonRef(name, match.group("role")))
    # "the property developer Kaspar Lind": a role in lower case after "the".
    for match in _THE_ROLE_NAME.finditer(text):
        name = _without_address(match.group("name"))
        last_role_word = match.group("role").split()[-1]
        if last_role_word in BODY_NOUNS:
            continue  # "the association Dunas Vivas": a body's name, not a person's
        if (
            len(name.split()) >= 2
            and not _NOT_A_PERSON.search(name)
            and not re.fullmatch(_PREPOSITIONS, last_role_word)
        ):
            found.setdefault(name.split()[-1], PersonRef(name, match.group("role")))
    # Titles made of role words ("US Secretary of State Antony Blinken").
    for match in _CAPITALISED_RUN.finditer(text):
        # "… the village of Lenne. Fire chief Ilsa Moravec": a run goes on past a full stop
        # ("Health Minister Abena Solberg. Quessa …"), so each sentence's part is a run.
        for run in re.split(r"(?<=\w\w)\.\s+", match.group(0)):
            words = run.split()
            if not any(w.lower() in ROLE_WORDS for w in words) or len(words) < 3:
                continue
            ref = split_name_role(run)
            if ref and ref.role and len(ref.name.split()) >= 2:
                found.setdefault(ref.name.split()[-1], ref)
    for match in _PARTICLE_NAME.finditer(text):
        name = _without_address(match.group("name"))
        if not _NOT_A_PERSON.search(name) and name.split()[0].lower() not in _OPENERS:
            found.setdefault(name.split()[-1], PersonRef(name))
    # Anyone else named in full, so a later "Hallen said" is "Erik Hallen", as first given.
    for match in _PLAIN_NAME.finditer(text):
        name = _without_address(match.group("name"))
        # "— Luis Ocampo</p><p>UPDATE 9:30 p.m.": a live desk's capitals are no name.
        words = name.split()
        while words and len(words[-1]) > 2 and words[-1].isupper():
            words.pop()
        while words and len(words[0]) > 2 and words[0].isupper():
            words.pop(0)
        name = " ".join(words)
        if (
            2 <= len(words) <= 3
            and not _NOT_A_PERSON.search(name)
            and not any(w.lower() in _OPENERS | ROLE_WORDS for w in words)
            and not re.search(r"[’']s?$", name)  # "St Aldhelm's": a possessive, a place
        ):
            found.setdefault(words[-1], PersonRef(name))
    return found


def _without_address(name: str) -> str:
    words = name.split()
    while len(words) > 1 and is_address(words[0]):
        words = words[1:]
    return " ".join(words)


# Nouns that head a body's name or description, not a person's: "the association Dunas
# Vivas", "the army's media wing said in a statement". One list for people.py and quotes.py.
BODY_NOUNS = {
    "association", "foundation", "company", "group", "organisation", "organization", "agency",
    "club", "party", "union", "network", "initiative", "campaign", "fund", "trust", "charity",
    "cooperative", "co-operative", "firm", "platform", "movement", "federation", "society",
    "band", "brand", "hotel", "restaurant", "pub", "bank", "newspaper", "magazine", "ship",
    "ministry", "department", "wing", "office", "police", "army", "military", "government",
    "council", "commission", "committee", "authority", "board", "service", "institute",
    "university", "hospital", "court", "embassy", "secretariat", "operator", "utility",
    "regulator", "prosecutors", "presidency", "cabinet", "administration", "directorate",
    "mission", "command", "forces",
}  # fmt: skip
_PREPOSITIONS = (
    r"outside|inside|near|at|in|on|from|of|by|with|for|to|behind|beyond|across|along|into|"
    r"past|around|over|under|between|among|against|towards|toward|via|and|or|but"
)
_TITLE_NAME = re.compile(
    r"(?:(?<=^)|(?<=[.!?]\s)|(?<=\bformer\s)|(?<=,\s))"
    r"(?P<role>(?:[A-Z][a-z-]+|former|acting|interim|deputy|outgoing)"
    r"(?:\s+[a-z][a-z-]+){1,4})\s+"
    rf"(?P<name>[{UPPER}]{_LOWER}+(?:\s+[{UPPER}]{_LOWER}+){{1,2}})\b"
)
_THE_ROLE_NAME = re.compile(
    r"\b[Tt]he\s+(?P<role>[a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,3})\s+"
    rf"(?P<name>[{UPPER}]{_LOWER}+(?:\s+[{UPPER}]{_LOWER}+){{1,2}})\b"
)
_PLAIN_NAME = re.compile(
    r"(?<![\w’'-])(?P<name>(?:(?:Dr|Mr|Mrs|Ms|Prof|Sir|Dame)\.?[^\S\n]+)?"
    rf"[{UPPER}]{_LOWER}+(?:[^\S\n]+[{UPPER}]{_LOWER}+){{1,2}})(?![\w’'-])"
)
# "Hamad bin Saleh Al Kharusi", "Khalid Jassim Al Emadi": Arabic names run longer.
_PARTICLE_NAME = re.compile(
    rf"(?<![\w’'-])(?P<name>[{UPPER}]{_LOWER}+(?:[^\S\n]+[{UPPER}]{_LOWER}+){{0,2}}[^\S\n]+"
    rf"(?:(?:bin|bint|ibn|binti)[^\S\n]+[{UPPER}]{_LOWER}+(?:[^\S\n]+[{UPPER}]{_LOWER}+){{0,2}}"
    rf"|(?:Al|El|Abu)[^\S\n]+[{UPPER}]{_LOWER}+))(?![\w’'-])"
)
# Capitalised runs that are places, bodies, days or events rather than people.
_NOT_A_PERSON = re.compile(
    r"\b(?:Union|Council|Party|Club|FC|Foundation|Trust|Ministry|Hospital|Bank|Fund|Agency|"
    r"Authority|Board|Committee|Commission|Department|Movement|Alliance|Association|"
    r"Federation|League|Court|Parliament|Assembly|Army|Police|Street|Road|Square|Bridge|"
    r"River|Lake|Valley|Hills?|Mountains?|Island|Port|City|Town|County|Province|Region|"
    r"State|Republic|Kingdom|North|South|East|West|Northern|Southern|Eastern|Western|"
    r"Central|National|International|United|European|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|"
    r"September|October|November|December|Cup|Open|Games|Championship|Marathon|Festival|"
    r"School|University|College|Centre|Center|Group|Company|Corporation|Airport|Station|"
    r"Cross|Crescent|Services|Office|House|Hall|Organisation|Organization|Institute|Society|"
    r"Network|Programme|Program|Service|Forum|Summit|Agreement|Act|Share|Read|More|"
    r"St|Saint|Mount|Fort|Cape|Lake|Gulf|Bay|Sea|Ocean|Coast|Front|Ltd|Inc)\b"
)
