"""RFC 9457 problem details for every API error, v2 included.

API v3 already answers errors as application/problem+json; v2 (Django REST
framework) answers `{"message": ...}`. Clients get one error shape from both.
The v2 body keeps `message` beside `detail` for clients written against
stock Wagtail.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.defaults import page_not_found as html_page_not_found
from django.views.defaults import server_error as html_server_error
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v3.errors import PROBLEM_JSON, build_problem_detail

from cms.delivery.query_params import InvalidParameter

__all__ = ["PROBLEM_JSON", "ProblemDetailsMixin", "page_not_found", "problem", "server_error"]


def problem(status: int, detail: str, **extra: Any) -> HttpResponse:
    payload = build_problem_detail(status=status, detail=detail).model_dump(exclude_none=True)
    payload.update(extra)
    return HttpResponse(json.dumps(payload), status=status, content_type=PROBLEM_JSON)


class ProblemDetailsMixin:
    """For Wagtail API v2 viewsets: errors become problem+json."""

    def handle_exception(self, exc: Exception) -> Any:
        if isinstance(exc, InvalidParameter):
            # A query parameter the one parser refused (cms/delivery/query_params.py).
            exc = BadRequestError(str(exc))
        response = super().handle_exception(exc)  # type: ignore[misc]
        if response.status_code < 400:
            return response
        data = getattr(response, "data", None) or {}
        detail = (data.get("message") or data.get("detail") or "") if isinstance(data, dict) else ""
        converted = problem(response.status_code, str(detail), message=str(detail))
        for header in ("Allow", "WWW-Authenticate", "Retry-After"):
            if header in response:
                converted[header] = response[header]
        return converted


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: API clients get problem+json, people the site's 500 page.

    Django calls it while handling the exception, after ATOMIC_REQUESTS has
    rolled the request's transaction back, so the detail can say nothing changed.
    A database outage raised outside any view (by middleware) is the 503 a
    view's would be (cms/health/outage.py), logged as one line.
    """
    from cms.delivery.middleware import is_api_request
    from cms.health.outage import outage_for_uncaught

    outage = outage_for_uncaught(request)
    if outage is not None:
        return outage
    if not is_api_request(request):
        return html_server_error(request)
    return problem(500, "The server failed to complete this request; nothing was changed.")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: an API URL that matches no route is a problem+json 404 too.

    Routes the API does not serve (cms/wagtail_fixes/v3_unsupported.py) and mistyped paths
    would otherwise get the site's HTML 404 page from Wagtail's page serving,
    which no API client can read.
    """
    from cms.delivery.middleware import is_api_request

    if not is_api_request(request):
        return html_page_not_found(request, exception)
    return problem(404, "No API route matches this URL.")
