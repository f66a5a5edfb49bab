"""GET /api/v3/news/posts/: live Latest Updates posts, newest first, as typed summaries.

The listing a front end pages through (a section front, a tag page, search
results); `detail_url` fetches the whole post from /api/v3/pages/<id>/. Filters
mean exactly what they mean in API v2 (`news.post_filters`). Only live posts
without a view restriction are listed, whoever asks: a token grants no extra
visibility here.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from wagtail.api.v2.utils import get_full_url
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.errors import ProblemDetail
from wagtail.models import Site

from cms.delivery.counts import cached_count
from cms.delivery.query_params import search_words, whole_number_or
from cms.delivery.search_ranking import search_count
from news.api.fields import image_api_representation, with_api_relations
from news.api.schemas import DateTimeString, Image
from news.embargo.fields import embargo_until_json
from news.embargo.lookup import embargoed_posts
from news.embargo.partners import request_partner
from news.models import LatestUpdatesPage
from news.post_filters import PostFilters, search_posts, searchable

__all__ = ["PostListing", "PostSummary", "router"]

router = Router(tags=["news"])

DEFAULT_LIMIT = 20


class PostSummary(Schema):
    id: int
    title: str
    slug: str
    standfirst: str
    dateline: datetime.date | None
    tags: list[str] = Field(description="Tag names, sorted.")
    first_published_at: datetime.datetime
    last_published_at: datetime.datetime
    url_path: str = Field(description="The public path, relative to the site root.")
    html_url: str = Field(description="The post on the public site.")
    detail_url: str = Field(description="The whole post: /api/v3/pages/<id>/.")
    lead_image: Image | None
    embargoed: bool = Field(
        description="Only in a partner's listing: approved, public at `embargo_until`."
    )
    embargo_until: DateTimeString | None = Field(
        description="When the embargo lifts; null when not under embargo."
    )


class PostListing(Schema):
    count: int = Field(description="Posts matching the query, across all pages.")
    items: list[PostSummary]


def _limit_max() -> int | None:
    # Read per request, like Wagtail's own paginator, so settings overrides apply;
    # None: no maximum but the database's (query_params.MAX_WHOLE_NUMBER).
    return getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)


def live_public_posts(request: HttpRequest) -> QuerySet[LatestUpdatesPage]:
    """Live posts of the request's site with no view restriction, whatever the auth."""
    site = Site.find_for_request(request)
    if site is None:
        return LatestUpdatesPage.objects.none()
    return LatestUpdatesPage.objects.live().public().descendant_of(site.root_page, inclusive=True)


def _embargoed_for(request: HttpRequest, filters: PostFilters) -> list[Any]:
    """A partner's embargoed posts matching the filters, by the approved versions' tags;
    none for anyone else. Dates filter on publication, which they have not had."""
    if not request_partner(request):
        return []
    found = embargoed_posts()
    if filters.published_after or filters.published_before:
        return []
    if filters.tag:
        found = [post for post in found if filters.tag in {tag.name for tag in post.tags.all()}]
    # Latest lift first: the listing is newest first, and these are published after all else.
    return sorted(found, key=lambda post: (post.embargo_until, post.pk), reverse=True)


def _with_embargoed(
    request: HttpRequest, embargoed: list[Any], posts: QuerySet, start: int, size: int
) -> dict[str, Any]:
    """Embargoed posts first (they are published last), then the live ones; their
    publication times are the embargo's lift time (news/embargo/lookup.py)."""
    shown = embargoed[start : start + size]
    rest = size - len(shown)
    skip = max(start - len(embargoed), 0)
    if rest > 0:
        shown += list(posts[skip : skip + rest])
    return {
        "count": len(embargoed) + cached_count(posts),
        "items": [_summary(request, post) for post in shown],
    }


def _with_summary_data(posts: QuerySet) -> QuerySet:
    """Newest first, with everything a summary reads loaded in a fixed number of queries."""
    return with_api_relations(posts.order_by("-first_published_at", "-id"))


def _summary(request: HttpRequest, post: LatestUpdatesPage) -> dict[str, Any]:
    url_parts = post.get_url_parts(request)
    return {
        "id": post.pk,
        "title": post.title,
        "slug": post.slug,
        "standfirst": post.standfirst,
        "dateline": post.dateline,
        # From the prefetched tags; sorting here spares a query per post.
        "tags": sorted(tag.name for tag in post.tags.all()),
        "first_published_at": post.first_published_at,
        "last_published_at": post.last_published_at,
        "url_path": url_parts[2] if url_parts else post.url_path,
        "html_url": post.get_full_url(request),
        "detail_url": get_full_url(
            request, reverse("wagtailapi_v3:detail_page", kwargs={"page_id": post.pk})
        ),
        "lead_image": image_api_representation(post.lead_image),
        "embargoed": post.embargoed,
        "embargo_until": embargo_until_json(post),
    }


@router.get(
    "/posts/",
    # 400 documented so generated clients know the problem+json shape of a bad parameter.
    response={200: PostListing, 400: ProblemDetail},
    auth=[BearerTokenAuth(), AllowAnonymous()],
    url_name="news_posts",
    operation_id="news_posts",
    summary="Live Latest Updates posts, newest first",
)
def list_posts(
    request: HttpRequest,
    # Plain strings, parsed below by cms.delivery.query_params: a bad value is a
    # 400 naming the parameter (InvalidParameter, answered in cms/api.py), never
    # ninja's generic 422.
    tag: str | None = Query(None, description="Posts with this tag (exact name)."),
    published_after: str | None = Query(
        None,
        description="First published on or after this day (YYYY-MM-DD, newsroom time zone).",
        example="2024-12-01",
    ),
    published_before: str | None = Query(
        None,
        description="First published before this day (YYYY-MM-DD, newsroom time zone).",
        example="2025-01-01",
    ),
    search: str | None = Query(None, description="Words in the title, standfirst, body or tags."),
    limit: str | None = Query(
        None, description=f"Posts per page: 1 to WAGTAILAPI_LIMIT_MAX (default {DEFAULT_LIMIT})."
    ),
    offset: str | None = Query(None, description="Posts to skip (default 0)."),
) -> dict[str, Any]:
    size = whole_number_or("limit", limit, DEFAULT_LIMIT, low=1, high=_limit_max())
    start = whole_number_or("offset", offset, 0)
    filters = PostFilters.from_params(
        {"tag": tag, "published_after": published_after, "published_before": published_before}
    )
    query = search_words("search", search)

    posts = filters.apply(live_public_posts(request))
    embargoed = [] if query else _embargoed_for(request, filters)
    if embargoed:
        return _with_embargoed(request, embargoed, _with_summary_data(posts), start, size)
    if query:
        results = search_posts(_with_summary_data(searchable(posts)), query)
        # Counted once per listing version too: at 100,000 posts a common word's count
        # reads most of the search index.
        count = search_count(results)
    else:
        results = _with_summary_data(posts)
        # Exact, and counted once per listing version rather than per request.
        count = cached_count(results)
    return {
        "count": count,
        "items": [_summary(request, post) for post in results[start : start + size]],
    }
