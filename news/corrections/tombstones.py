"""A retracted post's tombstone: 410 Gone, with the retraction, where it used to be.

The post is unpublished (readers' caches, feeds and partners follow the usual
unpublish), so every route already answers 404. This middleware turns those
404s into 410s that say why, at the post's public address (an HTML page) and
at its API ids (`/api/v2/pages/<id>/`, `/api/v3/pages/<id>/`, problem+json
with a `retraction` member). A post published again answers normally: the
tombstone only replaces a 404.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from news.corrections.models import Correction
from news.corrections.representation import correction_json

__all__ = ["RetractionTombstoneMiddleware", "retraction_for_page"]

API_DETAIL = re.compile(r"^/api/v[23]/pages/(\d{1,18})/$")
PROBLEM_TYPE = "https://docs.newsroom.example/problems/retracted"


def retraction_for_page(page_id: int) -> Correction | None:
    return (
        Correction.objects.published()
        .filter(post_id=page_id, update__isnull=True, kind=Correction.RETRACTION)
        .select_related("post")
        .order_by("-published_at")
        .first()
    )


def _retraction_at(path: str) -> Correction | None:
    return (
        Correction.objects.published()
        .filter(retracted_path=path, kind=Correction.RETRACTION)
        .select_related("post")
        .order_by("-published_at")
        .first()
    )


def _api_gone(retraction: Correction) -> HttpResponse:
    body = {
        "type": PROBLEM_TYPE,
        "title": "Retracted",
        "status": 410,
        "detail": f"Post {retraction.post_id} was retracted: {retraction.text}",
        "retraction": correction_json(retraction),
    }
    return HttpResponse(json.dumps(body), status=410, content_type="application/problem+json")


def _page_gone(request: HttpRequest, retraction: Correction) -> HttpResponse:
    html = render_to_string(
        "news/corrections/retracted.html",
        {"retraction": retraction, "title": retraction.post.title},
        request=request,
    )
    return HttpResponse(html, status=410)


class RetractionTombstoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        try:
            gone = self._tombstone(request)
        except Exception:  # the 404 stands if the lookup itself fails
            return response
        if gone is None:
            return response
        # Shared caches revalidate: the post may be published again.
        gone["Cache-Control"] = "no-cache"
        return gone

    def _tombstone(self, request: HttpRequest) -> HttpResponse | None:
        match = API_DETAIL.match(request.path)
        if match:
            retraction = retraction_for_page(int(match.group(1)))
            if retraction is not None and not retraction.post.live:
                return _api_gone(retraction)
            return None
        if request.path.startswith(("/api/", "/admin/", "/static/", "/media/")):
            return None
        retraction = _retraction_at(request.path)
        if retraction is not None and not retraction.post.live:
            return _page_gone(request, retraction)
        return None
