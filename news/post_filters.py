"""Filters for listings of Latest Updates posts, shared by API v2 and v3.

Both APIs parse `tag`, `published_after`, `published_before` (and v3 `search`)
here, with the one query-string parser (`cms.delivery.query_params`), so a
query means the same thing whichever API a client calls. A bad value raises
`InvalidParameter`, whose message starts with the parameter's name; each API
answers it with a 400.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from cms.delivery.query_params import InvalidParameter, iso_date, storable_datetime, text

__all__ = [
    "PARAMETERS",
    "PostFilters",
    "day_start",
    "search_posts",
    "searchable",
]

PARAMETERS = ("tag", "published_after", "published_before")


def day_start(parameter: str, value: str) -> datetime.datetime:
    """The first instant of a `YYYY-MM-DD` day in the newsroom's time zone (TIME_ZONE)."""
    day = iso_date(parameter, value)
    try:
        start = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone()
        )
    except (ValueError, OverflowError):
        raise InvalidParameter(parameter, f"{value!r} is out of range") from None
    # The database stores UTC; a day at the edge of the calendar may not exist there.
    return storable_datetime(parameter, start)


@dataclass(frozen=True)
class PostFilters:
    """The post filters a listing was asked for; an empty value counts as not given."""

    tag: str | None = None
    published_after: datetime.datetime | None = None
    published_before: datetime.datetime | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> PostFilters:
        """Parse the filters out of query parameters; other parameters are ignored."""
        tag, after, before = (params.get(name) or None for name in PARAMETERS)
        return cls(
            tag=text("tag", tag) or None,
            published_after=day_start("published_after", after) if after else None,
            published_before=day_start("published_before", before) if before else None,
        )

    def __bool__(self) -> bool:
        return any(
            value is not None for value in (self.tag, self.published_after, self.published_before)
        )

    def apply(self, posts: QuerySet) -> QuerySet:
        """Narrow a queryset of Latest Updates posts."""
        if self.tag is not None:
            # Exact tag name; a post carries a tag at most once, so no duplicates.
            posts = posts.filter(tags__name=self.tag)
        if self.published_after is not None:
            # On or after the start of that day.
            posts = posts.filter(first_published_at__gte=self.published_after)
        if self.published_before is not None:
            # Strictly before the start of that day.
            posts = posts.filter(first_published_at__lt=self.published_before)
        return posts


def searchable(posts: QuerySet) -> QuerySet:
    """The same posts as a queryset any search backend accepts.

    Search backends take only filters on fields declared as `FilterField`s; a
    tag, a view restriction or the site is none of those, so the filtered posts
    go into a "primary key in (...)" subquery instead.
    """
    return posts.model.objects.filter(pk__in=posts.values("pk"))


def search_posts(posts: QuerySet, query: str) -> Any:
    """Wagtail search (the default backend) over `posts`, in their queryset order.

    Results keep the queryset's order (newest first) rather than relevance, so
    paging a search is as stable as paging the listing. `posts` must be ordered
    and filtered on `FilterField`s only: wrap it in `searchable()` first.
    """
    if not query.strip():
        # Search backends fail on a query with no terms; no words means no search.
        return posts
    return get_search_backend().search(query, posts, order_by_relevance=False)
