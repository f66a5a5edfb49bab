"""The real worker (`manage.py db_worker`, its own process) survives being killed mid-delivery."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms.webhooks import events, outbox, signing
from cms.webhooks.models import WebhookDelivery
from tests.webhooks.conftest import Reply, database_url, make_endpoint

ROOT = Path(__file__).resolve().parents[2]
PAGE = {
    "id": 41,
    "type": "news.LatestUpdatesPage",
    "title": "Grain corridor reopens",
    "slug": "grain-corridor-reopens",
    "url_path": "/latest-updates/grain-corridor-reopens/",
    "html_url": "http://testserver/latest-updates/grain-corridor-reopens/",
    "api_url": "http://testserver/api/v2/pages/41/",
    "revision_id": 7,
}


def start_worker(log: Path, **settings: str) -> subprocess.Popen:
    """`manage.py db_worker` on this test's database; `settings` go in as environment variables."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": database_url(),
        **settings,
    }
    return subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.1",
            "--sweep-interval",
            "0.2",
            "--verbosity",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def wait_until(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_delivery_is_replaced_and_the_delivery_arrives(receiver, tmp_path):
    log = tmp_path / "worker.log"
    hold = threading.Event()  # the receiver keeps the first request waiting
    receiver.answer(Reply(hold=hold))
    _endpoint, secret = make_endpoint(receiver.url())
    with transaction.atomic():
        outbox.record(events.POST_PUBLISHED, PAGE)
    delivery = WebhookDelivery.objects.get()
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # enqueued on commit

    first = start_worker(log)
    try:
        receiver.wait_for(1, timeout=60)
        delivery.refresh_from_db()
        assert delivery.attempts == 1 and delivery.claimed_until > timezone.now()
        first.kill()  # SIGKILL, mid-request: no clean-up of any kind
        first.wait(10)
    finally:
        stop(first)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.PENDING, "nobody knows whether it arrived"

    second = start_worker(log)
    try:
        receiver.wait_for(2, timeout=60)

        def delivered() -> bool:
            delivery.refresh_from_db()
            return delivery.status == WebhookDelivery.DELIVERED

        wait_until(delivered)
    except AssertionError:
        print(log.read_text())  # noqa: T201 - shown only when the test fails
        raise
    finally:
        stop(second)
        hold.set()

    first_try, second_try = receiver.requests
    assert first_try.headers["x-cms-delivery"] == second_try.headers["x-cms-delivery"]
    assert second_try.headers["x-cms-delivery"] == str(delivery.pk)
    assert first_try.body == second_try.body == delivery.body.encode()
    assert signing.verify(secret, second_try.headers["x-cms-signature"], second_try.body)
    assert delivery.attempts == 2
    assert delivery.last_status_code == 200
