"""A database outage answers 503 problem+json with Retry-After, not a 500 traceback.

While PostgreSQL restarts or fails over, every view that queries it raises
django.db.OperationalError (or InterfaceError on a connection that died under
it). Those are not bugs in the view: the client should retry shortly, and an
on-call engineer needs one warning line, not a page of stack trace per request.
Answers already in the API response cache keep being served meanwhile, since
that middleware sits outside the views.

Two ways in: the middleware below catches what views (and the rendering of
their templates) raise; `outage_for_uncaught` is asked by handler500
(cms/delivery/problems.py) for what middleware raises after the view has
answered, such as the surrogate-key labelling of a page, which reads the
reference index. A drill once caught that one as a 500 when PostgreSQL
stopped between the view and the label.

Recovery needs no restart: a request that failed leaves its connection marked
unusable and Django closes it when the request ends, and with
CONN_HEALTH_CHECKS (settings DATABASES) a persistent connection that died
while idle is replaced before the next request uses it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from cms.delivery.problems import problem

__all__ = ["DatabaseOutageMiddleware", "RETRY_AFTER_SECONDS", "outage_for_uncaught"]

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def outage_response() -> HttpResponse:
    response = problem(
        503,
        "The database is unavailable; retry shortly.",
        title="Service Unavailable",
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Django logs every 5xx with its traceback; this one is expected and logged below.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _is_outage(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)


def _answer(request: HttpRequest, exception: BaseException) -> HttpResponse:
    # One line, no traceback: the cause is the database, not this code.
    logger.warning(
        "Database unavailable for %s %s: %s: %s",
        request.method,
        request.path,
        type(exception).__name__,
        str(exception).strip().splitlines()[0] if str(exception).strip() else "",
    )
    return outage_response()


def outage_for_uncaught(request: HttpRequest) -> HttpResponse | None:
    """The 503 for the exception being handled, if it is a database outage (handler500)."""
    exception = sys.exc_info()[1]
    return _answer(request, exception) if exception and _is_outage(exception) else None


class DatabaseOutageMiddleware:
    """Catches database connection errors raised by views (and ATOMIC_REQUESTS' transaction)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return _answer(request, exception) if _is_outage(exception) else None
