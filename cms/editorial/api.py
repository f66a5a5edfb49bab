"""The editorial workflow over Wagtail API v3, for newsroom tools (bots, planning boards).

Every decision goes through the same task methods the admin uses, so a token
can do exactly what its user could do in the admin, and no more.
"""

import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Body, Field, Router, Schema
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import ProblemDetail
from wagtail.models import Page

from cms.delivery.query_params import MAX_WHOLE_NUMBER
from cms.editorial.decisions import decide, review_status, submit_over_http, user_ref
from cms.editorial.stages import STAGES
from cms.editorial.submission import submit_for_review
from news.posts import is_post, is_update, post_model
from news.provenance import EditorialQuoteProvenance

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


class EditorialQuote(Schema):
    field: str = Field(description="The stream field the quote is in, e.g. `body`.")
    index: int = Field(description="The quote's position in that stream, from 0.")
    id: str | None = Field(description="The block's id, stable across revisions.")
    text: str
    provenance: EditorialQuoteProvenance


class EditorialStatus(Schema):
    stage: Stage
    workflow: str | None = Field(description="The workflow the post goes through.")
    task: str | None = Field(description="The review step the post is at, if in review.")
    submitted_by: UserRef | None
    submitted_at: datetime.datetime | None
    comments: list[ReviewComment] = Field(description="Reviewers' comments, oldest first.")
    quotes: list[EditorialQuote] = Field(
        description="The quotes of the latest version, with their provenance as the newsroom "
        "sees it: the writer's note and the editor who approved the version (readers see "
        "neither)."
    )


class QueueItem(Schema):
    kind: Literal["page", "update"] = Field(
        description="What is in review: a post (`page`) or one live update inside a story."
    )
    id: int = Field(description="The post's page id, or the live update's id.")
    title: str = Field(description="The post's title, or the update's headline or first words.")
    post: int | None = Field(
        None, description="For an update, the id of the story it belongs to; null for a post."
    )
    task: str
    submitted_by: UserRef | None
    submitted_at: datetime.datetime
    admin_url: str = Field(description="Where to review it in the admin.")


class ApproveIn(Schema):
    comment: str = ""
    go_live_at: datetime.datetime | None = Field(
        None, description="Schedule the post instead of publishing at once (ISO 8601)."
    )
    embargo_until: datetime.datetime | None = Field(
        None,
        description="Embargo: publish to everyone at this time (ISO 8601); until then only "
        "API tokens of the Partners group can read it. docs/trust.md.",
    )


class RejectIn(Schema):
    # Optional in the schema so that a missing comment gets the same clear error as a blank one.
    comment: str = Field("", description="Required: what needs to change; the writer sees it.")


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


@router.get(
    "/pages/{page_id}/",
    response=EditorialStatus,
    url_name="editorial_status",
    operation_id="editorial_status",
    summary="Editorial stage of a post",
)
def editorialreview_status(request: HttpRequest, page_id: PageId):
    return review_status(_editable_post(request, page_id))


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
    refused = submit_over_http(submit_for_review, _post(page_id), request.user)
    return refused or review_status(_post(page_id))


@router.post(
    "/pages/{page_id}/approve/",
    response=EditorialStatus,
    url_name="editorial_approve",
    operation_id="editorial_approve",
    summary="Approve a post in review: publish it now, or schedule it with go_live_at",
)
def approve(request: HttpRequest, page_id: PageId, data: ApproveIn = Body(ApproveIn())):  # noqa: B008
    post = _editable_post(request, page_id)
    decide(
        request.user,
        post,
        "approve",
        {
            "comment": data.comment,
            "go_live_at": data.go_live_at,
            "embargo_until": data.embargo_until,
        },
    )
    return review_status(_post(page_id))


@router.post(
    "/pages/{page_id}/reject/",
    response=EditorialStatus,
    url_name="editorial_reject",
    operation_id="editorial_reject",
    summary="Send a post back to its writer with a comment",
)
def reject(request: HttpRequest, page_id: PageId, data: RejectIn = Body(RejectIn())):  # noqa: B008
    post = _editable_post(request, page_id)
    decide(request.user, post, "reject", {"comment": data.comment})
    return review_status(_post(page_id))


@router.get(
    "/queue/",
    response=list[QueueItem],
    url_name="editorial_queue",
    operation_id="editorial_queue",
    summary="Posts and live updates awaiting the caller's review, oldest first",
)
def queue(request: HttpRequest):
    from cms.editorial.models import EditorApprovalTask

    items = []
    for task in EditorApprovalTask.objects.filter(active=True):
        states = (
            task.get_task_states_user_can_moderate(request.user)
            .select_related("workflow_state__requested_by", "task")
            .order_by("started_at")
        )
        for state in states:
            item = _queue_item(request, state.workflow_state.content_object)
            if item is None:
                continue
            item.update(
                task=state.task.name,
                submitted_by=user_ref(state.workflow_state.requested_by),
                submitted_at=state.started_at,
            )
            items.append(item)
    return sorted(items, key=lambda item: item["submitted_at"])


def _queue_item(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    """What the queue says of a post or a live update in review; None for anything else."""
    if is_update(obj):
        return {
            "kind": "update",
            "id": obj.pk,
            "title": obj.summary(),
            "post": obj.post_id,
            "admin_url": request.build_absolute_uri(update_admin_url(obj)),
        }
    if isinstance(obj, Page) and is_post(obj):
        return {
            "kind": "page",
            "id": obj.pk,
            "title": obj.get_admin_display_title(),
            "post": None,
            "admin_url": request.build_absolute_uri(
                reverse("wagtailadmin_pages:edit", args=[obj.pk])
            ),
        }
    return None


def update_admin_url(update: Any) -> str:
    """The update's edit view in the admin (its viewset registers it with Wagtail's
    admin URL finder), or its story's if none is registered."""
    from wagtail.admin.admin_url_finder import AdminURLFinder

    return AdminURLFinder().get_edit_url(update) or reverse(
        "wagtailadmin_pages:edit", args=[update.post_id]
    )
