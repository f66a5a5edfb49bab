"""Malformed v3 requests that crashed Wagtail 8.0 answer 400/422 problem+json.

Each was found by schemathesis with a writer's or an editor's token (.ci/fuzz)
as a 500; the fix changes nothing for a request the server could serve.

- Listing offsets: Wagtail's v3 paginator (wagtail/api/v3/pagination.py) bounds
  `offset` only from below, and no database takes an OFFSET beyond a signed
  64-bit integer: `GET /api/v3/images/?offset=2519291803819167449088` raised
  "datatype mismatch" from SQLite. Now a 400, as Wagtail answers a `limit`
  above WAGTAILAPI_LIMIT_MAX; the document declares the bound
  (cms/delivery/openapi_parameters.py).
- Revision filters: `RevisionFilterSchema.user_id` is typed `int | str` (for
  user models with non-integer keys), and a value the user key cannot take
  (`GET /api/v3/pages/4/revisions/?user_id=abc`) raised ValueError while the
  filter was built. Now a 422 naming the parameter.
- Stream bodies: `build_page_update_form` and `build_page_form` turn a
  StreamField's JSON into form data (wagtail/api/v3/form_data.py,
  `flatten_block_value`) assuming its shape, and an item without `type`, a
  struct value that is not an object or a list that is not a list raised
  KeyError/TypeError/AttributeError. Now a 422 naming the field, as for any
  other invalid block.
- Searches: Wagtail's v3 lists hand `?search=` to the search backend as it
  came, and SQLite's FTS5 refuses a stray quote or control character with an
  OperationalError (seen as a 503 "database unavailable" on
  `GET /api/v3/documents/?search=…"…`). The search is reduced to its words
  first, as v2's (news/api_views.py, CleanSearchFilter) and our own lists do;
  a value with nothing searchable left in it is a 400.
"""

from __future__ import annotations

import functools
from typing import Any

from django.core.exceptions import ValidationError
from ninja.errors import HttpError
from wagtail.api.v3 import form_data
from wagtail.api.v3.errors import as_validation_error
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.api.v3.schemas.params import RevisionFilterSchema, SearchSchema

from news.post_filters import InvalidFilter, search_words

__all__ = ["MAX_OFFSET", "install", "installed"]

MAX_OFFSET = 2**63 - 1

_PAGINATE = WagtailLimitOffsetPagination.paginate_queryset
_FILTER = RevisionFilterSchema.filter
_FLATTEN = form_data.flatten_block_value
_SEARCH = SearchSchema.search_queryset


@functools.wraps(_PAGINATE)
def _paginate_queryset(self: Any, queryset: Any, pagination: Any, request: Any, **params: Any):
    if pagination.offset > MAX_OFFSET:
        raise HttpError(400, f"offset cannot be higher than {MAX_OFFSET}")
    return _PAGINATE(self, queryset, pagination, request, **params)


@functools.wraps(_FILTER)
def _filter_revisions(self: Any, queryset: Any) -> Any:
    try:
        return _FILTER(self, queryset)
    except (ValueError, ValidationError) as error:
        message = f"user_id: no user can have the id {self.user_id!r}."
        raise as_validation_error(error, message, loc=("query", "user_id")) from None


@functools.wraps(_FLATTEN)
def _flatten_block_value(block: Any, value: Any, prefix: str, data: Any) -> None:
    # Recursive calls look the name up in the module, so they come through here
    # too, and the innermost level that fails names the field.
    try:
        _FLATTEN(block, value, prefix, data)
    except (KeyError, TypeError, AttributeError, IndexError) as error:
        raise ValidationError(
            f"{prefix}: not in the block's JSON shape ({type(error).__name__}: {error})."
        ) from None


@functools.wraps(_SEARCH)
def _search_queryset(self: Any, request: Any, queryset: Any) -> Any:
    if self.search is not None:
        try:
            words = search_words("search", self.search)
        except InvalidFilter as error:
            raise HttpError(400, str(error)) from None
        if words != self.search:
            self = self.model_copy(update={"search": words})
    return _SEARCH(self, request, queryset)


def install() -> None:
    WagtailLimitOffsetPagination.paginate_queryset = _paginate_queryset
    RevisionFilterSchema.filter = _filter_revisions
    form_data.flatten_block_value = _flatten_block_value
    SearchSchema.search_queryset = _search_queryset


def installed() -> bool:
    return (
        WagtailLimitOffsetPagination.paginate_queryset is _paginate_queryset
        and RevisionFilterSchema.filter is _filter_revisions
        and form_data.flatten_block_value is _flatten_block_value
        and SearchSchema.search_queryset is _search_queryset
    )
