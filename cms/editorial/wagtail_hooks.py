"""Admin hooks for the editorial workflow: dashboard panels and audit-log labels."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.log_actions import LogFormatter
from wagtail.models import WorkflowState

from cms.editorial.conflicts import guard_stale_save
from cms.editorial.duties import OVERRIDE_ACTION, own_work_reason
from cms.editorial.panels import OldestFirstReviewPanel, WriterWorkPanel


@hooks.register("construct_homepage_panels")
def newsroom_dashboard(request: Any, panels: list[Any]) -> None:
    for index, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[index] = OldestFirstReviewPanel()
    panels.append(WriterWorkPanel())


hooks.register("before_edit_page", guard_stale_save)


@hooks.register("before_edit_page")
def show_requested_changes(request: Any, page: Any) -> None:
    """Put the editor's comment at the top of the post while it waits on its writer."""
    if request.method != "GET":
        return
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return
    task_state = state.current_task_state
    reviewer = task_state.finished_by
    name = (reviewer.get_full_name() or reviewer.get_username()) if reviewer else "An editor"
    messages.warning(
        request,
        f"Changes requested by {name}: “{task_state.get_comment()}” "
        "Make the changes, then resubmit for review.",
    )


@hooks.register("before_publish_page")
def refuse_publishing_own_version(request: Any, page: Any) -> HttpResponse | None:
    """The edit view publishes without re-checking permissions after saving the new version."""
    if request.user.is_superuser:
        return None
    reason = own_work_reason(request.user, page)
    if not reason:
        return None
    messages.warning(
        request,
        f"Saved as a draft, not published. {reason} Submit it for review instead.",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("register_log_actions")
def register_editorial_log_actions(actions: Any) -> None:
    @actions.register_action(OVERRIDE_ACTION)
    class OverrideSeparation(LogFormatter):
        label = "Override separation of duties"

        def format_message(self, log_entry: Any) -> str:
            action = log_entry.data.get("action", "review")
            return (
                f"Superuser signed off their own work ({action}), overriding separation of duties"
            )
