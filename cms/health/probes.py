"""Liveness and readiness probes for load balancers and orchestrators.

/healthz answers as long as the process can run a view. It touches neither
the database nor the cache, so a database outage does not make an
orchestrator restart every app server (which would not fix it).

/readyz says whether this process can serve real requests: the default
database answers a query and the default cache returns what was just stored
in it. A failure is a 503 problem+json naming what failed, never a 500 or a
traceback; load balancers then route around this process until it recovers.

Neither is cached, counted by the API rate limits (they only act on /api/),
or sets cookies. docs/operations.md, "Health endpoints", covers host checks.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.core.cache import caches
from django.db import connections, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from cms.delivery.problems import problem

__all__ = ["healthz", "readyz"]

logger = logging.getLogger(__name__)

CACHE_PROBE_TIMEOUT = 10  # seconds; the probe key is deleted anyway, this bounds a leak


def _no_store(response: HttpResponse) -> HttpResponse:
    # A cached "ready" from a proxy would hide an outage from the load balancer.
    response["Cache-Control"] = "no-store"
    return response


def _check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    cache = caches["default"]
    # A key of its own per probe, so concurrent probes cannot see each other's value.
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, CACHE_PROBE_TIMEOUT)
    stored = cache.get(key)
    cache.delete(key)
    if stored != value:
        raise RuntimeError("the cache did not return the value just stored in it")


CHECKS: dict[str, Callable[[], None]] = {"database": _check_database, "cache": _check_cache}


def _run(name: str, check: Callable[[], None]) -> dict[str, object]:
    started = time.perf_counter()
    try:
        check()
        ok = True
    except Exception as exc:  # any failure means "not ready", never a 500
        ok = False
        # A warning, without the traceback: an outage is the dependency's error, not ours.
        logger.warning("Readiness check %s failed: %s: %s", name, type(exc).__name__, exc)
    return {"ok": ok, "ms": round((time.perf_counter() - started) * 1000, 1)}


# Both outside ATOMIC_REQUESTS: opening the request's transaction connects to
# the database, and would fail (as a 500) when it is down, before the view ran.
@transaction.non_atomic_requests
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return _no_store(JsonResponse({"status": "ok"}))


@transaction.non_atomic_requests
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    checks = {name: _run(name, check) for name, check in CHECKS.items()}
    failed = [name for name, result in checks.items() if not result["ok"]]
    if not failed:
        return _no_store(JsonResponse({"status": "ready", "checks": checks}))
    response = problem(503, f"{' and '.join(failed)} unreachable", title="Not ready", checks=checks)
    # Django logs every 5xx as an error; this one is expected and already logged above.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return _no_store(response)
