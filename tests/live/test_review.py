"""An update is reviewed and published on its own, by the rules posts follow."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import Revision

from cms.changelog.models import PageChange
from news.live.models import LiveUpdate, UpdateEvent
from news.live.publishing import withdraw
from tests.live.conftest import approve, draft_update, publish_update, submit

pytestmark = pytest.mark.django_db


def test_approval_publishes_the_update_alone(live_story, writer, editor):
    page_revisions = Revision.page_revisions.filter(object_id=str(live_story.pk)).count()
    update = publish_update(live_story, writer, editor)
    assert update.live and update.posted_at is not None
    assert update.posted_at.microsecond % 1000 == 0
    # The story is not re-reviewed and gets no new page revision.
    assert Revision.page_revisions.filter(object_id=str(live_story.pk)).count() == page_revisions
    assert list(UpdateEvent.objects.values_list("kind", "update_id")) == [("published", update.pk)]
    change = PageChange.objects.order_by("-pk").first()
    assert (change.event, change.page_id) == ("updated", live_story.pk)


def test_writers_cannot_publish_or_approve(live_story, writer, editor):
    update = submit(draft_update(live_story, writer), writer)
    state = update.current_workflow_task_state
    assert state.task.specific.get_actions(update, writer) == []
    with pytest.raises(PermissionDenied):
        state.task.specific.on_action(state, writer, "approve")
    assert not writer.has_perm("news.publish_liveupdate")
    assert not editor.has_perm("news.publish_liveupdate")
    assert not LiveUpdate.objects.get(pk=update.pk).live


def test_nobody_approves_their_own_update(live_story, editor, second_editor):
    update = submit(draft_update(live_story, editor), editor)
    state = update.current_workflow_task_state
    with pytest.raises(PermissionDenied, match="wrote the latest version of this live update"):
        state.task.specific.on_action(state, editor, "approve")
    approve(update, second_editor)
    assert LiveUpdate.objects.get(pk=update.pk).live


def test_a_rejection_needs_a_comment(live_story, writer, editor):
    update = submit(draft_update(live_story, writer), writer)
    state = update.current_workflow_task_state
    with pytest.raises(PermissionDenied, match="comment"):
        state.task.specific.on_action(state, editor, "reject", comment="")
    state.task.specific.on_action(state, editor, "reject", comment="Source the figure.")
    update.refresh_from_db()
    assert not update.live
    assert update.current_workflow_state.status == "needs_changes"


def test_an_edit_published_later_keeps_posted_at(live_story, writer, editor, second_editor):
    update = publish_update(live_story, writer, editor)
    first_posted = update.posted_at
    update.headline = "Ministers agree a larger package"
    update.save_revision(user=writer)
    submit(update, writer)
    approve(update, second_editor)
    update.refresh_from_db()
    assert update.headline == "Ministers agree a larger package"
    assert update.posted_at == first_posted
    assert list(UpdateEvent.objects.values_list("kind", flat=True)) == ["published", "updated"]


def test_an_update_cannot_be_scheduled(live_story, writer, editor):
    import datetime

    from django.utils import timezone

    update = submit(draft_update(live_story, writer), writer)
    state = update.current_workflow_task_state
    later = timezone.now() + datetime.timedelta(hours=1)
    with pytest.raises(PermissionDenied, match="go_live_at"):
        state.task.specific.on_action(state, editor, "approve", go_live_at=later)
    assert not LiveUpdate.objects.get(pk=update.pk).live


def test_withdrawal_needs_an_editor_and_a_reason(live_story, writer, editor):
    update = publish_update(live_story, writer, editor)
    with pytest.raises(PermissionDenied):
        withdraw(update, writer, "wrong")
    with pytest.raises(ValidationError) as refused:
        withdraw(update, editor, "  ")
    assert "reason" in refused.value.message_dict
    withdraw(update, editor, "The figure was not confirmed.")
    update.refresh_from_db()
    assert not update.live and update.withdrawn_reason == "The figure was not confirmed."
    assert list(UpdateEvent.objects.values_list("kind", flat=True)) == ["published", "withdrawn"]
    with pytest.raises(ValidationError, match="already"):
        withdraw(update, editor, "again")
    assert LiveUpdate.objects.public().count() == 0


def test_a_withdrawn_update_stays_withdrawn_when_a_revision_is_published(
    live_story, writer, editor
):
    update = publish_update(live_story, writer, editor)
    withdraw(update, editor, "Not confirmed.")
    revision = update.get_latest_revision()
    obj = revision.as_object()
    assert obj.withdrawn_at is not None and obj.posted_at == update.posted_at
