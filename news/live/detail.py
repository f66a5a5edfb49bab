"""The post detail's `live`: a story's coverage and its newest updates, in both APIs.

`live_json(post)` is null for a story that never had coverage; otherwise
`{"status", "started_at", "ended_at", "pinned", "updates", "updates_url",
"stream_url"}`. It reads only published, not withdrawn updates, in a fixed
number of queries whatever their number, and is cached with the post's detail:
publishing, editing or withdrawing an update records a change-log `updated`
row for the story, whose `post_changed` replaces the cached detail
(cms/delivery/invalidation.py).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from rest_framework.fields import Field

from news.live.bodies import prefetch_bodies
from news.live.coverage import coverage_status
from news.live.models import LiveUpdate
from news.live.representation import DETAIL_UPDATES, iso, update_json

__all__ = ["PARTNER_VIEW", "LiveCoverageField", "live_json", "stream_url", "updates_url"]

# Set on a post being answered to a partner's token (news/embargo/), whose
# `live` then lists embargoed updates too; such answers are never shared.
PARTNER_VIEW = "_partner_view"

# The routes' paths, relative to the API's own origin (WAGTAILAPI_BASE_URL).
UPDATES_PATH = "/api/v3/news/posts/{}/updates/"
STREAM_PATH = "/api/v3/news/posts/{}/updates/stream/"


def updates_url(post_id: int) -> str:
    return urljoin(settings.WAGTAILAPI_BASE_URL, UPDATES_PATH.format(post_id))


def stream_url(post_id: int) -> str:
    return urljoin(settings.WAGTAILAPI_BASE_URL, STREAM_PATH.format(post_id))


def shown_updates(post: Any) -> tuple[list[LiveUpdate], list[LiveUpdate]]:
    """(pinned, newest): what the detail shows, with authors and bodies loaded."""
    public = LiveUpdate.objects.public().filter(post_id=post.pk).select_related("author")
    newest = list(public.order_by("-posted_at", "-pk")[:DETAIL_UPDATES])
    loaded = {update.pk: update for update in newest}
    # A pinned update among the newest is the same object, so its body loads once.
    pinned = [
        loaded.get(update.pk, update)
        for update in public.filter(pinned=True).order_by("-posted_at", "-pk")
    ]
    prefetch_bodies({update.pk: update for update in [*newest, *pinned]}.values())
    return pinned, newest


def live_json(post: Any, context: dict[str, Any] | None = None) -> dict[str, Any] | None:
    status = coverage_status(post)
    if status is None:
        return None
    pinned, newest = shown_updates(post)
    if getattr(post, PARTNER_VIEW, False):
        # A partner's answer (news/embargo/): embargoed updates first, as the newest.
        from news.embargo.lookup import embargoed_updates

        newest = [
            *sorted(embargoed_updates(post.pk), key=lambda u: u.embargo_until, reverse=True),
            *newest,
        ]
    return {
        "status": status,
        "started_at": iso(post.coverage_started_at),
        # Only once it has happened: an end set in the future is not an end yet.
        "ended_at": iso(post.coverage_ended_at) if status == "ended" else None,
        "pinned": [update_json(update, context) for update in pinned],
        "updates": [update_json(update, context) for update in newest],
        "updates_url": updates_url(post.pk),
        "stream_url": stream_url(post.pk),
    }


class LiveCoverageField(Field):
    """`live` as an API field, in v2 and (through Wagtail's shim) v3; detail only."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        # The whole page: coverage is read from its fields and its updates.
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> dict[str, Any] | None:
        return live_json(value, self.context)
