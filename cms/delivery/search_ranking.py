"""Relevance-ranked page search whose cost does not grow with the archive.

Ranking is the expensive part of a database search: to find the 20 most
relevant pages, PostgreSQL computes `ts_rank` over every match's tsvector,
and a word a newsroom writes every day matches most of the archive (at
100,000 posts, "grain" matched 98% of them: seconds per request). So a
relevance-ordered search ranks only the newest `NEWS_SEARCH_RELEVANCE_WINDOW`
matches, with Wagtail's own ranking, and lists older matches after them,
newest first. A search with fewer matches than that is ranked as a whole,
exactly as before. Every match is still listed once and counted; only where
an old match appears changes.

The window's edge is its oldest match, `(first_published_at, id)`, found with
the newest-first search (which walks the publication-date index). Filtering
on either side of it, rather than on a list of ids, leaves both queries
plain filters on fields Wagtail's backends accept.

Counts are cached per listing version, as listing counts are
(`cms.delivery.counts`): the search index is updated in the same transaction
as the publish that bumps the version.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from wagtail.search.backends import get_search_backend

from cms.delivery.counts import cached_count

__all__ = ["RecentRelevance", "relevance_window", "search_count", "with_cached_search_count"]

# Enough to rank what a reader pages through; ranking more costs time, not quality.
DEFAULT_WINDOW = 500


def relevance_window() -> int:
    """How many of the newest matches a relevance-ordered search ranks (read per request)."""
    return getattr(settings, "NEWS_SEARCH_RELEVANCE_WINDOW", DEFAULT_WINDOW)


def _matches(results: Any) -> QuerySet | None:
    """The queryset behind a database backend's results; None for a search server's."""
    get_queryset = getattr(results, "get_queryset", None)
    return get_queryset() if get_queryset is not None else None


def search_count(results: Any) -> int:
    """`results.count()`, counted once per listing version where the backend allows."""
    matches = _matches(results)
    return results.count() if matches is None else cached_count(matches)


def with_cached_search_count(results: Any) -> Any:
    """`results`, whose count() is `search_count` (for code that calls count())."""
    matches = _matches(results)
    if matches is not None:
        results.count = lambda: cached_count(matches)
    return results


class RecentRelevance:
    """The results of `search(query, pages)`: newest matches by relevance, then the rest.

    `pages` must be ordered newest first (`-first_published_at`, `-id`) and
    filtered on search `FilterField`s only. Sliced like search results; a slice
    is a list of pages.
    """

    def __init__(self, query: str, pages: QuerySet, operator: str | None = None) -> None:
        self.query, self.pages, self.operator = query, pages, operator
        self.backend = get_search_backend()
        self.newest_first = self._search(pages, order_by_relevance=False)
        self._edge: tuple[Any, int] | None | bool = False  # False: not looked up yet

    def _search(self, pages: QuerySet, *, order_by_relevance: bool) -> Any:
        return self.backend.search(
            self.query, pages, operator=self.operator, order_by_relevance=order_by_relevance
        )

    @classmethod
    def applies_to(cls, results: Any) -> bool:
        """Whether `results` come from a database backend (a search server ranks fast itself)."""
        return _matches(results) is not None

    def edge(self) -> tuple[Any, int] | None:
        """(first_published_at, id) of the window's oldest match; None if all matches fit."""
        if self._edge is False:
            window = relevance_window()
            oldest = _matches(self.newest_first[window - 1 : window])
            row = oldest.values_list("first_published_at", "id").first()
            # A page never published has no date to cut at (SQLite sorts it last): rank all.
            self._edge = tuple(row) if row is not None and row[0] is not None else None
        return self._edge  # type: ignore[return-value]

    def count(self) -> int:
        return search_count(self.newest_first)

    def __len__(self) -> int:
        return self.count()

    def _parts(self) -> tuple[Any, Any | None]:
        edge = self.edge()
        if edge is None:
            return self._search(self.pages, order_by_relevance=True), None
        published, pk = edge
        newer = Q(first_published_at__gt=published) | Q(first_published_at=published, id__gte=pk)
        older = Q(first_published_at__lt=published) | Q(first_published_at=published, id__lt=pk)
        return (
            self._search(self.pages.filter(newer), order_by_relevance=True),
            self._search(self.pages.filter(older), order_by_relevance=False),
        )

    def __getitem__(self, key: slice) -> list[Any]:
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("RecentRelevance supports plain slices only")
        start = key.start or 0
        stop = key.stop if key.stop is not None else self.count()
        if stop <= start:
            return []
        ranked, rest = self._parts()
        if rest is None:
            return list(ranked[start:stop])
        window = relevance_window()
        items = list(ranked[start:stop]) if start < window else []
        if stop > window:
            items += list(rest[max(start - window, 0) : stop - window])
        return items
