"""The demo's live story went through the real review path."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from news.live.coverage import coverage_status
from news.live.demo import LIVE_STORY_SLUG
from news.live.models import LiveUpdate, UpdateEvent
from news.models import LatestUpdatesPage

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_live_story_with_reviewed_updates(site_tree, settings):
    settings.DEBUG = True
    call_command("bootstrap_newsroom", "--demo", stdout=io.StringIO())
    call_command("bootstrap_newsroom", "--demo", stdout=io.StringIO())  # idempotent
    story = LatestUpdatesPage.objects.get(slug=LIVE_STORY_SLUG)
    assert story.live and coverage_status(story) == "live"

    public = list(LiveUpdate.objects.public().filter(post=story))
    assert len(public) == 3
    assert [u.pinned for u in public].count(True) == 1
    for update in public:
        # Written by the writer, approved by the editor through the workflow.
        assert update.author.username == "writer"
        state = update.workflow_states.get()
        assert state.status == "approved" and state.requested_by.username == "writer"
        assert state.task_states.get().finished_by.username == "editor"

    waiting = LiveUpdate.objects.filter(post=story, live=False).get()
    assert waiting.current_workflow_state.status == "in_progress"
    assert UpdateEvent.objects.filter(post_id=story.pk, kind="published").count() == 3
