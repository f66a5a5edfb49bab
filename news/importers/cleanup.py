"""Blog furniture dropped, and paragraphs that repeat an earlier one kept once."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from news.importers.text import Para

__all__ = ["MIN_WORDS", "drop_boilerplate", "drop_repeats", "is_boilerplate", "near_repeats"]

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
    """Keep the first of passages that say the same thing word for word or nearly so.

    Compared line by line over the whole post, ignoring where paragraphs break, because
    the formats break them differently: Blogger's classic editor writes a <div> per line,
    where a text file or an HTML page holds the same lines in one paragraph. So a repeat
    is (a) a line of at least `MIN_WORDS` words saying what an earlier line says, word
    for word (case, punctuation and spacing aside), or (b) a run of consecutive lines,
    together at least `MIN_WORDS` words, equal to an earlier run. Shorter runs (labels,
    "Short line") legitimately repeat and are kept. A line that only nearly repeats one
    ("agree" and "agree on") is kept, since dropping it would lose what changed:
    `near_repeats` lists it for the editor instead.
    """
    lines = [
        (index, line) for index, para in enumerate(paragraphs) for line in para.text.split("\n")
    ]
    words = [_words(line) for _index, line in lines]
    dropped: set[int] = set()
    repeats: list[str] = []
    position = 0
    while position < len(lines):
        run = _repeated_run(words, position, dropped)
        if run:
            dropped.update(range(position, position + run))
            repeats.append(" ".join(line for _i, line in lines[position : position + run]))
            position += run
        else:
            position += 1
    kept: list[Para] = []
    for index, para in enumerate(paragraphs):
        left = [line for n, (i, line) in enumerate(lines) if i == index and n not in dropped]
        if left:
            kept.append(Para("\n".join(left), para.kind))
    return kept, repeats


MIN_WORDS = 8


def _count(text: str) -> int:
    return len(text.split())


def _repeated_run(words: list[str], position: int, dropped: set[int]) -> int:
    """How many lines from `position` on repeat earlier kept lines (0 when they do not)."""
    line = words[position]
    earlier = [n for n in range(position) if n not in dropped]
    if _count(line) >= MIN_WORDS and any(line == words[n] for n in earlier):
        return 1
    best = 0
    for start in earlier:
        length = 0
        while (
            position + length < len(words)
            and start + length < position
            and start + length not in dropped
            and words[start + length] == words[position + length]
        ):
            length += 1
        total = sum(_count(w) for w in words[position : position + length])
        if length >= 2 and total >= MIN_WORDS:
            best = max(best, length)
    return best


def near_repeats(paragraphs: list[Para]) -> list[str]:
    """Lines of at least `MIN_WORDS` words nearly the same as an earlier line, for review."""
    seen: list[str] = []
    near = []
    for para in paragraphs:
        for line in para.text.split("\n"):
            words = _words(line)
            if _count(words) >= MIN_WORDS and any(_similar(words, e) for e in seen):
                near.append(line)
            seen.append(words)
    return near


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) / max(len(a), len(b)) < NEAR_DUPLICATE:
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= NEAR_DUPLICATE and matcher.ratio() >= NEAR_DUPLICATE
