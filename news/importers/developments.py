"""Key Developments lists: a heading line followed by "Label: text" items."""

from __future__ import annotations

import re
from typing import Any

from news.importers.text import Para

__all__ = ["HEADING", "find_key_developments"]

# The heading newsrooms give the box: "Key developments", and on live pages "Key points",
# "What we know", "At a glance" or "Summary" ("Key developments (at a glance)" too). Fact
# boxes, results boxes and "useful numbers" are other things and stay prose.
HEADING = re.compile(
    r"^\s*(key developments|key points|what we know|at a glance|summary)"
    r"(?:\s+(?:so far|today|this morning|tonight|at a glance|of the \w+)|\s*\([^)]{1,40}\))?"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
# "- Label: text", "• Label — text", "1. Label: text"
_ITEM = re.compile(
    r"^\s*(?:[-•*·▪—–]|\d{1,2}[.)])?\s*(?P<label>[^:—–]{1,80}?)\s*(?::|\s[—–])\s+(?P<text>\S.*)$"
)


def _item(line: str) -> dict[str, str] | None:
    match = _ITEM.match(line)
    # A label is a short topic, not the first half of a sentence.
    if not match or len(match.group("label").split()) > 8:
        return None
    return {"label": match.group("label").strip(), "text": match.group("text").strip()}


def find_key_developments(paragraphs: list[Para], start: int) -> tuple[dict[str, Any], int] | None:
    """The block found at `paragraphs[start]` and how many paragraphs it used, or None."""
    first, *inline = paragraphs[start].text.split("\n")
    heading = HEADING.match(first)
    if not heading:
        return None
    items = []
    for line in inline:
        item = _item(line)
        if item is None:
            return None  # an unrecognised line: leave the whole list as prose
        items.append(item)
    used = 1
    for para in paragraphs[start + 1 :]:
        if para.kind not in ("p", "li", "bold"):
            break
        lines = [_item(line) for line in para.text.split("\n")]
        if not all(lines):
            break
        items.extend(lines)
        used += 1
    if not items:
        return None
    title = heading.group(1)
    return {"heading": title if not title.islower() else title.title(), "items": items}, used
