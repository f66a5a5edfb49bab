"""Draft → in review → changes requested → scheduled/published, on Wagtail's workflow engine."""

from __future__ import annotations

import datetime
import io
import time

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry, Workflow, WorkflowPage

from cms.changelog.models import PageChange
from cms.editorial.duties import OVERRIDE_ACTION
from cms.editorial.models import EditorApprovalTask
from cms.editorial.roles import EDITORS
from cms.editorial.stages import editorial_stage
from news.models import LatestUpdatesPage
from tests.editorial.flow import act, draft, edit, submit

pytestmark = pytest.mark.django_db

# Long enough to check nothing goes live early, short enough to wait for in a test.
SHORT_EMBARGO = datetime.timedelta(seconds=2)


def wait_until(moment: datetime.datetime) -> None:
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.1)


@pytest.fixture
def other_editor(site_tree, django_user_model):
    user = django_user_model.objects.create_user("olga", "olga@example.com", "pass")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


class TestSetup:
    def test_section_is_reviewed_by_the_editorial_review_workflow(self, section):
        workflow = WorkflowPage.objects.get(page=section).workflow
        assert workflow.name == "Editorial review" and workflow.active
        (task,) = [t.specific for t in workflow.tasks]
        assert isinstance(task, EditorApprovalTask)
        assert task.name == "Editor approval"
        assert list(task.groups.values_list("name", flat=True)) == [EDITORS]

    def test_wagtails_moderators_workflow_is_retired(self, site_tree):
        assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()

    def test_bootstrap_again_keeps_one_workflow_with_one_task(self, site_tree):
        call_command("bootstrap_newsroom", stdout=io.StringIO())
        workflow = Workflow.objects.get(name="Editorial review")
        assert workflow.workflow_tasks.count() == 1
        assert EditorApprovalTask.objects.count() == 1


class TestStages:
    def test_the_whole_journey(self, section, writer, editor):
        post = draft(section, writer)
        assert editorial_stage(post) == "draft"

        submit(post, writer)
        assert editorial_stage(post) == "in review"

        post = act(post, editor, "reject", comment="Attribute the second quote.")
        assert editorial_stage(post) == "changes requested"
        assert post.current_workflow_state.current_task_state.get_comment() == (
            "Attribute the second quote."
        )

        post = edit(post, writer, standfirst="Now with every quote attributed.")
        post.current_workflow_state.resume(writer)
        assert editorial_stage(post) == "in review"

        post = act(post, editor, "approve")
        assert editorial_stage(post) == "published"
        assert post.live and post.standfirst == "Now with every quote attributed."

    def test_admin_listings_show_the_stage(self, section, writer, editor):
        post = draft(section, writer)
        assert post.status_string == "draft"
        submit(post, writer)
        assert LatestUpdatesPage.objects.get(pk=post.pk).status_string == "in review"


class TestScheduling:
    def test_approval_with_a_go_live_time_schedules_and_publish_scheduled_publishes(
        self, section, writer, editor
    ):
        post = draft(section, writer, title="Embargoed")
        submit(post, writer)
        go_live = timezone.now() + SHORT_EMBARGO
        post = act(post, editor, "approve", go_live_at=go_live)
        assert editorial_stage(post) == "scheduled"
        assert not post.live

        call_command("publish_scheduled", stdout=io.StringIO())
        post.refresh_from_db()
        assert not post.live, "nothing goes live before its time"
        assert not PageChange.objects.filter(page_id=post.pk).exists(), "sync clients see nothing"

        wait_until(go_live)
        call_command("publish_scheduled", stdout=io.StringIO())
        post = LatestUpdatesPage.objects.get(pk=post.pk)
        assert post.live and editorial_stage(post) == "published"
        assert list(PageChange.objects.values_list("event", flat=True)) == ["published"]

    def test_go_live_time_in_the_past_is_refused(self, section, writer, editor):
        post = draft(section, writer)
        submit(post, writer)
        with pytest.raises(PermissionDenied, match="must be in the future"):
            act(post, editor, "approve", go_live_at=timezone.now() - datetime.timedelta(hours=1))
        assert editorial_stage(LatestUpdatesPage.objects.get(pk=post.pk)) == "in review"

    def test_edits_after_approval_need_approval_again(self, section, writer, editor):
        post = draft(section, writer, title="Approved title")
        submit(post, writer)
        go_live = timezone.now() + SHORT_EMBARGO
        post = act(post, editor, "approve", go_live_at=go_live)
        edit(post, writer, title="Unapproved title")

        wait_until(go_live)
        call_command("publish_scheduled", stdout=io.StringIO())
        post = LatestUpdatesPage.objects.get(pk=post.pk)
        assert post.live and post.title == "Approved title"
        assert editorial_stage(post) == "draft", "the later edit waits for its own review"


class TestSeparationOfDuties:
    def test_an_editor_cannot_approve_their_own_submission(self, section, editor, other_editor):
        post = draft(section, editor)
        submit(post, editor)
        task = post.current_workflow_task
        assert task.get_actions(post, editor) == []
        with pytest.raises(PermissionDenied, match="another editor"):
            act(post, editor, "approve")
        post = act(post, other_editor, "approve")
        assert post.live

    def test_editor_who_wrote_the_latest_version_cannot_approve_it(
        self, section, writer, editor, other_editor
    ):
        post = draft(section, writer)
        submit(post, writer)
        edit(post, editor, standfirst="Tightened by the editor.")
        with pytest.raises(PermissionDenied, match="wrote the latest version"):
            act(post, editor, "approve")
        assert act(post, other_editor, "approve").live

    def test_writers_cannot_review(self, section, writer, django_user_model):
        second_writer = django_user_model.objects.create_user("sam", "sam@example.com", "pass")
        second_writer.groups.add(Group.objects.get(name="Writers"))
        post = draft(section, writer)
        submit(post, writer)
        assert post.current_workflow_task.get_actions(post, second_writer) == []
        with pytest.raises(PermissionDenied):
            act(post, second_writer, "approve")
        assert not LatestUpdatesPage.objects.get(pk=post.pk).live

    def test_a_superuser_may_override_and_the_audit_log_says_so(self, section, django_user_model):
        boss = django_user_model.objects.create_superuser("boss", "boss@example.com", "pass")
        post = draft(section, boss)
        submit(post, boss)
        post = act(post, boss, "approve")
        assert post.live
        entry = PageLogEntry.objects.get(page=post, action=OVERRIDE_ACTION)
        assert entry.user == boss
        assert "own work" in entry.message

    def test_review_queue_hides_what_the_editor_cannot_act_on(
        self, section, writer, editor, other_editor
    ):
        mine = draft(section, editor, title="Editor's own")
        theirs = draft(section, writer, title="Writer's")
        submit(mine, editor)
        submit(theirs, writer)
        task = EditorApprovalTask.objects.get()
        reviewable = task.get_task_states_user_can_moderate(editor)
        assert [state.workflow_state.content_object.title for state in reviewable] == ["Writer's"]
        assert task.get_task_states_user_can_moderate(other_editor).count() == 2

    def test_a_decided_review_cannot_be_decided_again(self, section, writer, editor, other_editor):
        post = draft(section, writer)
        submit(post, writer)
        task_state = post.current_workflow_task_state
        task = task_state.task.specific
        task.on_action(task_state, editor, "approve")
        with pytest.raises(PermissionDenied, match="already reviewed"):
            task.on_action(task_state, other_editor, "approve")
        assert (
            LatestUpdatesPage.objects.get(pk=post.pk)
            .revisions.filter(approved_go_live_at=None)
            .count()
            == 1
        )


class TestRejection:
    @pytest.mark.parametrize("comment", ["", "   "])
    def test_requesting_changes_needs_a_comment(self, section, writer, editor, comment):
        post = draft(section, writer)
        submit(post, writer)
        with pytest.raises(PermissionDenied, match="Say what needs to change"):
            act(post, editor, "reject", comment=comment)
        assert editorial_stage(LatestUpdatesPage.objects.get(pk=post.pk)) == "in review"


class TestNotifications:
    def test_editors_hear_of_submissions_and_writers_of_decisions(
        self, section, writer, editor, other_editor
    ):
        post = draft(section, writer)
        submit(post, writer)
        submitted = {address for message in mail.outbox for address in message.to}
        assert {editor.email, other_editor.email} <= submitted
        assert writer.email not in submitted

        mail.outbox.clear()
        act(post, editor, "reject", comment="Name the diplomat's country.")
        (rejection,) = [m for m in mail.outbox if writer.email in m.to]
        assert "Name the diplomat's country." in rejection.body

        mail.outbox.clear()
        post.current_workflow_state.resume(writer)
        mail.outbox.clear()
        act(post, other_editor, "approve")
        assert any(writer.email in message.to for message in mail.outbox)


def test_admin_approval_dialog_schedules_with_its_go_live_field(client, section, writer, editor):
    """The dialog posts the browser's datetime-local value, e.g. 2030-01-02T07:30."""
    from django.urls import reverse

    post = draft(section, writer)
    submit(post, writer)
    task_state = LatestUpdatesPage.objects.get(pk=post.pk).current_workflow_task_state
    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", task_state.pk]),
        {"comment": "Hold until the embargo lifts.", "go_live_at": "2030-01-02T07:30"},
    )
    assert response.status_code == 302
    post = LatestUpdatesPage.objects.get(pk=post.pk)
    assert editorial_stage(post) == "scheduled" and not post.live
    assert post.scheduled_revision.approved_go_live_at.isoformat().startswith("2030-01-02T07:30")
