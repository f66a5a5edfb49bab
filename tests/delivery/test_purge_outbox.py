"""A purge that fails never fails or slows a publish; it is retried from the outbox.

The cache is a recording stand-in (tests/delivery/edge.py) that can be down
(nothing listening), slow, or answering errors, and then come back.
"""

from __future__ import annotations

import datetime
import socket
import time

import pytest
from django.utils import timezone

from cms.delivery.purge import outbox
from cms.delivery.purge.models import EdgePurge
from news.models import LatestUpdatesPage
from tests.delivery.edge import PurgeRecorder
from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def use_varnish(settings, url: str) -> None:
    settings.EDGE_CACHES = {
        "varnish": {"BACKEND": "cms.delivery.purge.backends.VarnishBackend", "LOCATION": url}
    }


def make_due(row: EdgePurge) -> None:
    EdgePurge.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=5)
    )


def test_varnish_down_leaves_a_pending_row_that_is_sent_when_it_is_back(
    section, settings, committed
):
    port = closed_port()
    use_varnish(settings, f"http://127.0.0.1:{port}")
    started = time.monotonic()
    with committed():
        post = publish(LatestUpdatesPageFactory(parent=section, title="Ministers meet"))
    assert time.monotonic() - started < 5
    # The publish stands.
    assert LatestUpdatesPage.objects.get(pk=post.pk).live
    (row,) = EdgePurge.objects.all()
    assert row.status == EdgePurge.PENDING
    assert row.attempts == 1
    assert "Connection refused" in row.last_error or "refused" in row.last_error.lower()
    assert row.next_attempt_at > timezone.now()
    assert set(row.key_list) == {f"page-{post.pk}", "listings"}

    varnish = PurgeRecorder(port)  # back, at the same address
    try:
        make_due(row)
        # The worker's deferred task was queued; it runs outbox.attempt.
        from cms.delivery.purge.tasks import purge_edge_cache

        assert purge_edge_cache.call(row.pk) == "done"
        row.refresh_from_db()
        assert row.status == EdgePurge.DONE
        assert varnish.seen[0].headers["xkey-purge"] == " ".join(row.key_list)
    finally:
        varnish.stop()


def test_a_refusing_cache_is_retried_with_backoff_then_succeeds(section, settings, committed):
    varnish = PurgeRecorder()
    use_varnish(settings, varnish.url)
    varnish.behaviour.status = 503
    try:
        with committed():
            publish(LatestUpdatesPageFactory(parent=section))
        (row,) = EdgePurge.objects.all()
        assert (row.status, row.attempts) == (EdgePurge.PENDING, 1)
        assert "503" in row.last_error
        # Not due yet: a task arriving early does nothing.
        assert outbox.attempt(row.pk).startswith("skipped")
        make_due(row)
        assert outbox.attempt(row.pk).startswith("retry")
        varnish.behaviour.status = 200
        make_due(row)
        assert outbox.attempt(row.pk) == "done"
        row.refresh_from_db()
        assert (row.status, row.attempts, row.last_error) == (EdgePurge.DONE, 3, "")
    finally:
        varnish.stop()


def test_a_slow_cache_costs_the_publish_the_short_timeout_only(section, settings, committed):
    varnish = PurgeRecorder()
    use_varnish(settings, varnish.url)
    varnish.behaviour.delay = 3
    settings.FRONTEND_CACHE_PURGE_TIMEOUT = 0.3
    try:
        started = time.monotonic()
        with committed():
            publish(LatestUpdatesPageFactory(parent=section))
        assert time.monotonic() - started < 2.5
        (row,) = EdgePurge.objects.all()
        assert row.status == EdgePurge.PENDING
        assert "timed out" in row.last_error
    finally:
        varnish.stop()


def test_the_sweep_sends_a_purge_whose_task_was_lost(section, settings, committed):
    port = closed_port()
    use_varnish(settings, f"http://127.0.0.1:{port}")
    with committed():
        publish(LatestUpdatesPageFactory(parent=section))
    (row,) = EdgePurge.objects.all()
    varnish = PurgeRecorder(port)
    try:
        make_due(row)
        assert outbox.sweep() == 1
        row.refresh_from_db()
        assert row.status == EdgePurge.DONE
    finally:
        varnish.stop()


def test_retries_stop_when_the_window_has_passed(section, settings, committed):
    use_varnish(settings, f"http://127.0.0.1:{closed_port()}")
    with committed():
        publish(LatestUpdatesPageFactory(parent=section))
    (row,) = EdgePurge.objects.all()
    EdgePurge.objects.filter(pk=row.pk).update(retry_until=timezone.now())
    make_due(row)
    assert outbox.attempt(row.pk) == "failed"
    row.refresh_from_db()
    assert row.status == EdgePurge.FAILED


def test_a_rolled_back_change_purges_nothing(section, settings, django_capture_on_commit_callbacks):
    varnish = PurgeRecorder()
    use_varnish(settings, varnish.url)
    try:
        with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
            from django.db import transaction

            with transaction.atomic():
                publish(LatestUpdatesPageFactory(parent=section))
                raise RuntimeError("the request failed after the publish")
        assert not EdgePurge.objects.exists()
        assert varnish.seen == []
    finally:
        varnish.stop()


def test_without_a_cache_configured_nothing_is_recorded(section, settings, committed):
    settings.EDGE_CACHES = {}
    with committed():
        publish(LatestUpdatesPageFactory(parent=section))
    assert not EdgePurge.objects.exists()
