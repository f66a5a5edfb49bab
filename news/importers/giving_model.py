"""A second opinion on "is this sum given?": a logistic model over the words around it.

The rules in `giving.py` are word classes written by hand; held-out stories keep bringing
kinds of money they did not foresee. This model weighs the same evidence (the words of
the clause before the sum, and those after it) with weights learnt from the annotated
development stories (`bench/import_quality/train_giving.py` writes `giving_weights.json`
from `tests/importers/corpus/dev/`). `giving.is_given` asks both.
"""

from __future__ import annotations

import functools
import json
import math
import random
import re
from collections.abc import Iterable
from pathlib import Path

__all__ = ["WEIGHTS", "features", "score", "train"]

WEIGHTS = Path(__file__).with_name("giving_weights.json")
_CLAUSE = re.compile(r";\s|,\s+(?:while|whereas|but|and)\s|\s[—–]\s")
_WORD = re.compile(r"[a-z']+")


def features(sentence: str, start: int, end: int, bare: bool = False) -> set[str]:
    """The words before the sum in its clause (the nearest three also by place), the words
    after it, and the pairs of each."""
    head = sentence[:start]
    cut = max([0, *(m.end() for m in _CLAUSE.finditer(head))])
    before = _WORD.findall(head[cut:].lower())[-10:]
    after = _WORD.findall(sentence[end:].lower())[:8]
    found = {"bias", "bare"} if bare else {"bias"}
    for place, word in enumerate(reversed(before)):
        found.add(f"h:{word}")
        if place < 3:
            found.add(f"h{place}:{word}")
    for place, word in enumerate(after):
        found.add(f"t:{word}")
        if place < 3:
            found.add(f"t{place}:{word}")
    found.update(f"hb:{a}_{b}" for a, b in zip(before, before[1:], strict=False))
    found.update(f"tb:{a}_{b}" for a, b in zip(after, after[1:], strict=False))
    return found


@functools.cache
def _weights() -> dict[str, float]:
    return json.loads(WEIGHTS.read_text(encoding="utf-8")) if WEIGHTS.exists() else {}


def score(sentence: str, start: int, end: int, bare: bool = False) -> float:
    """The model's log-odds that the sum is given (0 without trained weights)."""
    weights = _weights()
    return sum(weights.get(name, 0.0) for name in features(sentence, start, end, bare))


def train(
    examples: Iterable[tuple[set[str], bool]], epochs: int = 30, rate: float = 0.2
) -> dict[str, float]:
    """Logistic regression by stochastic gradient descent, in a fixed order (seeded), so the
    same corpus always gives the same weights."""
    data = [(sorted(names), 1.0 if given else 0.0) for names, given in examples]
    order = random.Random(1)  # noqa: S311 - a fixed shuffle for reproducible weights, not secrecy
    weights: dict[str, float] = {}
    for _ in range(epochs):
        order.shuffle(data)
        for names, given in data:
            z = max(-30.0, min(30.0, sum(weights.get(n, 0.0) for n in names)))
            error = 1 / (1 + math.exp(-z)) - given
            for name in names:
                old = weights.get(name, 0.0)
                weights[name] = old - rate * (error + 1e-4 * old)
    return {name: round(value, 4) for name, value in sorted(weights.items()) if abs(value) >= 0.01}
