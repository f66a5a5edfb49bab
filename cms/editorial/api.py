"""The editorial workflow over Wagtail API v3, for newsroom tools (bots, planning boards).

Every decision goes through the same task methods the admin uses, so a token
can do exactly what its user could do in the admin, and no more.
"""

import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Body, Field, Router, Schema
from ninja.errors import HttpError
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import ProblemDetail, problem_response
from wagtail.models import Page, TaskState, WorkflowState

from cms.delivery.query_params import MAX_WHOLE_NUMBER
from cms.editorial.duties import own_work_reason
from cms.editorial.forms import FORMS
from cms.editorial.models import AlreadyReviewed
from cms.editorial.stages import STAGES, editorial_stage
from cms.editorial.submission import (
    NotAllowed,
    NotPublishable,
    NotSubmittable,
    submit_for_review,
)
from news.posts import is_post, post_model

router = Router(tags=["editorial"], auth=BearerTokenAuth())

Stage = Literal[STAGES]  # type: ignore[valid-type]
# Bounded so an absurd id is a 422 naming the parameter, not a database overflow:
# the 64-bit bound every id has (cms/delivery/query_params.py).
PageId = Annotated[int, Field(gt=0, lt=MAX_WHOLE_NUMBER + 1)]


class UserRef(Schema):
    id: int
    username: str
    name: str


class ReviewComment(Schema):
    action: Literal["approved", "changes requested"]
    comment: str
    by: UserRef | None
    at: datetime.datetime | None


class EditorialStatus(Schema):
    stage: Stage
    workflow: str | None = Field(description="The workflow the post goes through.")
    task: str | None = Field(description="The review step the post is at, if in review.")
    submitted_by: UserRef | None
    submitted_at: datetime.datetime | None
    comments: list[ReviewComment] = Field(description="Reviewers' comments, oldest first.")


class QueueItem(Schema):
    id: int
    title: str
    task: str
    submitted_by: UserRef | None
    submitted_at: datetime.datetime
    admin_url: str


class ApproveIn(Schema):
    comment: str = ""
    go_live_at: datetime.datetime | None = Field(
        None, description="Schedule the post instead of publishing at once (ISO 8601)."
    )


class RejectIn(Schema):
    # Optional in the schema so that a missing comment gets the same clear error as a blank one.
    comment: str = Field("", description="Required: what needs to change; the writer sees it.")


def _user(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.get_username(), "name": user.get_full_name()}


def _post(page_id: int) -> Page:
    post = post_model().objects.filter(pk=page_id).first()
    if post is None:
        raise Http404(f"No Latest Updates post has id {page_id}.")
    return post


def _editable_post(request: HttpRequest, page_id: int) -> Page:
    post = _post(page_id)
    if not post.permissions_for_user(request.user).can_edit():
        raise PermissionDenied("You cannot edit this post.")
    return post


def _status(post: Page) -> dict[str, Any]:
    states = WorkflowState.objects.for_instance(post).order_by("created_at")
    latest = states.select_related("requested_by", "workflow").last()
    current = post.current_workflow_state
    workflow = post.get_workflow()
    decisions = (
        TaskState.objects.filter(workflow_state__in=states)
        .filter(status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED])
        .exclude(comment="")
        .select_related("finished_by")
        .order_by("finished_at")
    )
    return {
        "stage": editorial_stage(post),
        "workflow": workflow.name if workflow else None,
        "task": current.current_task_state.task.name if current else None,
        "submitted_by": _user(latest.requested_by) if latest else None,
        "submitted_at": latest.created_at if latest else None,
        "comments": [
            {
                "action": "approved"
                if decision.status == TaskState.STATUS_APPROVED
                else "changes requested",
                "comment": decision.comment,
                "by": _user(decision.finished_by),
                "at": decision.finished_at,
            }
            for decision in decisions
        ],
    }


def _form_errors(form: Any) -> ValidationError:
    return ValidationError([f"{name}: {' '.join(errs)}" for name, errs in form.errors.items()])


def _decide(request: HttpRequest, post: Page, action: str, data: dict) -> None:
    task_state = post.current_workflow_task_state
    if task_state is None:
        raise HttpError(409, "This post is not awaiting review.")
    task = task_state.task.specific
    if not task.get_actions(post, request.user):
        reason = own_work_reason(request.user, post, post.current_workflow_state)
        raise PermissionDenied(reason or "Only editors can review posts.")
    form = FORMS[action](data=data)
    if not form.is_valid():
        raise _form_errors(form)
    try:
        task.on_action(task_state, request.user, action, **form.cleaned_data)
    except AlreadyReviewed as error:
        raise HttpError(409, str(error)) from error


@router.get(
    "/pages/{page_id}/",
    response=EditorialStatus,
    url_name="editorial_status",
    operation_id="editorial_status",
    summary="Editorial stage of a post",
)
def editorial_status(request: HttpRequest, page_id: PageId):
    return _status(_editable_post(request, page_id))


@router.post(
    "/pages/{page_id}/submit/",
    response={200: EditorialStatus, 422: ProblemDetail},
    url_name="editorial_submit",
    operation_id="editorial_submit",
    summary="Submit a post's latest version for review",
)
def submit(request: HttpRequest, page_id: PageId):
    # The rules live in submit_for_review, shared with `import_posts --submit`;
    # this only says each refusal in HTTP.
    try:
        submit_for_review(_post(page_id), request.user)
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
    return _status(_post(page_id))


@router.post(
    "/pages/{page_id}/approve/",
    response=EditorialStatus,
    url_name="editorial_approve",
    operation_id="editorial_approve",
    summary="Approve a post in review: publish it now, or schedule it with go_live_at",
)
def approve(request: HttpRequest, page_id: PageId, data: ApproveIn = Body(ApproveIn())):  # noqa: B008
    post = _editable_post(request, page_id)
    _decide(request, post, "approve", {"comment": data.comment, "go_live_at": data.go_live_at})
    return _status(_post(page_id))


@router.post(
    "/pages/{page_id}/reject/",
    response=EditorialStatus,
    url_name="editorial_reject",
    operation_id="editorial_reject",
    summary="Send a post back to its writer with a comment",
)
def reject(request: HttpRequest, page_id: PageId, data: RejectIn = Body(RejectIn())):  # noqa: B008
    post = _editable_post(request, page_id)
    _decide(request, post, "reject", {"comment": data.comment})
    return _status(_post(page_id))


@router.get(
    "/queue/",
    response=list[QueueItem],
    url_name="editorial_queue",
    operation_id="editorial_queue",
    summary="Posts awaiting the caller's review, oldest first",
)
def queue(request: HttpRequest):
    from django.urls import reverse

    from cms.editorial.models import EditorApprovalTask

    items = []
    for task in EditorApprovalTask.objects.filter(active=True):
        states = (
            task.get_task_states_user_can_moderate(request.user)
            .select_related("workflow_state__requested_by", "task")
            .order_by("started_at")
        )
        for state in states:
            post = state.workflow_state.content_object
            if not is_post(post):
                continue
            items.append(
                {
                    "id": post.pk,
                    "title": post.get_admin_display_title(),
                    "task": state.task.name,
                    "submitted_by": _user(state.workflow_state.requested_by),
                    "submitted_at": state.started_at,
                    "admin_url": request.build_absolute_uri(
                        reverse("wagtailadmin_pages:edit", args=[post.pk])
                    ),
                }
            )
    return sorted(items, key=lambda item: item["submitted_at"])
