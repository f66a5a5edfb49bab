"""The v3 detail's ninjs variant: `GET /api/v3/pages/{id}/` with `Accept: application/ninjs+json`.

Wagtail's v3 detail route is not ours to change, so this middleware answers the
variant in front of it, with the same bytes as /api/v3/news/posts/{id}/ninjs/
(api.py). It sits inside DeliveryCacheMiddleware and SurrogateKeyMiddleware,
so the variant is cached, ETagged and labelled like the detail. The cache
keeps it apart from the JSON detail by the same Accept test
(cms/delivery/variants.py), and every detail answer says `Vary: Accept`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils.cache import patch_vary_headers
from wagtail.api.v3.errors import problem_response

from cms.delivery.variants import NINJS_MEDIA_TYPE, wants_ninjs
from news.interchange.api import ninjs_response

__all__ = ["NinjsVariantMiddleware"]

V3_DETAIL = re.compile(r"^/api/v3/pages/(?P<page_id>\d+)/$")


class NinjsVariantMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        match = V3_DETAIL.match(request.path)
        if (
            match is None
            or request.method not in ("GET", "HEAD")
            or not wants_ninjs(request.META.get("HTTP_ACCEPT", ""))
        ):
            return self.get_response(request)
        try:
            response: HttpResponseBase = ninjs_response(
                request, int(match["page_id"]), NINJS_MEDIA_TYPE
            )
        except Http404 as error:
            # The problem+json the detail gives an unknown id; here also for a page
            # that is not a live public post, which has no ninjs document.
            response = problem_response(status=404, detail=str(error))
        patch_vary_headers(response, ("Accept",))
        return response
