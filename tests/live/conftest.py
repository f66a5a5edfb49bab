"""Fixtures for live coverage: a published story under live coverage, and updates."""

from __future__ import annotations

import pytest
from django.utils import timezone

from news.live.models import LiveUpdate

PARAGRAPH = [{"type": "paragraph", "value": "<p>Allies met again in Brussels on Tuesday.</p>"}]


@pytest.fixture
def live_story(demo, django_user_model):
    """The demo post, published, with live coverage started an hour ago."""
    started = timezone.now() - timezone.timedelta(hours=1)
    type(demo).objects.filter(pk=demo.pk).update(
        coverage_started_at=started, coverage_ended_at=None, is_running_story=True
    )
    demo.refresh_from_db()
    assert demo.live
    return demo


@pytest.fixture
def second_editor(django_user_model):
    from django.contrib.auth.models import Group

    from cms.editorial.roles import EDITORS

    user = django_user_model.objects.create_user(username="edna", password="pass")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def draft_update(post, author, headline="Ministers agree a new package", body=None, pinned=False):
    """A draft update as a writer saves it: the row and its first revision."""
    update = LiveUpdate(
        post=post, author=author, headline=headline, body=body or PARAGRAPH, pinned=pinned
    )
    update.live = False
    update.save()
    update.save_revision(user=author)
    return update


def submit(update, user):
    from wagtail.models import Workflow

    from cms.editorial.workflow import UPDATE_WORKFLOW_NAME

    workflow = update.get_workflow()
    assert workflow == Workflow.objects.get(name=UPDATE_WORKFLOW_NAME)
    workflow.start(update, user)
    update.refresh_from_db()
    return update


def approve(update, user, comment=""):
    state = update.current_workflow_task_state
    state.task.specific.on_action(state, user, "approve", comment=comment)
    update.refresh_from_db()
    return update


def publish_update(post, writer, editor, **kwargs):
    """Draft, submit and approve an update: the whole review path."""
    update = draft_update(post, writer, **kwargs)
    submit(update, writer)
    return approve(update, editor)
