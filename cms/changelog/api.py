"""GET /api/v3/news/changes/: the change log as an incremental-sync feed.

A client keeps `next_cursor` and asks again with `since=<cursor>`. Replaying
from the start and applying each event (published and updated: upsert;
unpublished and deleted: remove; moved: update the address) yields exactly the
live posts. `updated` says a live story changed without a new revision (an
update inside it was published, edited or withdrawn; news/live/).
The query walks the primary key from the cursor, so its cost follows the
number of changes returned, not the number of posts.
"""

import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.errors import ProblemDetail

from cms.changelog.cursors import parse_cursor
from cms.changelog.models import PageChange
from cms.delivery.query_params import whole_number_or

router = Router(tags=["news"])

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


class ChangeItem(Schema):
    cursor: str = Field(description="Opaque position of this event in the feed.")
    event: Literal["published", "unpublished", "deleted", "moved", "updated"] = Field(
        description="`updated`: something the post shows changed without a new revision of "
        "the post (a live update published, edited or withdrawn; live coverage started or "
        "ended). Refetch the post."
    )
    page_id: int
    revision_id: int | None
    occurred_at: datetime.datetime
    url_path: str


class ChangePage(Schema):
    items: list[ChangeItem]
    next_cursor: str | None = Field(description="Pass as `since` to get what happened next.")
    has_more: bool


@router.get(
    "/changes/",
    # 400: a bad `since` or `limit` (problem+json naming it; cms/api.py answers InvalidParameter).
    response={200: ChangePage, 400: ProblemDetail},
    auth=[BearerTokenAuth(), AllowAnonymous()],
    url_name="news_changes",
    operation_id="news_changes",
    summary="Published, unpublished, moved, deleted and updated posts, oldest first",
)
def changes(request: HttpRequest, since: str | None = None, limit: str | None = None):
    after = parse_cursor(since)
    size = whole_number_or("limit", limit, DEFAULT_LIMIT, low=1, high=MAX_LIMIT)
    # One row more than asked for tells whether there is more, without a count.
    rows = list(PageChange.objects.filter(pk__gt=after).order_by("pk")[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    return {
        "items": [
            {
                "cursor": str(row.pk),
                "event": row.event,
                "page_id": row.page_id,
                "revision_id": row.revision_id,
                "occurred_at": row.occurred_at,
                "url_path": row.url_path,
            }
            for row in rows
        ],
        "next_cursor": str(rows[-1].pk) if rows else (since or None),
        "has_more": has_more,
    }
