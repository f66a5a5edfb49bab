"""Pagination for the v2 listings whose `total_count` is counted once per listing version."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from wagtail.search.backends.base import BaseSearchResults

from cms.delivery.counts import with_cached_count
from cms.delivery.search_ranking import with_cached_search_count
from cms.wagtail_fixes.v2_query_params import CheckedPagination

__all__ = ["CachedCountPagination"]


class CachedCountPagination(CheckedPagination):
    """Wagtail's pagination with an exact `total_count` counted once per listing version,
    and `limit` and `offset` read by the one query-string parser.

    A search's count is cached the same way when a database backend answers it.
    """

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        if isinstance(queryset, QuerySet):
            queryset = with_cached_count(queryset)
        elif isinstance(queryset, BaseSearchResults):
            queryset = with_cached_search_count(queryset)
        return super().paginate_queryset(queryset, request, view)
