"""`post_changed`: one event per change-log row, with what subscribers need, in a stated order."""

from __future__ import annotations

import pytest
from django.db import transaction

from cms.changelog import events
from cms.changelog.models import PageChange
from cms.webhooks.models import WebhookDelivery
from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish
from tests.webhooks.conftest import make_endpoint


@pytest.fixture
def heard():
    """Every `post_changed` sent while the test runs."""
    changes: list[events.PostChange] = []

    def listen(sender, change, **kwargs):
        changes.append(change)

    events.post_changed.connect(listen, dispatch_uid="test_heard")
    yield changes
    events.post_changed.disconnect(dispatch_uid="test_heard")


def test_each_change_is_announced_once_with_what_the_log_row_says(section, heard):
    post = LatestUpdatesPageFactory(parent=section, title="Ministers meet in Vilnius")
    publish(post)
    post.title = "Ministers agree in Vilnius"
    publish(post)
    post.unpublish()
    page_id = post.pk
    post.delete()

    rows = list(PageChange.objects.filter(page_id=page_id))
    assert [change.event for change in heard] == [row.event for row in rows]
    assert [change.event for change in heard] == [
        "published",
        "published",
        "unpublished",
        "deleted",
    ]
    for change, row in zip(heard, rows, strict=True):
        assert change.change_id == row.pk
        assert change.page_id == page_id
        assert change.url_path == row.url_path == "/latest-updates/ministers-meet-in-vilnius/"
        assert change.revision_id == row.revision_id
        assert change.occurred_at == row.occurred_at
    # Live before: from the log, so a republish is an update and a delete after an
    # unpublish is not taking anything away from readers.
    assert [change.was_live for change in heard] == [False, True, True, False]
    assert heard[1].page.title == "Ministers agree in Vilnius"
    # The deleted post as it was, for subscribers that describe it.
    assert heard[3].page.title == "Ministers agree in Vilnius"


def test_drafts_are_not_announced(section, heard):
    post = LatestUpdatesPageFactory(parent=section)
    post.save_revision()
    assert heard == []


def test_only_the_stated_subscribers_listen_in_their_order():
    # Anything else hanging off the event would run in an order nobody wrote down.
    # Django keeps (key, weak reference, is_async) entries, in connection order.
    receivers = [entry[1]() for entry in events.post_changed.receivers]
    names = [f"{receiver.__module__}.{receiver.__name__}" for receiver in receivers]
    assert names == list(events.SUBSCRIBERS)


def test_caches_are_refreshed_before_webhooks_are_queued(
    section, monkeypatch, django_capture_on_commit_callbacks
):
    from cms.delivery import invalidation
    from cms.webhooks import outbox

    make_endpoint("http://127.0.0.1:9/hook")  # never called: only queued here
    done: list[str] = []
    refresh, enqueue = invalidation.refresh_pages, outbox.enqueue
    monkeypatch.setattr(
        invalidation, "refresh_pages", lambda *args: (done.append("cache"), refresh(*args))
    )
    monkeypatch.setattr(outbox, "enqueue", lambda ids: (done.append("webhook"), enqueue(ids)))
    post = LatestUpdatesPageFactory(parent=section)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            publish(post)
            assert done == []  # nothing leaves the transaction before it commits
            assert WebhookDelivery.objects.count() == 1  # the outbox row is in it
    assert done == ["cache", "webhook"]
