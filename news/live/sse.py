"""A story's update events as Server-Sent Events: one wire format for every backend.

The polling stream, the backlog answered through Pushpin and the events
pushed to Pushpin all write events here, so a reader cannot tell which
delivered an event. The event id is the update feed's cursor (the
`UpdateEvent` primary key), which is what makes `Last-Event-ID` resume exact.
"""

from __future__ import annotations

import json

from cms.changelog.cursors import without_final_newline
from cms.delivery.query_params import whole_number
from news.live.models import UpdateEvent
from news.live.representation import feed_items

__all__ = [
    "BACKLOG_PAGE",
    "HEARTBEAT",
    "OPENING",
    "event_name",
    "events_after",
    "format_events",
    "is_full_page",
    "last_event_id",
    "latest_event_id",
]

# The most events one answer carries; a longer backlog arrives page after page.
BACKLOG_PAGE = 200
# Comment lines: ignored by EventSource, but they keep proxies from timing out an
# idle connection and tell a client the stream is alive.
HEARTBEAT = ": heartbeat\n\n"
OPENING = ": stream open\n\n"
LAST_EVENT_ID = "Last-Event-ID"


def event_name(kind: str) -> str:
    """`update.published`, `update.updated`, `update.withdrawn`, or `coverage.ended`."""
    return kind if kind == UpdateEvent.ENDED else f"update.{kind}"


# Every `event:` name the stream sends, in the feed's kind order.
EVENT_NAMES = tuple(event_name(kind) for kind, _label in UpdateEvent.KINDS)


def format_events(events: list[UpdateEvent]) -> list[str]:
    """Each event as its SSE text, `data` being the update feed's entry for it."""
    out = []
    for event, item in zip(events, feed_items(events), strict=True):
        # Compact JSON holds no newline, so it is always one `data:` line.
        data = json.dumps(item, separators=(",", ":"), ensure_ascii=False)
        out.append(f"id: {event.pk}\nevent: {event_name(event.kind)}\ndata: {data}\n\n")
    return out


def events_after(post_id: int, cursor: int) -> list[UpdateEvent]:
    """At most one page of the story's events after `cursor`, oldest first."""
    return list(
        UpdateEvent.objects.filter(post_id=post_id, pk__gt=cursor).order_by("pk")[:BACKLOG_PAGE]
    )


def is_full_page(events: list[UpdateEvent]) -> bool:
    return len(events) >= BACKLOG_PAGE


def latest_event_id(post_id: int) -> int | None:
    return (
        UpdateEvent.objects.filter(post_id=post_id)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )


def last_event_id(header: str | None, query: str | None) -> int | None:
    """The cursor to resume after, from the header EventSource sends or the query string.

    A value that is not a cursor is a 400 naming where it came from
    (InvalidParameter), not a stream from the start.
    """
    if header not in (None, ""):
        return whole_number(LAST_EVENT_ID, header.strip())
    query = without_final_newline(query)
    if query not in (None, ""):
        return whole_number("last_event_id", query)
    return None
