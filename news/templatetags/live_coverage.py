"""`{% live_coverage page %}`: a live story's updates on its public page."""

from __future__ import annotations

from typing import Any

from django import template

from news.live.coverage import coverage_status
from news.live.models import LiveUpdate
from news.live.sse import latest_event_id

register = template.Library()

# The page shows this many of the newest updates; the update feed has them all.
PAGE_UPDATES = 100


def stream_url(post: Any) -> str:
    # The contract's URL (docs/live.md), served by news/live/stream_api.py.
    return f"/api/v3/news/posts/{post.pk}/updates/stream/"


@register.inclusion_tag("news/live/public_updates.html")
def live_coverage(page: Any) -> dict[str, Any]:
    status = coverage_status(page)
    if status is None:
        return {"status": None}
    # Read before the updates: the stream then replays anything published while
    # this page was being built, so a reader never misses an update (showing one
    # twice is harmless: the script replaces it in place).
    cursor = latest_event_id(page.pk) or 0
    public = LiveUpdate.objects.public().filter(post=page).select_related("author")
    return {
        "status": status,
        "page": page,
        "pinned": list(public.filter(pinned=True).order_by("-posted_at", "-pk")),
        "updates": list(public.filter(pinned=False).order_by("-posted_at", "-pk")[:PAGE_UPDATES]),
        "stream_url": f"{stream_url(page)}?last_event_id={cursor}",
    }
