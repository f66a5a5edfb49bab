"""The live desk: every update waiting for an editor, across the live stories, oldest first.

Each is shown as readers will see it, with Approve and Request changes beside
it. The decision goes through the Editor approval task, as in the admin's own
workflow modal and the editorial API, so the same rules refuse the same things.
The page polls a fragment of itself (`items/`) to pick up new submissions
without reloading, so a comment being typed is never lost.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import TaskState, Workflow

from cms.editorial.duties import own_work_reason
from cms.editorial.forms import FORMS
from cms.editorial.models import AlreadyReviewed
from cms.editorial.workflow import UPDATE_WORKFLOW_NAME
from news.live.coverage import LIVE, coverage_status
from news.live.models import LiveUpdate

# Seconds between two looks for new submissions; the page says so to screen readers too.
POLL_SECONDS = 4


def _review_task() -> Any:
    workflow = Workflow.objects.filter(name=UPDATE_WORKFLOW_NAME, active=True).first()
    task = workflow.tasks.filter(active=True).first() if workflow else None
    return task.specific if task else None


def may_use_desk(user: Any) -> bool:
    if not (user and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    task = _review_task()
    return bool(task and task.groups.filter(pk__in=user.groups.all()).exists())


def waiting_updates() -> list[dict[str, Any]]:
    """Submitted updates of live stories, the longest-waiting first.

    Each row has the version under review (the latest revision, which is what
    an approval publishes) and when it was submitted (or resubmitted).
    """
    task_states = (
        TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__base_content_type=ContentType.objects.get_for_model(LiveUpdate),
        )
        .select_related("workflow_state__requested_by")
        .order_by("started_at", "pk")
    )
    states = list(task_states)
    updates = LiveUpdate.objects.select_related("post", "author", "latest_revision").in_bulk(
        [int(state.workflow_state.object_id) for state in states]
    )
    rows = []
    for state in states:
        update = updates.get(int(state.workflow_state.object_id))
        if update is None or coverage_status(update.post) != LIVE:
            continue
        rows.append(
            {
                "update": update,
                "version": update.get_latest_revision_as_object(),
                "revision_id": update.latest_revision_id,
                "submitted_at": state.started_at,
                "submitted_by": state.workflow_state.requested_by,
                "story": update.post,
            }
        )
    return rows


def _context(request: Any) -> dict[str, Any]:
    rows = waiting_updates()
    for row in rows:
        row["own_work"] = (
            "" if request.user.is_superuser else own_work_reason(request.user, row["update"])
        )
    return {"rows": rows, "poll_seconds": POLL_SECONDS}


def _require_desk(request: Any) -> None:
    if not may_use_desk(request.user):
        raise PermissionDenied


@require_GET
def desk_view(request: Any) -> Any:
    _require_desk(request)
    return TemplateResponse(request, "news/live/desk.html", _context(request))


@require_GET
def desk_items_view(request: Any) -> Any:
    _require_desk(request)
    return TemplateResponse(request, "news/live/desk_items.html", _context(request))


@require_POST
def desk_decide_view(request: Any, pk: int, action: str) -> Any:
    """Approve, or request changes with a comment; every refusal is a message on the desk."""
    _require_desk(request)
    update = get_object_or_404(LiveUpdate, pk=pk)
    if action not in FORMS:
        raise PermissionDenied
    task_state = update.current_workflow_task_state
    if task_state is None:
        messages.warning(request, f"“{update}” is no longer awaiting review.")
        return redirect("live_desk")
    task = task_state.task.specific
    if not task.get_actions(update, request.user):
        reason = own_work_reason(request.user, update, update.current_workflow_state)
        messages.error(request, reason or "Only editors can review live updates.")
        return redirect("live_desk")
    form = FORMS[action](data={"comment": request.POST.get("comment", "")})
    if not form.is_valid():
        problems = " ".join(" ".join(errors) for errors in form.errors.values())
        messages.error(request, f"“{update}” was not reviewed. {problems}")
        return redirect("live_desk")
    try:
        task.on_action(task_state, request.user, action, comment=form.cleaned_data["comment"])
    except AlreadyReviewed as error:
        messages.warning(request, str(error))
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        done = "approved and published" if action == "approve" else "sent back to its writer"
        messages.success(request, f"“{update}” {done}.")
    return redirect("live_desk")
