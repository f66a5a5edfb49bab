"""Wagtail API v2's query parameters read by the one parser before Wagtail reads them.

Works around, in Wagtail 8.0.x (upstream: no issue filed that we know of):

- `WagtailPagination` (wagtail/api/v2/pagination.py) reads `limit` and
  `offset` with `int()`: it took "٣", and an offset past 2**63 - 1 failed in
  the database, a 500.
- `BaseAPIViewSet.find_object` (wagtail/api/v2/views.py) passes `id` to
  `queryset.get()` unchecked: `id=abc` was a 500.
- `FieldsFilter` (wagtail/api/v2/filters.py) converts only booleans and
  integers and catches only ValueError: a date that does not parse, or a
  40-digit foreign key, was a 500.
- `ChildOfFilter` and its kin read page ids with `int()`, and their refusals
  of an id that is no page do not name the parameter.

These are subclasses our endpoints use (cms/api.py, news/api/v2.py), not
patches; nothing to install. Refusals raise `InvalidParameter`, which
`ProblemDetailsMixin` answers with a 400 problem+json naming the parameter.
Check on upgrade: `tests/api/test_bad_query_params.py`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError

from cms.delivery.query_params import InvalidParameter, check_field_filter, whole_number
from cms.delivery.search import CleanSearchFilter

__all__ = [
    "CheckedFieldsFilter",
    "CheckedPagination",
    "CheckedQueryParams",
    "PageIdsFilter",
    "checked_backends",
]


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's filters on model fields (`?dateline=`, `?lead_image=`), values checked first.

    Wagtail converts only booleans and integers and catches only ValueError: a
    date that does not parse raised ValidationError, a 40-digit foreign key
    OverflowError, both 500s (`query_params.check_field_filter`).
    """

    def filter_queryset(self, request: Any, queryset: QuerySet, view: Any) -> QuerySet:
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True)) - {"locale"}
        params = request._request.GET.copy()
        for name, value in request.GET.items():
            if name in fields:
                checked = check_field_filter(name, queryset.model._meta.get_field(name), value)
                if checked != value:
                    params[name] = checked
        if params != request.GET:
            # Wagtail reads request.GET; a naive datetime is given to it made aware.
            request._request.GET = params
        return super().filter_queryset(request, queryset, view)


CHECKED = {SearchFilter: CleanSearchFilter, FieldsFilter: CheckedFieldsFilter}


def checked_backends(backends: list[type]) -> list[type]:
    """Wagtail's v2 filter backends, with the search and field filters above in their place."""
    return [CHECKED.get(backend, backend) for backend in backends]


class PageIdsFilter(BaseFilterBackend):
    """`child_of`, `descendant_of`, `translation_of` ("root" or a page id) and
    `ancestor_of` (a page id) checked by the one parser before Wagtail's filters
    read them with int()."""

    ROOT_OR_ID = ("child_of", "descendant_of", "translation_of")
    # Wagtail's refusals of an id that is no page do not say which parameter held it.
    NO_SUCH_PAGE = {
        "parent page doesn't exist": "child_of",
        "ancestor page doesn't exist": "descendant_of",
        "descendant page doesn't exist": "ancestor_of",
    }

    def filter_queryset(self, request: Any, queryset: QuerySet, view: Any) -> QuerySet:
        for name in (*self.ROOT_OR_ID, "ancestor_of"):
            value = request.GET.get(name)
            if value is not None and not (name in self.ROOT_OR_ID and value == "root"):
                whole_number(name, value)
        return queryset

    @classmethod
    def named(cls, error: BadRequestError) -> Exception:
        """Wagtail's refusal, with the parameter's name when its message lacks it."""
        name = cls.NO_SUCH_PAGE.get(str(error))
        return InvalidParameter(name, f"no page with that id ({error})") if name else error


class CheckedPagination(WagtailPagination):
    """Wagtail's pagination, with `limit` and `offset` checked by the one parser first.

    Wagtail's code then runs unchanged, so its default, its maximum
    (WAGTAILAPI_LIMIT_MAX) and its messages stay.
    """

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        for name in ("limit", "offset"):
            if name in request.GET:
                whole_number(name, request.GET[name])
        return super().paginate_queryset(queryset, request, view)


class CheckedQueryParams:
    """For Wagtail's v2 viewsets: their numeric parameters read by the one parser."""

    pagination_class: type[WagtailPagination] = CheckedPagination

    def find_object(self, queryset: QuerySet, request: HttpRequest) -> Any:
        # Wagtail passes `id` to queryset.get() as it came: "abc" was a ValueError, a 500.
        if "id" in request.GET:
            whole_number("id", request.GET["id"])
        return super().find_object(queryset, request)  # type: ignore[misc]
