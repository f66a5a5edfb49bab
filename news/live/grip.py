"""Talking to Pushpin, the fan-out engine that holds readers' streams open.

Pushpin sits in front of the app (deploy/pushpin/). A stream request reaches
the app once: the app answers with the backlog and GRIP instructions ("hold
this response open as a stream, subscribed to channel live-post-<id>"), and
Pushpin keeps the connection while the app worker moves on. An update going
live is then one HTTP POST to Pushpin's publish endpoint, which Pushpin
copies to every held connection of that channel.

Reliability: every published item carries its own id and the id of the
story's previous event (`prev-id`), and each held connection is told the id
it has seen last and a `next` link. When an item's `prev-id` is not what a
connection saw last (it missed one), Pushpin asks the link for what came
after its last id (header `Grip-Last`) instead of delivering out of order.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

__all__ = ["channel", "grip_last_id", "hold", "publish", "through_pushpin"]

BACKENDS = ("auto", "pushpin", "polling")
PUBLISH_TIMEOUT = 2.0


def channel(post_id: int) -> str:
    return f"live-post-{post_id}"


def through_pushpin(request: HttpRequest) -> bool:
    """Whether to answer with GRIP instructions rather than a polling stream."""
    backend = settings.LIVE_STREAM_BACKEND
    if backend not in BACKENDS:
        raise ImproperlyConfigured(f"LIVE_STREAM_BACKEND must be one of {', '.join(BACKENDS)}.")
    if backend == "auto":
        # Pushpin signs what it forwards; a client could forge the header, but
        # all it would win is a short answer instead of a stream.
        return "HTTP_GRIP_SIG" in request.META
    return backend == "pushpin"


def grip_last_id(request: HttpRequest, name: str) -> str | None:
    """The last id Pushpin delivered on channel `name`, from a recovery request."""
    for header in request.META.get("HTTP_GRIP_LAST", "").split(","):
        parts = [part.strip() for part in header.split(";")]
        if parts[0] != name:
            continue
        for param in parts[1:]:
            key, _, value = param.partition("=")
            if key.strip() == "last-id":
                return value.strip().strip('"')
    return None


def hold(
    response: HttpResponse,
    name: str,
    *,
    prev_id: int | None,
    next_url: str,
    heartbeat: int,
    stream: bool = True,
) -> HttpResponse:
    """Add the GRIP instructions: hold as a stream (or fetch `next_url` for more)."""
    response["Grip-Channel"] = name if prev_id is None else f"{name}; prev-id={prev_id}"
    if stream:
        response["Grip-Hold"] = "stream"
        response["Grip-Keep-Alive"] = f": heartbeat\\n\\n; format=cstring; timeout={heartbeat}"
    response["Grip-Link"] = f"<{next_url}>; rel=next"
    return response


def item(name: str, event_id: int, prev_id: int | None, content: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "channel": name,
        "id": str(event_id),
        "formats": {"http-stream": {"content": content}},
    }
    if prev_id is not None:
        entry["prev-id"] = str(prev_id)
    return entry


def close_item(name: str) -> dict[str, Any]:
    """Ends every held stream of the channel (the story stopped being public)."""
    return {"channel": name, "formats": {"http-stream": {"action": "close"}}}


def publish(items: list[dict[str, Any]]) -> bool:
    """POST the items to Pushpin. Never raises: a publish has already committed."""
    url = settings.PUSHPIN_PUBLISH_URL
    if not url or not items:
        return False
    body = json.dumps({"items": items}).encode()
    request = urllib.request.Request(  # noqa: S310 - the URL is our own setting
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=PUBLISH_TIMEOUT) as answer:  # noqa: S310
            answer.read()
        return True
    except Exception:
        # Readers catch up through Last-Event-ID when they reconnect, and the
        # next event's prev-id makes Pushpin recover the missed one.
        logger.warning("Could not publish live update events to Pushpin at %s", url, exc_info=True)
        return False
