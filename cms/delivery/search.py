"""Search in the delivery APIs: cleaning what a client typed, and Wagtail's v2 search filter.

Every API search (v2 pages, images and documents; the v3 post listing) reads its
terms through `search_words`, so a stray double quote or a NUL character is
dropped or refused with a 400 naming the parameter, never a database error.
`with_clean_search` swaps Wagtail's v2 `SearchFilter` for `CleanSearchFilter`
in a viewset's filter backends.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Page

from cms.delivery.search_ranking import RecentRelevance

__all__ = [
    "CleanSearchFilter",
    "InvalidFilter",
    "search_words",
    "text",
    "unquoted",
    "with_clean_search",
]


class InvalidFilter(ValueError):
    """A query parameter with a value that cannot be used."""

    def __init__(self, parameter: str, problem: str) -> None:
        self.parameter = parameter
        super().__init__(f"{parameter}: {problem}")


def text(parameter: str, value: str | None) -> str:
    """A free-text value ("" when absent), refusing what the database would choke on."""
    if value and "\x00" in value:
        # PostgreSQL cannot store or compare NUL characters: a 400, not a 500.
        raise InvalidFilter(parameter, "must not contain NUL characters")
    return value or ""


def unquoted(query: str) -> str:
    """A search query without double quotes, which no search here gives a meaning to.

    A plain-text search has no quote syntax, but modelsearch's SQLite (FTS5)
    backend wraps each term in double quotes without escaping them, so one stray
    `"` was a database error. Dropping quotes changes no result on any backend.
    """
    return query.replace('"', " ").strip()


def search_words(parameter: str, value: str | None) -> str:
    """The words to search for in an API search parameter; "" means no search."""
    return unquoted(text(parameter, value))


class CleanSearchFilter(SearchFilter):
    """Wagtail's v2 search, given only words (a stray quote or a NUL was a 500), and
    ranking by relevance only the newest matches (`cms.delivery.search_ranking`)."""

    def filter_queryset(self, request: Any, queryset: QuerySet, view: Any) -> Any:
        if "search" not in request.GET:
            return super().filter_queryset(request, queryset, view)
        try:
            words = search_words("search", request.GET["search"])
        except InvalidFilter as error:
            raise BadRequestError(str(error)) from None
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


def with_clean_search(backends: list[type]) -> list[type]:
    return [CleanSearchFilter if backend is SearchFilter else backend for backend in backends]
