"""GET /api/v3/news/posts/{id}/updates/: a live story's update feed, oldest first.

The same cursor logic as the change feed (cms/changelog/api.py, sharing
cms/changelog/cursors.py): each entry's `cursor` is its `UpdateEvent` primary
key, a client keeps `next_cursor` and asks again with `since`, and the walk
follows the primary key, so nothing is skipped or repeated. Withdrawn updates
stay in the feed as tombstones whose `update` is null, and so are their older
entries: the text is never served again (news.live.representation.feed_items).

Only a live story without a view restriction has a feed, whoever asks (a
token grants no extra visibility); any other id is a 404. A public story that
never had coverage has an empty feed. Answers are cached under the story's own
version token, like its detail (cms/delivery/middleware.py), so a new entry
reaches the next request at once.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.errors import ProblemDetail

from cms.changelog.cursors import parse_cursor
from cms.delivery.query_params import MAX_WHOLE_NUMBER, whole_number_or
from news.api.schemas import DateTimeString, live_schemas
from news.live.models import UpdateEvent
from news.live.representation import feed_items

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "UpdateFeedItem", "UpdateFeedPage", "router"]

router = Router(tags=["news"])
Update = live_schemas().Update

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class UpdateFeedItem(Schema):
    cursor: str = Field(description="Opaque position of this entry in the feed.")
    event: Literal["published", "updated", "withdrawn", "coverage.ended"]
    update: Update | None = Field(
        description="The update as readers see it now; null once it is withdrawn (in "
        "every entry about it, old ones too) and for `coverage.ended`."
    )
    update_id: int | None = Field(description="null for `coverage.ended`.")
    occurred_at: DateTimeString


class UpdateFeedPage(Schema):
    items: list[UpdateFeedItem]
    next_cursor: str | None = Field(description="Pass as `since` to get what happened next.")
    has_more: bool


def public_story(request: HttpRequest, post_id: int) -> Any:
    """The live, unrestricted story with this id on the request's site, or a 404."""
    from news.api.v3 import live_public_posts

    # Beyond a 64-bit key no row can match, and the database would refuse to compare.
    story = (
        live_public_posts(request).filter(pk=post_id).first()
        if post_id <= MAX_WHOLE_NUMBER
        else None
    )
    if story is None:
        raise Http404("No live story with this id.")
    return story


@router.get(
    "/posts/{int:post_id}/updates/",
    # 400: a bad `since` or `limit` (problem+json naming it; cms/api.py answers InvalidParameter).
    response={200: UpdateFeedPage, 400: ProblemDetail},
    auth=[BearerTokenAuth(), AllowAnonymous()],
    url_name="news_post_updates",
    operation_id="news_post_updates",
    summary="A live story's updates published, edited and withdrawn, oldest first",
)
def post_updates(
    request: HttpRequest,
    post_id: int,
    since: str | None = Query(
        None, description="A `cursor` or `next_cursor` from this feed; empty for the start."
    ),
    limit: str | None = Query(
        None, description=f"Entries per page: 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT})."
    ),
) -> dict[str, Any]:
    # The parameters first: a bad one is a 400 whether or not the story exists.
    after = parse_cursor(since)
    size = whole_number_or("limit", limit, DEFAULT_LIMIT, low=1, high=MAX_LIMIT)
    story = public_story(request, post_id)
    # One row more than asked for tells whether there is more, without a count.
    events = list(
        UpdateEvent.objects.filter(post_id=story.pk, pk__gt=after).order_by("pk")[: size + 1]
    )
    has_more = len(events) > size
    events = events[:size]
    return {
        "items": feed_items(events),
        "next_cursor": str(events[-1].pk) if events else (since or None),
        "has_more": has_more,
    }
