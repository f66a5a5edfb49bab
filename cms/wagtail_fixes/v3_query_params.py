"""Wagtail 8.0's API v3 answers no query string with a 500.

Where Wagtail's v3 passes a query parameter on without holding it to what the
database takes, the one query-string parser (cms/delivery/query_params.py)
checks it first; a refusal raises InvalidParameter, which cms/api.py answers
with a 400 problem+json naming the parameter. Each patch wraps a method Wagtail
calls per request, so it reaches every v3 router using it (pages, images,
documents, snippets, redirects, sites) whenever those were imported:

- `WagtailLimitOffsetPagination.paginate_queryset` (wagtail/api/v3/pagination.py):
  its `Input` holds `limit` to >= 1 and `offset` to >= 0 with no upper bound, so
  `?offset=10000000000000000000` reached the database: SQLite refused the
  OFFSET ("datatype mismatch"), a 500. With WAGTAILAPI_LIMIT_MAX = None the
  same held for `limit`.
- `SearchSchema.search_queryset` (wagtail/api/v3/schemas/params.py): `search`
  goes to the search backend as it came. On SQLite, modelsearch's FTS5 query
  wraps each term in double quotes without escaping them (`Lexeme.as_sql` in
  modelsearch/backends/database/sqlite/query.py), so a `"` was a syntax error,
  as was a NUL; the database error came back as a 503 "database unavailable".
  The words are now read as v2 and /api/v3/news/posts/ read them: a NUL is
  refused, double quotes are dropped.
- `RevisionFilterSchema.filter` (same file): `created_at_from` and the other
  datetimes come parsed by pydantic, which takes 0001-01-01T00:00+14:00, a time
  with no UTC counterpart: Django's conversion to UTC raised OverflowError.
  `user_id` is typed `int | str`, so "abc" reached the lookup (ValueError) and
  so did a number beyond 64 bits (OverflowError on SQLite); an empty
  `user_id=` is read as no filter.
- `OrderingSchema.order_queryset` (same file): a bad `order` is a 422 whose
  error has an empty `loc`, so nothing says which parameter was wrong; the
  same 422 now carries `loc: ["query", "order"]`.
- `SiteFilterValidator.query` (wagtail/api/validators.py, used by v2 and v3
  alike): `?site=host:port` sends the port to the database as it came, so
  "host:!" raised ValueError, which v2 and the v3 listing answer with a 400
  that does not name `site`, and v3's `/pages/find/` (with `html_path`) with a
  500. The port is now read as a whole number.
- `APIFieldFilterSchema.filter_queryset` (same file): a filter on a model field
  (`?first_published_at=`, a post's `?dateline=`) is converted with the
  field's `get_prep_value`, and only ValueError is caught; a date that does not
  parse raises Django's ValidationError and a datetime with no UTC counterpart
  OverflowError, both 500s.

Upstream: no issue filed that we know of. Checked against Wagtail 8.0.x.
Installed by `cms.wagtail_fixes.install_all()`.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError as PydanticValidationError
from wagtail.api.v3.errors import as_validation_error
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.api.v3.schemas.params import (
    APIFieldFilterSchema,
    OrderingSchema,
    RevisionFilterSchema,
    SearchSchema,
)
from wagtail.api.validators import SiteFilterValidator

from cms.delivery.query_params import (
    InvalidParameter,
    bounded,
    check_field_filter,
    search_words,
    storable_datetime,
    whole_number,
)

__all__ = ["install", "installed"]

# Marks a wrapper, so install() is idempotent and installed() can tell.
_PATCHED = "_query_params_patch"


def _paginate_queryset(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def paginate_queryset(self: Any, queryset: Any, pagination: Any, *args: Any, **kw: Any) -> Any:
        # pydantic parsed them; only the upper bound is missing.
        bounded("limit", pagination.limit, low=1)
        bounded("offset", pagination.offset)
        return original(self, queryset, pagination, *args, **kw)

    return paginate_queryset


def _search_queryset(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def search_queryset(self: Any, request: Any, queryset: Any) -> Any:
        if self.search is not None:
            # A copy: the schema instance is the parsed request, left as it came.
            self = self.model_copy(update={"search": search_words("search", self.search)})
        return original(self, request, queryset)

    return search_queryset


def _revision_filter(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def filter(self: Any, queryset: Any) -> Any:  # noqa: A001 - FilterSchema's name
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, datetime.datetime):
                storable_datetime(name, value)
        if self.user_id == "":
            # An empty value is no value, as on every list of ours: no filter.
            self = self.model_copy(update={"user_id": None})
        elif self.user_id is not None:
            whole_number("user_id", str(self.user_id))
        return original(self, queryset)

    return filter


def _field_filter(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def filter_queryset(self: Any, queryset: Any) -> Any:
        params = self.raw_params.copy()
        for name in self.get_validated_fields(queryset):
            value = self.raw_params.get(name)
            if value is not None:
                checked = check_field_filter(name, queryset.model._meta.get_field(name), value)
                if checked != value:  # repeated values (tags) stay as they came
                    params[name] = checked
        # A copy with a naive datetime made aware; the request's own stays as it came.
        return original(self.model_copy(update={"raw_params": params}), queryset)

    return filter_queryset


def _order_queryset(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def order_queryset(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return original(self, *args, **kwargs)
        except PydanticValidationError as error:
            message = "; ".join(str(e.get("msg", "")) for e in error.errors()) or str(error)
            raise as_validation_error(error, message, loc=("query", "order")) from error

    return order_queryset


def _site_query(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def query(self: Any) -> Any:
        lookup = original(self)
        if lookup and "port" in lookup:
            try:
                whole_number("site", lookup["port"], high=65535)
            except InvalidParameter:
                # A ValueError, which both APIs already answer with a 400.
                raise InvalidParameter(
                    "site", f"{self.site[:40]!r}: the port after ':' must be a number to 65535"
                ) from None
        return lookup

    return query


_PATCHES: list[tuple[type, str, Callable[[Callable[..., Any]], Callable[..., Any]]]] = [
    (WagtailLimitOffsetPagination, "paginate_queryset", _paginate_queryset),
    (SearchSchema, "search_queryset", _search_queryset),
    (RevisionFilterSchema, "filter", _revision_filter),
    (APIFieldFilterSchema, "filter_queryset", _field_filter),
    (OrderingSchema, "order_queryset", _order_queryset),
]
# A cached_property (pydantic's computed_field): its function is wrapped in place.
_SITE_QUERY = SiteFilterValidator.__dict__["query"]


def install() -> None:
    for owner, name, wrap in _PATCHES:
        # getattr, not __dict__: RevisionFilterSchema inherits `filter` from ninja.
        current = getattr(owner, name)
        if not getattr(current, _PATCHED, False):
            wrapped = wrap(current)
            setattr(wrapped, _PATCHED, True)
            setattr(owner, name, wrapped)
    if not getattr(_SITE_QUERY.func, _PATCHED, False):
        _SITE_QUERY.func = _site_query(_SITE_QUERY.func)
        setattr(_SITE_QUERY.func, _PATCHED, True)


def installed() -> bool:
    methods = all(getattr(getattr(owner, name), _PATCHED, False) for owner, name, _ in _PATCHES)
    return methods and getattr(_SITE_QUERY.func, _PATCHED, False)
