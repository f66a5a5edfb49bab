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
from rest_framework.fields import Field
from rest_framework.filters import BaseFilterBackend
from taggit.managers import _TaggableManager
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from cms.delivery.pagination import CachedCountPagination
from cms.wagtail_fixes.v2_query_params import CheckedQueryParams, PageIdsFilter, checked_backends
from news.api.fields import with_api_relations
from news.embargo.lookup import embargoed_post, embargoed_posts
from news.embargo.partners import request_partner
from news.models import LatestUpdatesPage
from news.post_filters import PARAMETERS, PostFilters

__all__ = [
    "POST_FILTERS",
    "NewsPageSerializer",
    "NewsPagesAPIViewSet",
    "PostFilter",
    "TagNamesField",
]

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


class TagNamesField(Field):
    """Tag names, read from prefetched tags (Wagtail's TagsField queries per page)."""

    def to_representation(self, value: Any) -> list[str]:
        return sorted(tag.name for tag in value.all())


class NewsPageSerializer(PageSerializer):
    def build_property_field(self, field_name: str, model_class: Any) -> Any:
        if isinstance(getattr(model_class, field_name), _TaggableManager):
            return TagNamesField, {}
        return super().build_property_field(field_name, model_class)


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
    # A post's schema.org JSON-LD reads its owner and body, and `live` its
    # updates: in detail only, so a listing's cost stays the same whatever its
    # page size (even with fields=*).
    detail_only_fields = [*PagesAPIViewSet.detail_only_fields, "json_ld", "live", "corrections"]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        try:
            return super().filter_queryset(queryset)
        except BadRequestError as error:
            raise PageIdsFilter.named(error) from None

    def get_base_queryset(self) -> QuerySet:
        # A partner's API token also lists embargoed posts (news/embargo/); v2 has no
        # token authentication of its own, so the header is read here.
        queryset = super().get_base_queryset()
        if request_partner(self.request):
            ids = [post.pk for post in embargoed_posts()]
            if ids:
                queryset = queryset | queryset.model.objects.filter(pk__in=ids)
        return queryset

    def get_object(self) -> Any:
        # A partner reads an embargoed post as approved, not the row's older state.
        if not request_partner(self.request):
            return super().get_object()
        found = embargoed_post(self.kwargs.get("pk") or 0) or super().get_object()
        found._partner_view = True  # its `live` lists embargoed updates too
        return found

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        if issubclass(queryset.model, LatestUpdatesPage):
            # Otherwise each post in a listing costs a query for its tags and its image.
            queryset = with_api_relations(queryset)
        return queryset
