"""Is this sum money given? The decision that makes an amount an aid or funding package.

Told apart by the words around the figure, in its own clause, never by who gives
it: a package whose giver the text does not name is still a package (the editor
fills the donor in), and a sum a named body spends on itself is still no package.

Three kinds of words decide, checked in this order:

1. Words that say the sum is not given (`_NOT_GIVEN_BEFORE` in the few words
   before it, `_NOT_GIVEN_AFTER` straight after it): a cost, price, budget,
   loss, revenue, fine, prize, debt, target or appeal, a cap or a per-unit rate,
   part of a package already counted ("a first tranche of", "of the loan").
2. Words that make it depend (`_MAYBE_GIVEN`): paying, spending, investing and
   raising are gifts only when the sum goes somewhere ("in drought relief",
   "towards the clinic", "on fans and water stations"), else they are wages,
   a company's own outlay, or investors' money.
3. Giving words (`_GIVING`) in the clause before the sum or just after it:
   verbs of giving and the nouns for what is given (grant, loan, aid, relief…).

The lists are word classes, not phrases from any one story: they were written
against the corpus's development stories and are measured on held-out stories
nobody tuned them to (docs/import.md).
"""

from __future__ import annotations

import re

__all__ = ["is_given"]

_GIVING = re.compile(
    r"\b(?:aid|grants?|granted|granting|loans?|loaned|funding|funds?|funded|packages?|relief|"
    r"assistance|support|subsid\w*|donat\w*|pledg\w*|allocat\w*|earmark\w*|sanction\w*|"
    r"releas\w*|award\w*|approv\w*|commit\w*|provid\w*|gave|give[sn]?|giving|extend\w*|"
    r"disburs\w*|receiv\w*|secur\w*|financ\w*|co-financ\w*|contribut\w*|offer\w*|lend\w*|"
    r"lent|ex gratia|set(?:s|ting)? aside|top-up|top(?:ped|ping)? up|bursar\w*|"
    r"scholarships?|hand\w*|channel\w*|rush\w*|send\w*|sent|add\w*|compensat\w*|backing|"
    r"bankroll\w*|underwrit\w*|stimulus|bailout|rescue|allowances?|vouchers?|"
    r"cash transfers?|shar(?:e|es|ed|ing) out|distribut\w*|divid\w* (?:up|among)|"
    r"inject\w*|ma(?:de|ke|kes|king) available|unlock\w*|announc\w*|unveil\w*)\b",
    re.IGNORECASE,
)
# Lower case on purpose: "Investment Bank" and "Budget Office" are names, not words
# about the sum.
_NOT_GIVEN_BEFORE = re.compile(
    r"\b(?:costs?|costing|price[sd]?|pricing|budget(?:s|ed)?|damages?|destroyed|"
    r"loss(?:es)?|lost|revenues?|turnover|profits?|sales|valu(?:ed|ation)|fined?|fines|"
    r"penalt\w+|prize|purse|wages?|salar(?:y|ies)|fees?|owe[sd]?|owing|debts?|deficit|"
    r"borrow\w*|bonds?|reserves|estimat\w*|targets?|appeal\w*|needs?|needed|seek\w*|"
    r"sought|request\w*|demand\w*|ask(?:s|ed|ing)? for|hopes? to|collect\w*|fundrais\w*|"
    r"tranche|limit|capped|cap of|caps?|ranging|range from|contracts?|bonus|bid|earn\w*|"
    r"income|gdp|exports?|imports?|buy\w*|bought|purchas\w*|worth of|insur\w*|charge[sd]?|"
    r"tax\w*|levy|bill|overrun|shortfall|gap|total(?:led|ling)?|of which|bringing|brings|"
    r"brought|no more than|at most|each|per|every|declare\w*|undeclared)\b"
    r"(?:\W+[\w'’-]+){0,8}\W*$"
)
_MAYBE_GIVEN = re.compile(
    r"\b(?:paid|pays?|paying|spent|spend\w*|invest\w*|raised|raising|raises)\b"
    r"(?:\W+[\w'’-]+){0,6}\W*$"
)
_UNIT = (
    r"year|month|week|day|hour|head|person|household|family|member|pupil|student|patient|"
    r"night|ticket|season|game|match|unit|share|square"
)
_NOT_GIVEN_AFTER = re.compile(
    rf"^\W*(?:(?:a|an|per|each|every)\s+(?:{_UNIT})\b"
    r"|(?:were|was)\s+(?:destroyed|lost|damaged|stolen)"
    r"|in\s+(?:revenue|lost|losses|damage|wages|prize|deposits|reserves|debt|sales|profits?|"
    r"fees|fines|bonuses|ransom|taxes)\b"
    r"|(?:budget|bond|contract|target|appeal|fine|deficit|bill|overrun|signing bonus|"
    r"valuation|deal|bid|shortfall|payroll|buyback|share buyback|dividends?)\b"
    r"|of\s+(?:the|its|their)\s+(?:loan|grant|package|reserves|budget|own)\b"
    r"|(?:of|from)\s+(?:a|the|its)\s+(?:total\s+)?(?:prize|budget|appeal)\b"
    r"|from\s+(?:the\s+sale|its\s+own|their\s+own|ticket|its\s+reserves|(?:the\s+)?[\w'’]+\s+own)"
    r"|to\s+(?:sign|buy|acquire|hire)\b"
    r"|in\s+(?:19|20)\d\d\b)",
    re.IGNORECASE,
)
# Where a paid, spent or raised sum goes, which makes it a gift.
_GOES_TO = re.compile(
    r"^\W*(?:(?:in|as)\s+(?:[\w-]+\s+){0,2}(?:aid|relief|grants?|funding|loans?|assistance|"
    r"support|subsid\w+|donations?|compensation|ex gratia|emergency)\b"
    r"|(?:will\s+|would\s+|is\s+to\s+)?(?:comes?|came|coming)\s+from\b"
    r"|(?:[\w-]+\s+)?(?:grants?|loans?|aid|donations?|subsid(?:y|ies)|packages?|gifts?|"
    r"bursar(?:y|ies))\b"
    r"|towards?\b|(?:among|between|amongst)\b"
    r"|on\s+(?!(?:the\s+|their\s+|its\s+)?(?:campaigns?|itself|themselves|its own|their own|"
    r"severance|redundanc\w+|overtime)\b)\w+)",
    re.IGNORECASE,
)
# Where one clause ends and the next, with its own sum, begins.
_CLAUSE_BEFORE = re.compile(r";\s|,\s+(?:while|whereas|but|and)\s|\s[—–]\s")
_CLAUSE_AFTER = re.compile(r";|,\s+(?:while|whereas|but)\s|\s[—–]\s")


def is_given(sentence: str, start: int, end: int) -> bool:
    """Whether the sum at `sentence[start:end]` is given, by the words of its clause."""
    head = sentence[:start]
    cut = max([0, *(m.end() for m in _CLAUSE_BEFORE.finditer(head))])
    head = head[cut:]
    tail = sentence[end:]
    # "top up the budgets of the hospitals by €1,5m": a budget is what is given to.
    topped_up = re.search(r"\btop(?:s|ped|ping)?\s+up\b", head)
    if (_NOT_GIVEN_BEFORE.search(head) and not topped_up) or _NOT_GIVEN_AFTER.match(tail):
        return False
    if _MAYBE_GIVEN.search(head):
        return bool(_GOES_TO.match(tail))
    rest = _CLAUSE_AFTER.split(tail, maxsplit=1)[0][:80]
    return bool(_GIVING.search(head) or _GIVING.search(rest) or _GOES_TO.match(tail))
