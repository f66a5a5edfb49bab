"""Blog furniture dropped, and paragraphs that repeat an earlier one kept once."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from news.importers.text import Para

__all__ = ["drop_boilerplate", "drop_repeats", "is_boilerplate"]

_BOILERPLATE = re.compile(
    r"^(?:"
    r"no comments?:?|\d+ comments?:?|post a comment|leave (?:a )?comment(?: here)?"
    r"|powered by blogger\.?|posted by .{1,80} at .{1,40}|email this|blogthis!?"
    r"|share(?: this)?(?: on| to)?(?: (?:twitter|x|facebook|pinterest|email))*:?"
    r"|subscribe to:? post comments \(atom\)"
    r"|(?:newer post|older post|home)(?:\s+(?:newer post|older post|home))*"
    r"|labels?:.*"
    r")$",
    re.IGNORECASE,
)
# Paragraphs at least this similar (difflib ratio of their words) count as repeats.
NEAR_DUPLICATE = 0.9


def is_boilerplate(line: str) -> bool:
    return bool(_BOILERPLATE.match(line.strip()))


def drop_boilerplate(paragraphs: list[Para]) -> tuple[list[Para], int]:
    kept, dropped = [], 0
    for para in paragraphs:
        lines = [line for line in para.text.split("\n") if not is_boilerplate(line)]
        dropped += para.text.count("\n") + 1 - len(lines)
        if lines:
            kept.append(Para("\n".join(lines), para.kind))
    return kept, dropped


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def drop_repeats(paragraphs: list[Para]) -> tuple[list[Para], list[str]]:
    """Keep the first of paragraphs that say the same thing word for word or nearly so."""
    kept: list[Para] = []
    seen: list[str] = []
    repeats = []
    for para in paragraphs:
        words = _words(para.text)
        # Short lines (labels, headings) legitimately repeat; only prose is compared.
        if len(words.split()) >= 12 and any(_similar(words, earlier) for earlier in seen):
            repeats.append(para.text)
            continue
        kept.append(para)
        seen.append(words)
    return kept, repeats


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) / max(len(a), len(b)) < NEAR_DUPLICATE:
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= NEAR_DUPLICATE and matcher.ratio() >= NEAR_DUPLICATE
