"""An editor's decision on anything in review, and what the review says so far.

Posts and live updates are reviewed by the same "Editor approval" task, so the
editorial API answers for both through these two functions: a decision goes
through the task's own `on_action` (the admin's path, with its rules: editors
only, no own work, one decision under concurrency), and the review status is
read from Wagtail's workflow state, never stored beside it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from ninja.errors import HttpError
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.utils.forms import FormValidationError

from cms.editorial.duties import own_work_reason
from cms.editorial.forms import FORMS
from cms.editorial.models import AlreadyReviewed
from cms.editorial.stages import editorial_stage

__all__ = ["decide", "noun", "review_status", "user_ref"]


def noun(obj: Any) -> str:
    """What to call `obj` in a message: "post" or "live update"."""
    return "post" if isinstance(obj, Page) else str(obj._meta.verbose_name)


def user_ref(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.get_username(), "name": user.get_full_name()}


def _form_errors(form: Any) -> FormValidationError:
    # The field is named twice: in `loc` for programs, and in the message for people
    # (the message is what the API has always said).
    return FormValidationError(
        {
            (name,): [(f"{name}: {error['message']}", error["code"] or "invalid") for error in errs]
            for name, errs in form.errors.get_json_data().items()
        }
    )


def decide(user: Any, obj: Any, action: str, data: dict[str, Any]) -> None:
    """Approve or reject `obj`'s version in review as `user`.

    Raises HttpError(409) when nothing is awaiting review or another editor
    decided first, PermissionDenied when `user` may not decide, and a
    FormValidationError naming the field when the decision's data is invalid.
    """
    task_state = obj.current_workflow_task_state
    if task_state is None:
        raise HttpError(409, f"This {noun(obj)} is not awaiting review.")
    task = task_state.task.specific
    if not task.get_actions(obj, user):
        reason = own_work_reason(user, obj, obj.current_workflow_state)
        raise PermissionDenied(reason or f"Only editors can review a {noun(obj)}.")
    form = FORMS[action](data=data)
    if not form.is_valid():
        raise _form_errors(form)
    try:
        task.on_action(task_state, user, action, **form.cleaned_data)
    except AlreadyReviewed as error:
        raise HttpError(409, str(error)) from error


def submit_over_http(submit: Any, obj: Any, user: Any) -> Any:
    """Run a submission (`submit(obj, user)`) and say each refusal in HTTP, the same
    for posts and live updates: not allowed 403, not submittable now 409, and a
    version that breaks the publishing rules a 422 listing them. None when submitted."""
    from wagtail.api.v3.errors import problem_response

    from cms.editorial.submission import NotAllowed, NotPublishable, NotSubmittable

    try:
        submit(obj, user)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from error
    except NotSubmittable as error:
        raise HttpError(409, str(error)) from error
    except NotPublishable as error:
        return problem_response(
            status=422,
            detail="This version cannot be submitted: fix the problems listed in errors.",
            errors=error.errors,
        )
    return None


def review_status(obj: Any) -> dict[str, Any]:
    """The stage, the workflow step, the reviewers' comments and the quotes' provenance of
    `obj` (a post or an update)."""
    from news.provenance import editorial_quotes

    states = WorkflowState.objects.for_instance(obj).order_by("created_at")
    latest = states.select_related("requested_by", "workflow").last()
    current = obj.current_workflow_state
    workflow = obj.get_workflow()
    decisions = (
        TaskState.objects.filter(workflow_state__in=states)
        .filter(status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED])
        .exclude(comment="")
        .select_related("finished_by")
        .order_by("finished_at")
    )
    return {
        "stage": editorial_stage(obj),
        # The version the newsroom is working on: the one in review, or the latest draft.
        "quotes": editorial_quotes(obj.get_latest_revision_as_object()),
        "workflow": workflow.name if workflow else None,
        "task": current.current_task_state.task.name if current else None,
        "submitted_by": user_ref(latest.requested_by) if latest else None,
        "submitted_at": latest.created_at if latest else None,
        "comments": [
            {
                "action": "approved"
                if decision.status == TaskState.STATUS_APPROVED
                else "changes requested",
                "comment": decision.comment,
                "by": user_ref(decision.finished_by),
                "at": decision.finished_at,
            }
            for decision in decisions
        ],
    }
