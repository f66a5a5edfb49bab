"""Pushing a story's update events to the readers holding its stream open.

Connected to `post_changed` by cms.changelog.events, after the cache and the
webhook outbox, and, like them, acting only after the transaction commits:
the event pushed is one that readers can also fetch, and the cache already
shows it when they do. Only Pushpin needs telling (PUSHPIN_PUBLISH_URL);
polling streams (news/live/stream_api.py) read the feed table themselves.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction

from cms.changelog.events import PostChange
from cms.changelog.models import PageChange
from news.live import grip
from news.live.models import UpdateEvent
from news.live.sse import format_events

logger = logging.getLogger(__name__)

# The story left readers: its held streams are closed (a reconnect gets a 404).
CLOSING_EVENTS = (PageChange.UNPUBLISHED, PageChange.DELETED)


def push_event(post_id: int, event_id: int) -> None:
    """Publish one committed event, rendered as it is now, with its predecessor's id."""
    event = UpdateEvent.objects.filter(pk=event_id).first()
    if event is None:
        return
    prev_id = (
        UpdateEvent.objects.filter(post_id=post_id, pk__lt=event_id)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    [content] = format_events([event])
    grip.publish([grip.item(grip.channel(post_id), event_id, prev_id, content)])


def _after_commit(func: Any, *args: Any) -> None:
    def run() -> None:
        try:
            func(*args)
        except Exception:  # the publish has committed; readers resume by cursor
            logger.exception("Could not push a live update event")

    transaction.on_commit(run)


def on_post_changed(sender: Any, change: PostChange, **kwargs: Any) -> None:
    if not settings.PUSHPIN_PUBLISH_URL:
        return
    if change.update_event is not None:
        _after_commit(push_event, change.page_id, change.update_event.pk)
    elif change.event in CLOSING_EVENTS:
        _after_commit(grip.publish, [grip.close_item(grip.channel(change.page_id))])
