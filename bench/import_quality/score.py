"""Matching the blocks found to the blocks expected, and counting what is right.

Per block type: precision (found blocks that match an expected one) and
recall (expected blocks that were found). Per field, over matched pairs:
precision (filled values that are right) and recall (expected values that
were filled rightly). Lists (aid items, key-development labels) count each
entry. An **invented** value is a field the importer filled that the
annotation leaves empty, or a name or role whose words are not in the story.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from typing import Any

__all__ = ["Tally", "score_story"]

BLOCK_TYPES = ("quote", "aid_package", "key_developments")
FIELDS = {
    "quote": ("speaker", "role", "attribution", "said_on"),
    "aid_package": ("donor", "recipient", "amount", "currency"),
    "key_developments": (),
}
LIST_FIELDS = {"aid_package": "items", "key_developments": "labels"}
# Fields whose words must appear in the story; amounts, currencies and dates are
# written differently from the text ("£7.5m" is 7500000 GBP) and checked against
# the annotation only.
WORDED = {"speaker", "role", "attribution", "donor", "recipient"}
QUOTE_MATCH = 0.8


def norm(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).casefold()
    text = re.sub(r"[‘’´`]", "'", text)
    text = re.sub(r"^(the|a|an)\s+", "", text.strip())
    return " ".join(re.sub(r"[^\w\s'-]", " ", text).split())


def same(name: str, found: Any, expected: Any) -> bool:
    if found in (None, "") or expected in (None, ""):
        return False
    if name == "amount":
        try:
            return Decimal(str(found)) == Decimal(str(expected))
        except InvalidOperation:
            return False
    if name == "currency":
        return str(found).upper() == str(expected).upper()
    return norm(found) == norm(expected)


@dataclass
class Tally:
    """Counts over many stories; ratios are computed when reported."""

    blocks: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    fields: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    invented: list[str] = field(default_factory=list)
    repeats_kept: int = 0
    stories: int = 0

    def add(self, other: Tally) -> None:
        for kind, counts in other.blocks.items():
            self.blocks[kind].update(counts)
        for name, counts in other.fields.items():
            self.fields[name].update(counts)
        self.invented.extend(other.invented)
        self.repeats_kept += other.repeats_kept
        self.stories += other.stories


def _quote_similarity(found: dict, expected: dict) -> float:
    a, b = norm(found.get("text")), norm(expected.get("text"))
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


def _similarity(kind: str, found: dict, expected: dict) -> float:
    if kind == "quote":
        return _quote_similarity(found, expected)
    if kind == "aid_package":
        if same("amount", found.get("amount"), expected.get("amount")):
            return 1.0
        return 0.5 if same("donor", found.get("donor"), expected.get("donor")) else 0.0
    labels = {norm(x) for x in found.get("labels") or []}
    wanted = {norm(x) for x in expected.get("labels") or []}
    return len(labels & wanted) / max(len(wanted), 1)


def _threshold(kind: str) -> float:
    return QUOTE_MATCH if kind == "quote" else 0.5


def _pairs(kind: str, found: list[dict], expected: list[dict]) -> list[tuple[dict, dict]]:
    """Greedy best-first one-to-one matching above the type's threshold."""
    candidates = sorted(
        (
            (_similarity(kind, f, e), i, j)
            for i, f in enumerate(found)
            for j, e in enumerate(expected)
        ),
        reverse=True,
    )
    used_found, used_expected, pairs = set(), set(), []
    for score, i, j in candidates:
        if score < _threshold(kind) or i in used_found or j in used_expected:
            continue
        used_found.add(i)
        used_expected.add(j)
        pairs.append((found[i], expected[j]))
    return pairs


def _invented(kind: str, block: dict, expected: dict | None, source: str, story: str) -> list[str]:
    """Values the importer filled that the story does not give."""
    made = []
    for name in FIELDS[kind]:
        value = block.get(name)
        if value in (None, ""):
            continue
        if expected is not None and expected.get(name) in (None, ""):
            made.append(f"{story}: {kind}.{name} = {value!r} (the text gives none)")
        elif name in WORDED and norm(value) not in norm(source):
            made.append(f"{story}: {kind}.{name} = {value!r} (not in the text)")
    return made


def score_story(name: str, found: list[dict], expected: list[dict], source: str) -> Tally:
    tally = Tally(stories=1)
    for kind in BLOCK_TYPES:
        mine = [b for b in found if b["type"] == kind]
        wanted = [b for b in expected if b["type"] == kind]
        pairs = _pairs(kind, mine, wanted)
        tally.blocks[kind].update(found=len(mine), expected=len(wanted), matched=len(pairs))
        matched_ids = {id(f) for f, _e in pairs}
        for f, e in pairs:
            for field_name in FIELDS[kind]:
                key = f"{kind}.{field_name}"
                got, want = f.get(field_name), e.get(field_name)
                filled, given = got not in (None, ""), want not in (None, "")
                right = same(field_name, got, want)
                tally.fields[key].update(filled=int(filled), given=int(given), right=int(right))
            if kind in LIST_FIELDS:
                list_name = LIST_FIELDS[kind]
                got = Counter(norm(x) for x in f.get(list_name) or [] if x)
                want = Counter(norm(x) for x in e.get(list_name) or [] if x)
                tally.fields[f"{kind}.{list_name}"].update(
                    filled=sum(got.values()),
                    given=sum(want.values()),
                    right=sum((got & want).values()),
                )
            tally.invented.extend(_invented(kind, f, e, source, name))
        for f in mine:
            if id(f) not in matched_ids:
                # A block that matches nothing may still carry made-up values.
                tally.invented.extend(_invented(kind, f, None, source, name))
    return tally


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None
