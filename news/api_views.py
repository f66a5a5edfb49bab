"""Wagtail API v2 pages endpoint with the newsroom's post filters.

`tag`, `published_after` and `published_before` narrow listings to matching
Latest Updates posts; a listing of posts is newest first unless `order` says
otherwise. Bad values are a 400 that names the parameter. The parsing lives in
`news.post_filters`, shared with the v3 listing, so both APIs agree.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from news.models import LatestUpdatesPage
from news.post_filters import PARAMETERS, InvalidFilter, PostFilters

POST_FILTERS = PARAMETERS


class PostFilter(BaseFilterBackend):
    def filter_queryset(self, request: Any, queryset: QuerySet, view: Any) -> QuerySet:
        try:
            filters = PostFilters.from_params(request.GET)
        except InvalidFilter as error:
            raise BadRequestError(str(error)) from None
        if filters:
            # A subquery, so the filters also narrow a listing of generic pages to posts,
            # and Wagtail's search filter (which accepts only FilterFields) still works.
            posts = filters.apply(LatestUpdatesPage.objects.all())
            queryset = queryset.filter(pk__in=posts.values("pk"))
        if queryset.model is LatestUpdatesPage and "order" not in request.GET:
            queryset = queryset.order_by("-first_published_at", "-pk")
        return queryset


class NewsPagesAPIViewSet(PagesAPIViewSet):
    # First, so the search filter (which must come last) still sees a plain queryset.
    filter_backends = [PostFilter, *PagesAPIViewSet.filter_backends]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(POST_FILTERS)
