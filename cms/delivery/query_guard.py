"""API requests with a NUL in a query parameter are refused before any view runs.

PostgreSQL can neither store nor compare a NUL character, and psycopg refuses a
query argument holding one with ValueError, which no view expects: `locale`,
`site`, `html_path` and the like go from Wagtail's v2 and v3 views straight
into a lookup, a 500 on PostgreSQL (SQLite answers them). No API parameter can
mean anything with a NUL in it, so the one rule for free text
(`cms.delivery.query_params.text`) is applied to every parameter of every API
request here, once, rather than in each of Wagtail's views: a 400
problem+json naming the parameter, like every other refusal of a parameter.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from cms.delivery.middleware import is_api_request
from cms.delivery.problems import problem
from cms.delivery.query_params import InvalidParameter, text

__all__ = ["NulQueryMiddleware"]


class NulQueryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if is_api_request(request):
            try:
                for name, values in request.GET.lists():
                    for value in values:
                        text(name, value)
            except InvalidParameter as refused:
                detail = str(refused)
                # v2 clients written for stock Wagtail read `message` (cms/delivery/problems.py).
                extra = {"message": detail} if request.path.startswith("/api/v2/") else {}
                return problem(400, detail, **extra)
        return self.get_response(request)
