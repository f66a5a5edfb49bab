"""One pass of scheduled publishing, and the publish_scheduled_once command around it."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from cms.scheduling.publishing import PUBLISH_ACTION, UNPUBLISH_ACTION, run_once
from news.models import LatestUpdatesPage
from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish
from tests.scheduling.conftest import schedule


def test_due_revisions_are_published_and_future_ones_wait(section, due_posts):
    [(due, revision)] = due_posts(1)
    later = LatestUpdatesPageFactory(parent=section)
    schedule(later, timezone.now() + datetime.timedelta(hours=2))

    outcome = run_once()

    assert outcome.published == [revision.pk]
    due.refresh_from_db()
    assert due.live and due.live_revision_id == revision.pk
    assert PageLogEntry.objects.filter(page=due, action=PUBLISH_ACTION).count() == 1
    later.refresh_from_db()
    assert not later.live
    assert Revision.objects.filter(approved_go_live_at__isnull=False).count() == 1


def test_a_second_pass_finds_nothing_to_do(due_posts):
    due_posts(2)
    assert len(run_once().published) == 2
    assert run_once().published == []


def test_expired_posts_are_unpublished_once(section):
    post = publish(LatestUpdatesPageFactory(parent=section))
    LatestUpdatesPage.objects.filter(pk=post.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    assert run_once().unpublished == [("wagtailcore.Page", post.pk)]
    assert run_once().unpublished == []
    post.refresh_from_db()
    assert not post.live and post.expired
    assert PageLogEntry.objects.filter(page=post, action=UNPUBLISH_ACTION).count() == 1


def test_one_failing_revision_does_not_hold_back_the_others(due_posts, monkeypatch):
    (broken, broken_revision), (fine, _) = due_posts(2)
    publish_revision = Revision.publish

    def publish_or_fail(revision, **kwargs):
        if revision.pk == broken_revision.pk:
            raise ValueError("a revision that cannot be published")
        return publish_revision(revision, **kwargs)

    monkeypatch.setattr(Revision, "publish", publish_or_fail)
    with pytest.raises(CommandError, match="1 scheduled items failed"):
        call_command("publish_scheduled_once", stdout=io.StringIO())

    fine.refresh_from_db()
    broken.refresh_from_db()
    assert fine.live and not broken.live
    # Its transaction rolled back whole: still scheduled, for the next run.
    broken_revision.refresh_from_db()
    assert broken_revision.approved_go_live_at is not None


def test_dry_run_lists_and_changes_nothing(due_posts):
    [(post, revision)] = due_posts(1)
    out = io.StringIO()
    call_command("publish_scheduled_once", "--dryrun", stdout=out)
    assert "Revisions to be published" in out.getvalue()
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None
