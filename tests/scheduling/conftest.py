"""Posts whose scheduled go-live time has passed, for tests/scheduling/."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Revision

from news.models import LatestUpdatesPage
from tests.factories import LatestUpdatesPageFactory


def schedule(post: LatestUpdatesPage, go_live_at: datetime.datetime) -> Revision:
    """Schedule the post as the admin does, then move its go-live time to ``go_live_at``.

    Wagtail publishes at once when the time is already past, so the schedule is
    made for the future and moved afterwards (rather than waited for).
    """
    post.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = post.save_revision()
    revision.publish()
    revision.content["go_live_at"] = go_live_at.isoformat()
    revision.approved_go_live_at = go_live_at
    revision.save(update_fields=["content", "approved_go_live_at"])
    return revision


@pytest.fixture
def due_posts(section):
    """Make ``count`` posts whose go-live time was a minute ago; returns (post, revision) pairs."""

    def make(count: int) -> list[tuple[LatestUpdatesPage, Revision]]:
        past = timezone.now() - datetime.timedelta(minutes=1)
        posts = [LatestUpdatesPageFactory(parent=section) for _ in range(count)]
        return [(post, schedule(post, past)) for post in posts]

    return make
