"""Overlapping runs of scheduled publishing, with real threads and database connections.

Each thread has its own connection, as two processes would. The dangerous
interleaving is forced rather than hoped for: both runs read the list of due
revisions before either publishes anything.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from wagtail.models import PageLogEntry, Revision

from cms.changelog.models import PageChange
from cms.scheduling import publishing
from cms.webhooks.models import WebhookEndpoint, WebhookEvent
from news.models import LatestUpdatesPage

pytestmark = [
    # serialized_rollback: earlier transactional tests flush the database, Wagtail's root page too.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

POSTS = 8
RUNS = 2


@pytest.fixture
def webhook_endpoint(db):
    # Only then does a publish write a webhook event, so duplicates would show there too.
    endpoint = WebhookEndpoint(url="https://hooks.example.com/cms", events=["post.published"])
    endpoint.set_new_secret()
    endpoint.save()
    return endpoint


def run_at_once(run: Callable[[], None], runs: int = RUNS) -> None:
    """Start ``runs`` threads together, each on its own connection; fail on any error."""
    start = threading.Barrier(runs)
    errors: list[BaseException] = []

    def target() -> None:
        try:
            start.wait(timeout=10)
            run()
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []


def after_every_run_has_listed(function: Callable, runs: int = RUNS) -> Callable:
    """Wrap ``function`` so each thread's first call waits until all threads reach it."""
    listed = threading.Barrier(runs)
    waited = threading.local()

    def wrapper(*args, **kwargs):
        if not getattr(waited, "done", False):
            waited.done = True
            listed.wait(timeout=30)
        return function(*args, **kwargs)

    return wrapper


def assert_published_exactly_once(pairs) -> None:
    for post, revision in pairs:
        post = LatestUpdatesPage.objects.get(pk=post.pk)
        assert post.live and post.live_revision_id == revision.pk
        publishes = PageLogEntry.objects.filter(
            page=post, action__in=["wagtail.publish", publishing.PUBLISH_ACTION]
        )
        assert publishes.count() == 1, f"post {post.pk} published {publishes.count()} times"
        assert PageChange.objects.filter(page_id=post.pk, event=PageChange.PUBLISHED).count() == 1
        assert WebhookEvent.objects.filter(page_id=post.pk, name="post.published").count() == 1
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()


def publish_scheduled_once() -> None:
    call_command("publish_scheduled_once", stdout=io.StringIO())


def test_runs_that_both_listed_the_due_revisions_publish_each_once(
    due_posts, webhook_endpoint, monkeypatch
):
    pairs = due_posts(POSTS)
    monkeypatch.setattr(
        publishing, "_publish_revision", after_every_run_has_listed(publishing._publish_revision)
    )
    run_at_once(publish_scheduled_once)
    assert_published_exactly_once(pairs)


def test_runs_started_together_publish_each_once(due_posts, webhook_endpoint):
    pairs = due_posts(POSTS)
    run_at_once(publish_scheduled_once, runs=4)
    assert_published_exactly_once(pairs)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_a_revision_another_run_holds_is_skipped_not_waited_for(due_posts):
    [(post, revision)] = due_posts(1)
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                Revision.objects.select_for_update().get(pk=revision.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        assert publishing.run_once().published == []
    finally:
        release.set()
        holder.join(timeout=30)
    assert publishing.run_once().published == [revision.pk]


def test_publish_scheduled_itself_is_the_exactly_once_pass(
    due_posts, webhook_endpoint, monkeypatch
):
    """Cron lines and Wagtail's docs name `publish_scheduled`: it must be safe too."""
    pairs = due_posts(POSTS)
    monkeypatch.setattr(
        publishing, "_publish_revision", after_every_run_has_listed(publishing._publish_revision)
    )
    run_at_once(lambda: call_command("publish_scheduled", stdout=io.StringIO()))
    assert_published_exactly_once(pairs)
