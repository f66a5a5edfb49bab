"""An update's JSON: one shape in the post detail, the feed, the stream and webhooks."""

from __future__ import annotations

import datetime
from typing import Any

from news.live.bodies import prefetch_bodies
from news.live.models import LiveUpdate, UpdateEvent

# The post detail shows this many of the newest published updates; the feed has the rest.
DETAIL_UPDATES = 20


def iso(moment: datetime.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def author_json(update: LiveUpdate) -> dict[str, str] | None:
    user = update.author
    if user is None:
        return None
    # Readers see a byline, never a username or an id.
    return {"name": user.get_full_name() or user.get_username()}


def update_json(update: LiveUpdate, context: dict[str, Any] | None = None) -> dict[str, Any]:
    """`{"id", "posted_at", "headline", "body", "pinned", "author": {"name"}}`."""
    from news.corrections.representation import corrections_json
    from news.embargo.fields import embargo_until_json

    body = update.body.stream_block.get_api_representation(update.body, context or {})
    return {
        "id": update.pk,
        "posted_at": iso(update.posted_at),
        "headline": update.headline,
        "body": body,
        "pinned": update.pinned,
        "author": author_json(update),
        "corrections": corrections_json(update),
        # Only a partner's answer shows an update under embargo (news/embargo/).
        "embargoed": update.embargoed,
        "embargo_until": embargo_until_json(update),
    }


def is_public(update: LiveUpdate | None) -> bool:
    return (
        update is not None
        and update.live
        and update.withdrawn_at is None
        and update.posted_at is not None
    )


def feed_item(event: UpdateEvent, update: LiveUpdate | None) -> dict[str, Any]:
    """One entry of the update feed and of the stream.

    `update` is the update as it is now, rendered only while readers may see
    it: a withdrawn update's older entries carry `null`, never its text.
    """
    return {
        "cursor": str(event.pk),
        "event": event.kind,
        "update": update_json(update) if is_public(update) else None,
        "update_id": event.update_id,
        "occurred_at": iso(event.occurred_at),
    }


def feed_items(events: list[UpdateEvent]) -> list[dict[str, Any]]:
    """Entries for a page of events, loading each update (and what its body shows) once."""
    ids = {event.update_id for event in events if event.update_id is not None}
    updates = LiveUpdate.objects.select_related("author").in_bulk(ids)
    prefetch_bodies(update for update in updates.values() if is_public(update))
    return [feed_item(event, updates.get(event.update_id)) for event in events]
