"""The "Editorial review" workflow, created and assigned idempotently on every deploy."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page, Workflow, WorkflowContentType, WorkflowPage, WorkflowTask

from cms.editorial.models import EditorApprovalTask

WORKFLOW_NAME = "Editorial review"
# Live updates (news/live/) are reviewed one by one, by the same task.
UPDATE_WORKFLOW_NAME = "Update review"
TASK_NAME = "Editor approval"
# Created by Wagtail's first migration and assigned to the root page.
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"


def _approval_task(editors: Group) -> EditorApprovalTask:
    task = EditorApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = EditorApprovalTask.objects.create(name=TASK_NAME)
    if not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.set([editors])
    return task


def _one_step_workflow(name: str, task: EditorApprovalTask) -> Workflow:
    workflow, _ = Workflow.objects.get_or_create(name=name)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    # Exactly one step: the editor approval task.
    workflow.workflow_tasks.exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


@transaction.atomic
def ensure_update_workflow(editors: Group) -> Workflow:
    """ "Update review": the same Editor approval task, assigned to live updates."""
    from news.posts import update_model

    workflow = _one_step_workflow(UPDATE_WORKFLOW_NAME, _approval_task(editors))
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(update_model()),
        defaults={"workflow": workflow},
    )
    return workflow


@transaction.atomic
def ensure_workflow(section: Page, editors: Group) -> Workflow:
    """One workflow, one task for Editors, assigned to the Latest Updates section;
    and the "Update review" workflow for live updates, with the same task."""
    workflow = _one_step_workflow(WORKFLOW_NAME, _approval_task(editors))
    WorkflowPage.objects.update_or_create(page=section, defaults={"workflow": workflow})
    ensure_update_workflow(editors)

    # Wagtail's default workflow asked the Moderators group, which no longer exists.
    for default in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW, active=True):
        default.deactivate()
    return workflow
