"""Wagtail's v2 search filter for the delivery APIs, given only clean words.

Every API search (v2 pages, images and documents; the v3 post listing) reads its
terms through `cms.delivery.query_params.search_words`, so a stray double quote
or a NUL character is dropped or refused with a 400 naming the parameter, never
a database error. `checked_backends` (cms/wagtail_fixes/v2_query_params.py)
puts `CleanSearchFilter` in the place of Wagtail's `SearchFilter`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from wagtail.api.v2.filters import SearchFilter
from wagtail.models import Page

from cms.delivery.query_params import search_words
from cms.delivery.search_ranking import RecentRelevance

__all__ = ["CleanSearchFilter"]


class CleanSearchFilter(SearchFilter):
    """Wagtail's v2 search, given only words (a stray quote or a NUL was a 500), and
    ranking by relevance only the newest matches (`cms.delivery.search_ranking`)."""

    def filter_queryset(self, request: Any, queryset: QuerySet, view: Any) -> Any:
        if "search" not in request.GET:
            return super().filter_queryset(request, queryset, view)
        words = search_words("search", request.GET["search"])
        if words != request.GET["search"]:
            params = request._request.GET.copy()
            params["search"] = words
            request._request.GET = params
        # Wagtail's filter checks the request and the queryset (400s) and answers `order`.
        results = super().filter_queryset(request, queryset, view)
        ranks_pages = issubclass(queryset.model, Page) and RecentRelevance.applies_to(results)
        if "order" in request.GET or not words or not ranks_pages:
            # Images and documents have no publication date; a search server ranks fast itself.
            return results
        # Newest first ("id", not "pk": search backends sort on FilterFields only).
        newest = queryset.order_by("-first_published_at", "-id")
        return RecentRelevance(words, newest, operator=request.GET.get("search_operator"))
