"""Reading a feed cursor from the query string: one rule for every cursor feed.

The change feed (cms/changelog/api.py) and a story's update feed
(news/live/feed_api.py) both hand out the primary key of their last row as an
opaque `next_cursor`; a client sends it back as `since`. Both read it here, so
what counts as a cursor, and what a client is told when it sends something
else, is the same in both.
"""

from __future__ import annotations

from cms.delivery.query_params import MAX_WHOLE_NUMBER, InvalidParameter, whole_number_or

__all__ = ["CURSOR_PATTERN", "parse_cursor", "without_final_newline"]

# Digits as `next_cursor` gives them, or empty (from the start); one digit fewer
# than the largest 64-bit key, so every value the pattern allows can be compared.
CURSOR_PATTERN = f"^[0-9]{{0,{len(str(MAX_WHOLE_NUMBER)) - 1}}}$"


def without_final_newline(value: str | None) -> str | None:
    """The value less one trailing "\\n", which CURSOR_PATTERN's `$` allows.

    JSON Schema patterns are read by fuzzers (and many validators) with the
    semantics of Python's `re`, where `$` also matches before a final newline:
    a document that says "digits or nothing" thereby admits "\\n" and "5\\n".
    A newline cannot be part of a cursor, so dropping that one is all it takes
    for the server to read every value the document allows.
    """
    if value is not None and value.endswith("\n"):
        return value[:-1]
    return value


def parse_cursor(since: str | None, parameter: str = "since") -> int:
    """The row id to read after: 0 (the start) when no cursor was sent.

    Raises InvalidParameter naming `parameter` for anything that is not a
    cursor, which the APIs answer with a 400.
    """
    try:
        return whole_number_or(parameter, without_final_newline(since), 0)
    except InvalidParameter:
        # The parser's own message speaks of numbers; to a client a cursor is opaque.
        raise InvalidParameter(
            parameter, f"{str(since)[:40]!r} is not a cursor from this feed."
        ) from None
