"""The purge outbox: record in the change's transaction, send after commit, retry.

- `record(keys)` writes one pending `EdgePurge` per cache in settings.EDGE_CACHES,
  in the current transaction: a rolled-back change purges nothing, a committed
  one always has its rows.
- `attempt_now(ids)` runs right after commit (cms/delivery/invalidation.py,
  after the app's version tokens changed, so the cache refetches new answers).
  Each request is bounded by FRONTEND_CACHE_PURGE_TIMEOUT, so a slow or dead
  cache costs the publish that much at most, and never fails it.
- A failure is logged, and the row is retried by the worker (`db_worker`,
  cms/tasks/) with exponential backoff and full jitter, capped at
  FRONTEND_CACHE_RETRY_MAX_DELAY_SECONDS, until FRONTEND_CACHE_RETRY_MINUTES
  have passed. Meanwhile the stored copy still ends at its s-maxage (the VCL
  allows no grace), so a lost purge costs freshness for seconds, not for ever.
- `sweep()` sends what is due but whose task was lost, and what a dead worker
  claimed; it also forgets finished rows after a day.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cms.delivery.purge.backends import PurgeFailed, backend_for
from cms.delivery.purge.models import EdgePurge

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 60
KEEP_FINISHED = datetime.timedelta(days=1)
_random = secrets.SystemRandom()


def caches() -> dict[str, dict]:
    return getattr(settings, "EDGE_CACHES", None) or {}


def record(keys: Iterable[str]) -> list[int]:
    """Write a pending purge of `keys` for every configured cache; their ids."""
    keys = sorted(set(keys))
    names = list(caches())
    if not keys or not names:
        return []
    now = timezone.now()
    retry_until = now + datetime.timedelta(minutes=settings.FRONTEND_CACHE_RETRY_MINUTES)
    rows = EdgePurge.objects.bulk_create(
        EdgePurge(
            cache=name,
            keys=" ".join(keys),
            created_at=now,
            next_attempt_at=now,
            retry_until=retry_until,
        )
        for name in names
    )
    return [row.pk for row in rows]


def backoff(failed_attempts: int) -> float:
    """Seconds before the next try: random up to an exponential ceiling, at least 1."""
    ceiling = min(
        float(settings.FRONTEND_CACHE_RETRY_MAX_DELAY_SECONDS),
        2.0 ** min(max(failed_attempts - 1, 0), 16),
    )
    return max(1.0, _random.uniform(0, ceiling))


def claim(purge_id: int, now: datetime.datetime) -> EdgePurge | None:
    won = (
        EdgePurge.objects.filter(pk=purge_id, status=EdgePurge.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(
            claimed_until=now + datetime.timedelta(seconds=CLAIM_SECONDS),
            attempts=F("attempts") + 1,
        )
    )
    return EdgePurge.objects.get(pk=purge_id) if won else None


def attempt(purge_id: int) -> str:
    """Send one purge if it is due and nobody else is; what happened, for logs."""
    now = timezone.now()
    row = claim(purge_id, now)
    if row is None:
        return "skipped: not due, done, or being sent"
    params = caches().get(row.cache)
    try:
        if params is None:
            raise PurgeFailed(f"No cache named {row.cache!r} in EDGE_CACHES")
        backend_for(params).purge(row.key_list, timeout=settings.FRONTEND_CACHE_PURGE_TIMEOUT)
    except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
        return _failed(row, error)
    EdgePurge.objects.filter(pk=row.pk).update(
        status=EdgePurge.DONE, done_at=timezone.now(), claimed_until=None, last_error=""
    )
    return "done"


def _failed(row: EdgePurge, error: Exception) -> str:
    now = timezone.now()
    reason = str(error) if isinstance(error, PurgeFailed) else f"{type(error).__name__}: {error}"
    if now >= row.retry_until:
        EdgePurge.objects.filter(pk=row.pk).update(
            status=EdgePurge.FAILED, claimed_until=None, next_attempt_at=None, last_error=reason
        )
        logger.error("Gave up purging %s from %s: %s", row.keys, row.cache, reason)
        return "failed"
    next_at = min(now + datetime.timedelta(seconds=backoff(row.attempts)), row.retry_until)
    EdgePurge.objects.filter(pk=row.pk).update(
        claimed_until=None, next_attempt_at=next_at, last_error=reason[:2000]
    )
    logger.warning(
        "Could not purge %s from %s (attempt %d): %s; retrying at %s",
        row.keys,
        row.cache,
        row.attempts,
        reason,
        next_at.isoformat(),
    )
    schedule(row.pk, next_at)
    return f"retry at {next_at.isoformat()}"


def schedule(purge_id: int, run_after: datetime.datetime) -> None:
    """Queue the retry for the worker; if the queue is down, the sweep finds the row."""
    from cms.delivery.purge.tasks import purge_edge_cache

    try:
        task = purge_edge_cache
        if task.get_backend().supports_defer:
            task = task.using(run_after=run_after)
        task.enqueue(purge_id)
    except Exception:
        logger.exception("Could not queue the retry of purge %s; the sweep will send it", purge_id)


def attempt_now(purge_ids: Iterable[int]) -> None:
    """Right after commit, in the process that made the change."""
    for purge_id in purge_ids:
        try:
            attempt(purge_id)
        except Exception:  # the database itself failing: the sweep retries later
            logger.exception("Could not send purge %s", purge_id)


def sweep(limit: int = 100) -> int:
    """Send overdue purges (a lost task, a dead worker); forget old finished ones."""
    now = timezone.now()
    grace = datetime.timedelta(seconds=settings.WEBHOOKS_SWEEP_GRACE_SECONDS)
    due = (
        EdgePurge.objects.filter(status=EdgePurge.PENDING, next_attempt_at__lte=now - grace)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = sum(1 for purge_id in list(due) if not attempt(purge_id).startswith("skipped"))
    with transaction.atomic():
        EdgePurge.objects.filter(
            status__in=[EdgePurge.DONE, EdgePurge.FAILED], created_at__lt=now - KEEP_FINISHED
        ).delete()
    return sent
