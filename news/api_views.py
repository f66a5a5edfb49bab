"""Wagtail API v2 pages endpoint with the newsroom's post filters.

`tag`, `published_after` and `published_before` narrow listings to matching
Latest Updates posts; a listing of posts is newest first unless `order` says
otherwise. Bad values are a 400 that names the parameter.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from news.models import LatestUpdatesPage

POST_FILTERS = ("tag", "published_after", "published_before")


def _day_start(name: str, value: str) -> datetime.datetime:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise BadRequestError(f"{name}: {value!r} is not an ISO date (YYYY-MM-DD)") from None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class PostFilter(BaseFilterBackend):
    def filter_queryset(self, request: Any, queryset: QuerySet, view: Any) -> QuerySet:
        params = {name: request.GET[name] for name in POST_FILTERS if name in request.GET}
        if params:
            posts = LatestUpdatesPage.objects.all()
            if "tag" in params:
                posts = posts.filter(tags__name=params["tag"])
            if "published_after" in params:
                # On or after the start of that day, in the newsroom's time zone.
                posts = posts.filter(
                    first_published_at__gte=_day_start("published_after", params["published_after"])
                )
            if "published_before" in params:
                # Strictly before that day.
                posts = posts.filter(
                    first_published_at__lt=_day_start(
                        "published_before", params["published_before"]
                    )
                )
            queryset = queryset.filter(pk__in=posts.values("pk"))
        if queryset.model is LatestUpdatesPage and "order" not in request.GET:
            queryset = queryset.order_by("-first_published_at", "-pk")
        return queryset


class NewsPagesAPIViewSet(PagesAPIViewSet):
    # First, so the search filter (which must come last) still sees a plain queryset.
    filter_backends = [PostFilter, *PagesAPIViewSet.filter_backends]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(POST_FILTERS)
