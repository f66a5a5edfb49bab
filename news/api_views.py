"""Wagtail API v2 pages endpoint with the newsroom's post filters.

`tag`, `published_after` and `published_before` narrow listings to matching
Latest Updates posts; a listing of posts is newest first unless `order` says
otherwise. Bad values are a 400 that names the parameter. The parsing lives in
`news.post_filters`, shared with the v3 listing, so both APIs agree.

Wagtail's own v2 parameters that are numbers (`limit`, `offset`, `id` in
find, the page ids of `child_of` and the like) are read by the one
query-string parser (`cms.delivery.query_params`) before Wagtail reads them
with `int()`: it took "٣" and 40-digit numbers, and an offset past 2**63 - 1
failed in the database, a 500. Refusals raise `InvalidParameter`, which
`ProblemDetailsMixin` answers with a 400.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from rest_framework.fields import Field
from rest_framework.filters import BaseFilterBackend
from taggit.managers import _TaggableManager
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page
from wagtail.search.backends.base import BaseSearchResults

from cms.delivery.counts import with_cached_count
from cms.delivery.query_params import (
    InvalidParameter,
    check_field_filter,
    search_words,
    whole_number,
)
from news.api import with_api_relations
from news.models import LatestUpdatesPage
from news.post_filters import PARAMETERS, PostFilters
from news.search_ranking import RecentRelevance, with_cached_search_count

POST_FILTERS = PARAMETERS


class PostFilter(BaseFilterBackend):
    def filter_queryset(self, request: Any, queryset: QuerySet, view: Any) -> QuerySet:
        filters = PostFilters.from_params(request.GET)
        if filters:
            # A subquery, so the filters also narrow a listing of generic pages to posts,
            # and Wagtail's search filter (which accepts only FilterFields) still works.
            posts = filters.apply(LatestUpdatesPage.objects.all())
            queryset = queryset.filter(pk__in=posts.values("pk"))
        if queryset.model is LatestUpdatesPage and "order" not in request.GET:
            queryset = queryset.order_by("-first_published_at", "-pk")
        return queryset


class CleanSearchFilter(SearchFilter):
    """Wagtail's v2 search, given only words (a stray quote or a NUL was a 500), and
    ranking by relevance only the newest matches (`news.search_ranking`)."""

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


class TagNamesField(Field):
    """Tag names, read from prefetched tags (Wagtail's TagsField queries per page)."""

    def to_representation(self, value: Any) -> list[str]:
        return sorted(tag.name for tag in value.all())


class NewsPageSerializer(PageSerializer):
    def build_property_field(self, field_name: str, model_class: Any) -> Any:
        if isinstance(getattr(model_class, field_name), _TaggableManager):
            return TagNamesField, {}
        return super().build_property_field(field_name, model_class)


class CachedCountPagination(CheckedPagination):
    """Wagtail's pagination with an exact `total_count` counted once per listing version.

    A search's count is cached the same way when a database backend answers it.
    """

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        if isinstance(queryset, QuerySet):
            queryset = with_cached_count(queryset)
        elif isinstance(queryset, BaseSearchResults):
            queryset = with_cached_search_count(queryset)
        return super().paginate_queryset(queryset, request, view)


class NewsPagesAPIViewSet(CheckedQueryParams, PagesAPIViewSet):
    base_serializer_class = NewsPageSerializer
    pagination_class = CachedCountPagination
    # First, so the search filter (which must come last) still sees a plain queryset.
    filter_backends = [
        PageIdsFilter,
        PostFilter,
        *checked_backends(PagesAPIViewSet.filter_backends),
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(POST_FILTERS)
    # A post's schema.org JSON-LD reads its owner and body: in detail only, so a
    # listing's cost stays the same whatever its page size (even with fields=*).
    detail_only_fields = [*PagesAPIViewSet.detail_only_fields, "json_ld"]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        try:
            return super().filter_queryset(queryset)
        except BadRequestError as error:
            raise PageIdsFilter.named(error) from None

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        if issubclass(queryset.model, LatestUpdatesPage):
            # Otherwise each post in a listing costs a query for its tags and its image.
            queryset = with_api_relations(queryset)
        return queryset
