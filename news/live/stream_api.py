"""GET /api/v3/news/posts/{id}/updates/stream/: a story's update events as Server-Sent Events.

Two ways to serve the same events (news/live/sse.py writes them):

- Behind Pushpin (production; `make serve`): the app answers once with the
  backlog after the client's cursor and GRIP instructions, and Pushpin holds
  the connection; new events are pushed to it by news/live/stream.py. No app
  worker is held per reader.
- Without it (`make run`, tests): a streaming response that reads new
  `UpdateEvent` rows twice a second, for LIVE_STREAM_POLL_LIFETIME seconds;
  EventSource then reconnects with Last-Event-ID and misses nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import Query, Router
from wagtail.api.v3.errors import ProblemDetail, problem_response

from cms.changelog.cursors import CURSOR_PATTERN
from cms.delivery.query_params import MAX_WHOLE_NUMBER
from news.api.v3 import live_public_posts
from news.live import grip
from news.live.sse import (
    EVENT_NAMES,
    HEARTBEAT,
    OPENING,
    events_after,
    format_events,
    is_full_page,
    last_event_id,
    latest_event_id,
)
from news.models import LatestUpdatesPage

router = Router(tags=["news"])

EVENT_STREAM = "text/event-stream; charset=utf-8"
POLL_INTERVAL = 0.5

STREAM_DESCRIPTION = """\
Server-Sent Events. Each event has `id: <cursor>`, `event:` one of `update.published`,
`update.updated`, `update.withdrawn`, `coverage.ended`, and `data:` the same JSON as one
`items[]` entry of the update feed. Without a cursor the stream starts with the next
event; with `Last-Event-ID` (or `last_event_id`) it first replays every event after that
cursor, and nothing twice. A comment line (`: heartbeat`) is sent at least every 15 s.
"""

STREAM_RESPONSES = {
    "200": {
        "description": "The stream of the story's update events (never ends on its own "
        "accord; a reconnecting client resumes with Last-Event-ID).",
        "content": {
            "text/event-stream": {
                # One event, as fuzzers and OpenAPI 3.1 tools read an SSE schema
                # (OpenAPI 3.2 calls it itemSchema). Comment lines are heartbeats.
                "schema": {
                    "type": "object",
                    "required": ["id", "event", "data"],
                    "properties": {
                        "id": {"type": "string", "pattern": "^[0-9]+$"},
                        "event": {"type": "string", "enum": list(EVENT_NAMES)},
                        "data": {
                            "type": "string",
                            "contentMediaType": "application/json",
                            "description": "One `items[]` entry of the update feed, as JSON.",
                        },
                    },
                },
                "example": (
                    "id: 42\nevent: update.published\ndata: "
                    '{"cursor":"42","event":"published","update":{...},"update_id":7,'
                    '"occurred_at":"2025-03-04T10:15:00.000Z"}\n\n'
                ),
            }
        },
    }
}

LAST_EVENT_ID_HEADER = {
    "in": "header",
    "name": "Last-Event-ID",
    "required": False,
    "description": "The last event id (cursor) the client received; EventSource sends it "
    "when it reconnects.",
    # Empty is read as no cursor, as an absent header is.
    "schema": {"type": "string", "pattern": CURSOR_PATTERN},
}


def _sse_response(body: str | Iterator[str]) -> HttpResponse | StreamingHttpResponse:
    response: HttpResponse | StreamingHttpResponse
    if isinstance(body, str):
        response = HttpResponse(body, content_type=EVENT_STREAM)
    else:
        response = StreamingHttpResponse(body, content_type=EVENT_STREAM)
    # Never stored by anyone, and never buffered by a proxy (nginx honours the second).
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"
    return response


def _still_public(post_id: int) -> bool:
    return LatestUpdatesPage.objects.live().public().filter(pk=post_id).exists()


def poll(post_id: int, cursor: int, lifetime: float, heartbeat: float) -> Iterator[str]:
    """Events after `cursor` as they are written, heartbeats between, for `lifetime` seconds."""
    yield OPENING
    now = time.monotonic()
    deadline, next_beat = now + lifetime, now + heartbeat
    while True:
        events = events_after(post_id, cursor)
        if events:
            cursor = events[-1].pk
            yield "".join(format_events(events))
            if is_full_page(events):
                continue  # more backlog waiting: no pause
        now = time.monotonic()
        if now >= deadline:
            return
        if now >= next_beat:
            # A story unpublished or restricted meanwhile ends its streams.
            if not _still_public(post_id):
                return
            yield HEARTBEAT
            next_beat = now + heartbeat
        time.sleep(max(0.0, min(POLL_INTERVAL, next_beat - now, deadline - now)))


def grip_answer(request: HttpRequest, post_id: int, cursor: int | None) -> HttpResponse:
    """The backlog after `cursor` (or nothing, starting now) and Pushpin's hold instructions.

    Pushpin also calls this for a held stream's `next` link, with `Grip-Last`
    naming the last event it delivered, when it may have missed one.
    """
    name = grip.channel(post_id)
    recovered = grip.grip_last_id(request, name)
    if recovered is not None and recovered.isdigit():
        cursor = int(recovered)
    # No opening comment: Pushpin itself asks `next_url` again right after the hold
    # (closing the gap between this answer and its subscription), and that
    # answer is appended to the same stream.
    body: list[str] = []
    if cursor is None:
        events = []
        last = latest_event_id(post_id)
    else:
        events = events_after(post_id, cursor)
        body.extend(format_events(events))
        last = events[-1].pk if events else latest_event_id(post_id)
    more = is_full_page(events)
    next_url = f"{request.path}?last_event_id={last or cursor or 0}"
    # A full page: no hold yet, Pushpin fetches the next page first.
    return grip.hold(
        _sse_response("".join(body)),
        name,
        prev_id=last,
        next_url=next_url,
        heartbeat=settings.LIVE_STREAM_HEARTBEAT_SECONDS,
        stream=not more,
    )


@router.get(
    "/posts/{post_id}/updates/stream/",
    response={400: ProblemDetail, 404: ProblemDetail},
    url_name="news_post_update_stream",
    operation_id="news_post_update_stream",
    summary="A live story's update events, as Server-Sent Events",
    description=STREAM_DESCRIPTION,
    openapi_extra={"responses": STREAM_RESPONSES, "parameters": [LAST_EVENT_ID_HEADER]},
)
def update_stream(
    request: HttpRequest,
    post_id: int,
    last_event_id_param: str | None = Query(
        None,
        alias="last_event_id",
        description="As the Last-Event-ID header, for clients that cannot set headers; "
        "the later of the two wins.",
    ),
) -> HttpResponse | StreamingHttpResponse:
    if (
        not 0 < post_id <= MAX_WHOLE_NUMBER
        or not live_public_posts(request).filter(pk=post_id).exists()
    ):
        return problem_response(status=404, detail="No live story with that id.")
    header = request.META.get("HTTP_LAST_EVENT_ID")
    cursors = [
        c
        for c in (last_event_id(header, None), last_event_id(None, last_event_id_param))
        if c is not None
    ]
    cursor = max(cursors) if cursors else None
    if grip.through_pushpin(request):
        return grip_answer(request, post_id, cursor)
    if cursor is None:
        cursor = latest_event_id(post_id) or 0
    return _sse_response(
        poll(
            post_id,
            cursor,
            lifetime=settings.LIVE_STREAM_POLL_LIFETIME,
            heartbeat=settings.LIVE_STREAM_HEARTBEAT_SECONDS,
        )
    )
