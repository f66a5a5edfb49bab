"""The "Editorial review" workflow, created and assigned idempotently on every deploy."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Page, Workflow, WorkflowPage, WorkflowTask

from cms.editorial.models import EditorApprovalTask

WORKFLOW_NAME = "Editorial review"
TASK_NAME = "Editor approval"
# Created by Wagtail's first migration and assigned to the root page.
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"


@transaction.atomic
def ensure_workflow(section: Page, editors: Group) -> Workflow:
    """One workflow, one task for Editors, assigned to the Latest Updates section."""
    task = EditorApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = EditorApprovalTask.objects.create(name=TASK_NAME)
    if not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.set([editors])

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    # Exactly one step: the editor approval task.
    workflow.workflow_tasks.exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    WorkflowPage.objects.update_or_create(page=section, defaults={"workflow": workflow})

    # Wagtail's default workflow asked the Moderators group, which no longer exists.
    for default in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW, active=True):
        default.deactivate()
    return workflow
