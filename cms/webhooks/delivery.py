"""Send a delivery: claim it, sign and POST its stored body, record the outcome.

The ``WebhookDelivery`` row decides everything, never the task queue:

- ``attempt`` first *claims* the row with a conditional UPDATE (pending, due,
  not claimed by anyone whose claim is still valid, and unchanged since read).
  Two workers, or a task and the sweep, can race for the same delivery; exactly
  one wins and the other does nothing. The claim lasts WEBHOOKS_CLAIM_SECONDS.
- The claim counts the attempt before sending. If the worker dies mid-request,
  the claim lapses and the sweep sends again (at least once), noting that the
  previous attempt was interrupted.
- Success is any 2xx. Anything else (an error, a timeout, a 3xx, a 4xx or
  5xx) schedules the next attempt after ``backoff`` (exponential, full jitter,
  capped) and enqueues a task to run then, until ``retry_until`` (created +
  WEBHOOKS_RETRY_HOURS) has passed; then the delivery is failed.
- ``sweep`` sends what is due but was never picked up, and what was claimed by a
  worker that died. Deliveries never claimed wait WEBHOOKS_SWEEP_GRACE_SECONDS
  first, so that normally their own task sends them.

Every attempt of a delivery sends the same body with the same id (``X-CMS-Delivery``
and ``webhook-id``); only the timestamp and the signatures change.
"""

from __future__ import annotations

import datetime
import logging
import secrets
import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from cms.webhooks import client, signing
from cms.webhooks.encryption import SecretUnreadable
from cms.webhooks.models import WebhookDelivery

logger = logging.getLogger(__name__)

# The clock an attempt is signed with; a test sets it back to play a replayed request.
clock = time.time

INTERRUPTED = "The previous attempt did not finish (its worker stopped); sent again."
_random = secrets.SystemRandom()


def backoff(failed_attempts: int) -> float:
    """Seconds before the next attempt: full jitter over an exponential, capped ceiling.

    Retry n (after n failed attempts) waits a random time between 1 second and
    min(WEBHOOKS_RETRY_MAX_DELAY_SECONDS, WEBHOOKS_RETRY_BASE_SECONDS * 2**(n-1)), so
    receivers coming back after an outage are not hit by every sender at once.
    """
    exponent = min(max(failed_attempts - 1, 0), 32)  # 2**32 is past any cap
    ceiling = min(
        float(settings.WEBHOOKS_RETRY_MAX_DELAY_SECONDS),
        float(settings.WEBHOOKS_RETRY_BASE_SECONDS) * 2**exponent,
    )
    return max(1.0, _random.uniform(0, ceiling))


def claim(delivery_id: Any, now: datetime.datetime | None = None) -> WebhookDelivery | None:
    """Take the delivery for one attempt, or None if it is not due or someone else has it."""
    now = now or timezone.now()
    row = WebhookDelivery.objects.filter(pk=delivery_id).first()
    if row is None or row.status != WebhookDelivery.PENDING:
        return None
    if row.next_attempt_at is None or row.next_attempt_at > now:
        return None
    if row.claimed_until is not None and row.claimed_until > now:
        return None  # being sent right now
    updates: dict[str, Any] = {
        "claim_token": secrets.token_hex(16),
        "claimed_until": now + datetime.timedelta(seconds=settings.WEBHOOKS_CLAIM_SECONDS),
        "attempts": F("attempts") + 1,
        "last_attempt_at": now,
    }
    if row.claim_token:  # claimed before and never released: that worker died
        updates["last_error"] = INTERRUPTED
    won = WebhookDelivery.objects.filter(
        pk=row.pk,
        status=WebhookDelivery.PENDING,
        claim_token=row.claim_token,
        attempts=row.attempts,
    ).update(**updates)
    if not won:
        return None
    return WebhookDelivery.objects.select_related("endpoint", "event").get(pk=row.pk)


def _send(delivery: WebhookDelivery) -> client.Response:
    endpoint = delivery.endpoint
    if not endpoint.active:
        return client.Response(status=None, error="Not sent: the endpoint is disabled.")
    try:
        secret = endpoint.secret
    except SecretUnreadable as exc:
        return client.Response(status=None, error=str(exc))
    body = delivery.body.encode()
    # The delivery id is Standard Webhooks' message id too: the same on every attempt,
    # for receivers to deduplicate on. Both signatures take this attempt's time.
    headers = {
        "Content-Type": "application/json",
        "X-CMS-Event": delivery.event.name,
        "X-CMS-Delivery": str(delivery.id),
        **signing.request_headers(secret, str(delivery.id), body, int(clock())),
    }
    return client.post(endpoint.url, body, headers)


def _finish(delivery: WebhookDelivery, outcome: client.Response) -> str:
    now = timezone.now()
    mine = WebhookDelivery.objects.filter(pk=delivery.pk, claim_token=delivery.claim_token)
    common = {
        "claim_token": "",
        "claimed_until": None,
        "last_status_code": outcome.status,
        "last_error": outcome.error[:2000],
    }
    if outcome.ok:
        mine.update(
            status=WebhookDelivery.DELIVERED, delivered_at=now, next_attempt_at=None, **common
        )
        return "delivered"
    # A disabled endpoint stops here: an editor can re-send once it is active again.
    if now >= delivery.retry_until or not delivery.endpoint.active:
        mine.update(status=WebhookDelivery.FAILED, next_attempt_at=None, **common)
        return "failed"
    next_at = min(
        now + datetime.timedelta(seconds=backoff(delivery.attempts)), delivery.retry_until
    )
    if mine.update(next_attempt_at=next_at, **common):
        schedule(delivery.pk, next_at)
    return f"retry at {next_at.isoformat()}"


def schedule(delivery_id: Any, run_after: datetime.datetime | None = None) -> None:
    """Enqueue an attempt, deferred to `run_after` where the backend can defer."""
    from cms.webhooks.tasks import deliver_webhook

    task = deliver_webhook
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the sweep sends it when due
        task = task.using(run_after=run_after)
    try:
        task.enqueue(str(delivery_id))
    except Exception:
        logger.exception(
            "Could not enqueue webhook delivery %s; the sweep will send it", delivery_id
        )


def attempt(delivery_id: Any) -> str:
    """One attempt at the delivery if it is due and free; returns what happened, for logs."""
    delivery = claim(delivery_id)
    if delivery is None:
        return "skipped: not due, already sent, or being sent"
    try:
        outcome = _send(delivery)
    except Exception as exc:  # a bug must not leave the claim to lapse silently
        logger.exception("Webhook delivery %s failed unexpectedly", delivery_id)
        outcome = client.Response(status=None, error=f"Internal error: {type(exc).__name__}")
    result = _finish(delivery, outcome)
    logger.info(
        "Webhook %s %s to %s: attempt %s, %s",
        delivery.event.name,
        delivery.pk,
        delivery.endpoint.url,
        delivery.attempts,
        result,
    )
    return result


def due_for_sweep(now: datetime.datetime | None = None) -> QuerySet[WebhookDelivery]:
    now = now or timezone.now()
    grace = datetime.timedelta(seconds=settings.WEBHOOKS_SWEEP_GRACE_SECONDS)
    return (
        WebhookDelivery.objects.filter(status=WebhookDelivery.PENDING, next_attempt_at__lte=now)
        .filter(
            # Never claimed since due, and overdue: its task was lost.
            Q(claimed_until__isnull=True, next_attempt_at__lte=now - grace)
            # Claimed by a worker that did not finish in time: it died.
            | Q(claimed_until__lt=now)
        )
        .order_by("next_attempt_at")
    )


def sweep(limit: int = 100) -> int:
    """Send up to `limit` deliveries whose task was lost or whose worker died; count them."""
    sent = 0
    for delivery_id in list(due_for_sweep().values_list("pk", flat=True)[:limit]):
        if not attempt(delivery_id).startswith("skipped"):
            sent += 1
    return sent


@transaction.atomic
def resend(delivery: WebhookDelivery) -> bool:
    """Put a delivery back in the queue (same id, a fresh retry window); False if in flight."""
    now = timezone.now()
    updated = (
        WebhookDelivery.objects.filter(pk=delivery.pk)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(
            status=WebhookDelivery.PENDING,
            next_attempt_at=now,
            retry_until=now + datetime.timedelta(hours=settings.WEBHOOKS_RETRY_HOURS),
            claimed_until=None,
            claim_token="",
            delivered_at=None,
        )
    )
    if updated:
        transaction.on_commit(lambda: schedule(delivery.pk))
    return bool(updated)
