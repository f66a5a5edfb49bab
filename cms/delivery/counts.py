"""Exact listing counts, computed once per listing version instead of per request.

A listing's `total_count` / `count` is a COUNT(*) over every matching post:
at 100,000 posts that is a parallel sequential scan and a hash join, most of
a built listing's time, repeated for every page a client fetches. The number
only changes when what listings show changes, and that is exactly when the
`structure` and `listings` version tokens change (versions.py; bumped after
the transaction commits). So the count is cached under those tokens and the
query's own SQL and parameters: every filter set, site and visibility rule
gets its own entry, and a publish, unpublish, move, delete or view
restriction makes the next request count again. The answer stays exact:
never a count from before the latest change.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

from cms.delivery import versions

__all__ = ["cached_count", "with_cached_count"]

# Entries of superseded versions are never read again; let them expire.
TIMEOUT = 24 * 60 * 60


def _key(queryset: QuerySet, version: str) -> str | None:
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None  # matches nothing whatever the data: count() answers without a query
    digest = hashlib.sha256(repr((queryset.db, sql, params)).encode()).hexdigest()
    return f"delivery:count:{version}:{digest}"


def cached_count(queryset: QuerySet) -> int:
    """`queryset.count()`, from the cache while no listing has changed since it was counted."""
    version = versions.current([versions.STRUCTURE, versions.LISTINGS])
    key = _key(queryset, version)
    if key is None:
        return queryset.count()
    found = cache.get(key)
    if found is not None:
        return found
    number = queryset.count()
    cache.set(key, number, timeout=TIMEOUT)
    return number


def with_cached_count(queryset: QuerySet) -> QuerySet:
    """A copy of `queryset` whose count() is `cached_count` (for code that calls count())."""
    copy = queryset.all()
    copy.count = lambda: cached_count(queryset)  # type: ignore[method-assign]
    return copy
