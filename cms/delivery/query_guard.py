"""API requests with a NUL in a query parameter are refused before any view runs.

PostgreSQL can neither store nor compare a NUL character, and psycopg refuses a
query argument holding one with ValueError, which no view expects: `locale`,
`site`, `html_path` and the like go from Wagtail's v2 and v3 views straight
into a lookup, a 500 on PostgreSQL (SQLite answers them). No API parameter can
mean anything with a NUL in it, so the one rule for free text
(`cms.delivery.query_params.text`) is applied to every parameter of every API
request here, once, rather than in each of Wagtail's views: a 400
problem+json naming the parameter, like every other refusal of a parameter.

The same holds for ids in the path. Wagtail's v3 routes take `{page_id}` and
the like as any integer (ninja's `int` path converter), and a page write whose
body names its type skips the lookup that cms/wagtail_fixes/v3_page_ids.py
guards: `PATCH /api/v3/pages/4404447698699266674732860178432/` reached SQLite
as an integer it cannot hold (OverflowError, a 500; found by .ci/fuzz as an
editor). No row has an id beyond the database's 64-bit integers, so such an
address is a 404 problem+json here, for every route at once.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from cms.delivery.middleware import is_api_request
from cms.delivery.problems import problem
from cms.delivery.query_params import MAX_WHOLE_NUMBER, InvalidParameter, text

__all__ = ["NulQueryMiddleware", "unreachable_id"]


# Our own v3 routes type their ids with the 64-bit bound already, a 422 naming
# the parameter (cms/editorial/api.py, news/api/v3.py); v2 answers such ids itself.
OWN_ROUTES = ("/api/v3/editorial/", "/api/v3/news/")


def unreachable_id(path: str) -> bool:
    """Whether a segment of a stock v3 path is a number no database row can have as its id."""
    if not path.startswith("/api/v3/") or path.startswith(OWN_ROUTES):
        return False
    return any(
        segment.isascii() and segment.isdigit() and int(segment) > MAX_WHOLE_NUMBER
        for segment in path.split("/")
    )


class NulQueryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if is_api_request(request):
            if unreachable_id(request.path):
                return problem(404, "Nothing has that id: ids are whole numbers below 2**63.")
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
