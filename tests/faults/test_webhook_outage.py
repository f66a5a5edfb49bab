"""Webhooks through a worker killed mid-delivery and a receiver failing half its calls.

The real worker (`manage.py db_worker`, its own process) starts sending a batch
of deliveries; the first request is held open and the worker is killed with
SIGKILL, mid-request. A new worker takes over while the receiver fails a
random half of its calls for a while (two minutes at real speed; five with
FAULTS_FULL=1); then the receiver recovers. Every delivery must arrive, at least once,
with the same idempotency id (`X-CMS-Delivery`) and the same signed bytes on
every attempt, and the last must arrive within ten minutes of the recovery.

Time runs twenty times faster than in production: every webhook timing setting
(retry base and ceiling, claim, sweep) is divided by SPEEDUP for the workers,
so "ten minutes" is 30 s here. That bound holds because no retry is ever
scheduled further ahead than WEBHOOKS_RETRY_MAX_DELAY_SECONDS (9 minutes),
whatever happened before the recovery.

The normal suite sends 6 deliveries; FAULTS_FULL=1 (`make test-faults`) sends 30.
"""

from __future__ import annotations

import os
import random
import threading
import time

import pytest
from django.conf import settings
from django.db import transaction

from cms.webhooks import events, outbox, signing
from cms.webhooks.models import WebhookDelivery
from tests.webhooks.conftest import Received, Receiver, Reply, make_endpoint
from tests.webhooks.test_worker import PAGE, start_worker, stop

pytestmark = [
    pytest.mark.faults,
    # A real worker needs committed data; serialized_rollback restores what later tests expect.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FULL = os.environ.get("FAULTS_FULL") == "1"
DELIVERIES = 30 if FULL else 6
SPEEDUP = 20
# Seconds at real speed during which the receiver fails half its calls.
OUTAGE = 5 * 60 if FULL else 2 * 60
PROMISE = 10 * 60  # every delivery within this long of the recovery, at real speed


@pytest.fixture
def receiver():
    # tests/webhooks/conftest.py's fixture, which pytest does not share across directories.
    with Receiver() as receiver:
        yield receiver


def scaled(seconds: float) -> str:
    return str(seconds / SPEEDUP)


def worker_settings() -> dict[str, str]:
    return {
        "WEBHOOKS_RETRY_BASE_SECONDS": scaled(settings.WEBHOOKS_RETRY_BASE_SECONDS),
        "WEBHOOKS_RETRY_MAX_DELAY_SECONDS": scaled(settings.WEBHOOKS_RETRY_MAX_DELAY_SECONDS),
        "WEBHOOKS_CLAIM_SECONDS": scaled(60),
        "WEBHOOKS_SWEEP_INTERVAL": scaled(15),
        "WEBHOOKS_SWEEP_GRACE_SECONDS": scaled(60),
    }


def test_the_production_ceiling_keeps_the_ten_minute_promise():
    # The whole guarantee rests on this: nothing waits longer than the promise.
    assert settings.WEBHOOKS_RETRY_MAX_DELAY_SECONDS < PROMISE


def test_every_webhook_arrives_after_a_killed_worker_and_a_flaky_receiver(receiver, tmp_path):
    log = tmp_path / "worker.log"
    hold = threading.Event()
    receiver.answer(Reply(hold=hold))  # the first request hangs until its worker is dead
    coin = random.Random(20261128)  # noqa: S311 - a reproducible coin, not a secret
    outage_ends: list[float | None] = [float("inf")]
    answers: list[tuple[str, int]] = []

    def flaky(request: Received) -> Reply:
        now = time.monotonic()
        if outage_ends[0] is None:
            # The outage runs from the new worker's first call: on a loaded machine its
            # start-up alone can outlast the (sped-up) outage, and nothing would fail.
            outage_ends[0] = now + OUTAGE / SPEEDUP
        failing = now < outage_ends[0] and coin.random() < 0.5
        answers.append((request.headers["x-cms-delivery"], 500 if failing else 200))
        return Reply(status=500 if failing else 200)

    receiver.fallback = flaky
    _endpoint, secret = make_endpoint(receiver.url())
    with transaction.atomic():
        for number in range(DELIVERIES):
            outbox.record(events.POST_PUBLISHED, {**PAGE, "id": 1000 + number})
    assert WebhookDelivery.objects.count() == DELIVERIES

    first = start_worker(log, **worker_settings())
    try:
        receiver.wait_for(1, timeout=60)
        first.kill()  # SIGKILL, mid-request: no clean-up of any kind
        first.wait(10)
    finally:
        stop(first)
    killed = receiver.requests[0].headers["x-cms-delivery"]
    restarted = time.monotonic()
    outage_ends[0] = None  # set by the receiver on the new worker's first call
    second = start_worker(log, **worker_settings())
    try:
        while WebhookDelivery.objects.exclude(status=WebhookDelivery.DELIVERED).exists():
            # A worker that never calls at all fails after a minute of waiting for it.
            began = outage_ends[0] if outage_ends[0] is not None else restarted + 60
            deadline = began + 3 * PROMISE / SPEEDUP
            if time.monotonic() > deadline:
                print(log.read_text()[-5000:])  # noqa: T201 - shown only when the test fails
                raise AssertionError("some webhooks were never delivered")
            time.sleep(0.05)
        done = time.monotonic()
    finally:
        stop(second)
        hold.set()

    # Within ten minutes (at real speed) of the receiver's recovery.
    after_recovery = max(0.0, done - outage_ends[0]) * SPEEDUP
    failures = sum(1 for _, status in answers if status == 500)
    print(  # noqa: T201 - the drill's figures, for docs/reliability.md
        f"{DELIVERIES} deliveries, {len(receiver.requests)} requests, {failures} answered 500; "
        f"last delivered {(done - restarted) * SPEEDUP:.0f} s (real speed) after the worker "
        f"restarted, {after_recovery:.0f} s after the receiver recovered"
    )
    assert after_recovery <= PROMISE, after_recovery
    assert failures > 0, "the receiver never failed: the drill tested nothing"

    deliveries = {str(d.pk): d for d in WebhookDelivery.objects.all()}
    assert all(d.status == WebhookDelivery.DELIVERED for d in deliveries.values())
    # At least once, each attempt with its delivery's id and exactly its signed bytes.
    seen: dict[str, int] = {}
    for request in receiver.requests:
        delivery = deliveries[request.headers["x-cms-delivery"]]
        assert request.body == delivery.body.encode()
        assert signing.verify(secret, request.headers["x-cms-signature"], request.body)
        seen[request.headers["x-cms-delivery"]] = seen.get(request.headers["x-cms-delivery"], 0) + 1
    assert set(seen) == set(deliveries)
    # The delivery cut off by the kill was sent again under the same id.
    assert seen[killed] >= 2
    assert deliveries[killed].attempts >= 2
