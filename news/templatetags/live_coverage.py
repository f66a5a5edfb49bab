"""`{% live_coverage page %}`: a live story's updates on its public page."""

from __future__ import annotations

from typing import Any

from django import template

from news.live.coverage import coverage_status
from news.live.models import LiveUpdate

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
    public = LiveUpdate.objects.public().filter(post=page).select_related("author")
    return {
        "status": status,
        "page": page,
        "pinned": list(public.filter(pinned=True).order_by("-posted_at", "-pk")),
        "updates": list(public.filter(pinned=False).order_by("-posted_at", "-pk")[:PAGE_UPDATES]),
        "stream_url": stream_url(page),
    }
