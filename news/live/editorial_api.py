"""The editorial API for live updates: /api/v3/editorial/updates/ (mounted by cms/api.py).

A desk tool writes, revises, submits, reviews and withdraws updates with the
same rules as the admin: writing goes through news/live/editing.py (Wagtail's
create and edit actions), decisions through the Editor approval task
(cms/editorial/decisions.py, shared with the page routes), withdrawal through
news/live/publishing.py. This module only turns each refusal into HTTP.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Body, Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict, field_validator
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import ProblemDetail, problem_response

from cms.delivery.query_params import MAX_WHOLE_NUMBER
from cms.editorial.api import EditorialQuote, ReviewComment, UserRef
from cms.editorial.decisions import decide, review_status, submit_over_http
from cms.editorial.stages import CHANGES_REQUESTED, DRAFT, IN_REVIEW, PUBLISHED, SCHEDULED
from cms.wagtail_fixes.v3_preconditions import STALE_TYPE, if_match
from news.api.schemas import stream_schema
from news.blocks import NewsBodyBlock
from news.live.coverage import coverage_refusal
from news.live.editing import (
    Invalid,
    create_update,
    edit_update,
    may_edit_story,
    revision_etag,
    submit_update,
)
from news.live.models import HEADLINE_MAX, LiveUpdate
from news.live.publishing import withdraw
from news.live.representation import update_json
from news.posts import post_model

router = Router(tags=["editorial"], auth=BearerTokenAuth())

WITHDRAWN = "withdrawn"
# "scheduled": approved under embargo (news/embargo/), public when it lifts.
UpdateStage = Literal[DRAFT, IN_REVIEW, CHANGES_REQUESTED, SCHEDULED, PUBLISHED, WITHDRAWN]  # type: ignore[valid-type]
# The 64-bit bound every id has: an absurd id is a 422 naming it, not a database overflow.
Id = Annotated[int, Field(gt=0, lt=MAX_WHOLE_NUMBER + 1)]
BodyIn = Annotated[
    list[dict[str, Any]],
    Field(
        description=(
            "The update's blocks, as the v3 page writes take a post's body: "
            '`[{"type": "paragraph", "value": "<p>…</p>"}, …]`, with people and images by id. '
            "At least one block."
        ),
        min_length=1,
    ),
]
ETAG_HEADER = {
    "ETag": {
        "description": "The update's latest revision; send it back as If-Match.",
        "schema": {"type": "string", "example": '"rev-42-1733222400000000"'},
    }
}


# Schemas. Unknown fields are refused (422 naming them) rather than ignored, so a
# misspelt field or an attempt to move an update to another story is never silently lost.


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class UpdateCreateIn(Strict):
    post: Id = Field(description="The id of the live story (a Latest Updates post).")
    headline: str = Field("", description=f"Optional; at most {HEADLINE_MAX} characters.")
    body: BodyIn
    pinned: bool = Field(False, description="A key event, shown above the other updates.")


class UpdatePatchIn(Strict):
    """Only the fields sent change; a field sent as null is left as it is."""

    headline: str | None = Field(None, description=f"At most {HEADLINE_MAX} characters.")
    body: BodyIn | None = None
    pinned: bool | None = None


class UpdateApproveIn(Strict):
    comment: str = ""
    go_live_at: None = Field(
        None,
        description="Not accepted: an update goes live when it is approved and cannot be "
        "scheduled. Sending a time is a 422 naming go_live_at.",
    )

    @field_validator("go_live_at", mode="before")
    @classmethod
    def _no_schedule(cls, value: Any) -> None:
        if value is not None:
            raise ValueError("a live update goes live when it is approved; it cannot be scheduled")
        return None

    embargo_until: datetime.datetime | None = Field(
        None,
        description="Embargo: the update goes live for everyone at this time (ISO 8601); "
        "until then only API tokens of the Partners group can read it. docs/trust.md.",
    )


# The route reads a missing body as an empty one (a 422 naming the field); the
# document says a body with the field is needed.
REQUIRED_BODY = {"requestBody": {"required": True}}


def _requires_text(name: str) -> Any:
    """Document `name` as required text with a visible character.

    The model itself takes it as optional, so that a missing, empty or blank
    value gets the same 422 naming the field, with words an editor understands,
    from the route; the document says what the route accepts.
    """

    def amend(schema: dict[str, Any]) -> None:
        schema.setdefault("required", [])
        if name not in schema["required"]:
            schema["required"].append(name)
        field = schema["properties"][name]
        field.pop("default", None)
        field.update({"minLength": 1, "pattern": "\\S"})

    return amend


class UpdateRejectIn(Strict):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_requires_text("comment"))
    comment: str = Field("", description="Required: what needs to change; the writer sees it.")


class UpdateWithdrawIn(Strict):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_requires_text("reason"))
    reason: str = Field("", description="Required: why readers no longer see the update.")


class EditorialUpdateAuthor(Schema):
    name: str


class EditorialUpdate(Schema):
    """The update's latest version (what would be published next), and where it is in review."""

    id: int
    post: int = Field(description="The id of the story the update belongs to.")
    posted_at: str | None = Field(
        description="ISO 8601, set when the update is first published; null before."
    )
    headline: str
    body: stream_schema(NewsBodyBlock)  # type: ignore[valid-type]
    pinned: bool
    author: EditorialUpdateAuthor | None
    stage: UpdateStage
    live: bool = Field(description="Whether a version of the update is published now.")
    withdrawn_at: datetime.datetime | None
    withdrawn_reason: str
    workflow: str | None = Field(description="The workflow updates go through.")
    task: str | None = Field(description="The review step the update is at, if in review.")
    submitted_by: UserRef | None
    submitted_at: datetime.datetime | None
    comments: list[ReviewComment] = Field(description="Reviewers' comments, oldest first.")
    quotes: list[EditorialQuote] = Field(
        description="The quotes of this version with their provenance as the newsroom sees it "
        "(the writer's note, the approving editor); `body` shows what readers see."
    )


# Lookups and answers.


def _story(post_id: int) -> Any:
    post = post_model().objects.filter(pk=post_id).first()
    if post is None:
        raise Http404(f"No Latest Updates post has id {post_id}.")
    return post


def _editable(request: HttpRequest, update_id: int, *, lock: bool = False) -> LiveUpdate:
    updates = LiveUpdate.objects.select_related("post")
    update = (updates.select_for_update() if lock else updates).filter(pk=update_id).first()
    if update is None:
        raise Http404(f"No live update has id {update_id}.")
    if not may_edit_story(update.post, request.user):
        raise PermissionDenied("You cannot edit the story this update belongs to.")
    return update


def _stage(update: LiveUpdate, status: dict[str, Any]) -> str:
    return WITHDRAWN if update.withdrawn else status["stage"]


def _describe(update_id: int, response: HttpResponse | None = None) -> dict[str, Any]:
    update = LiveUpdate.objects.select_related("post", "author").get(pk=update_id)
    latest = update.get_latest_revision_as_object()
    status = review_status(update)
    if response is not None:
        response["ETag"] = revision_etag(update)
    return {
        **update_json(latest),
        "post": update.post_id,
        **status,
        "stage": _stage(update, status),
        "live": update.live,
        "withdrawn_at": update.withdrawn_at,
        "withdrawn_reason": update.withdrawn_reason,
    }


def _invalid(errors: list[dict[str, Any]]) -> HttpResponse:
    fields = sorted({".".join(str(part) for part in error["loc"][:1]) for error in errors})
    return problem_response(
        status=422,
        detail=f"Fix {', '.join(fields)}: see errors. Nothing was written.",
        errors=errors,
    )


def _stale(update: LiveUpdate, sent: str, current: str) -> HttpResponse:
    response = problem_response(
        status=412,
        title="Stale draft",
        type_uri=STALE_TYPE,
        detail=(
            f"Update {update.pk} has been saved since you read it: If-Match sent {sent}, the "
            f"latest revision is {current}. Nothing was written. Fetch it again, reapply your "
            "change and send it with the new ETag."
        ),
    )
    response["ETag"] = current
    return response


def _refuse_if_locked(update: LiveUpdate, user: Any) -> None:
    lock = update.get_lock()
    if lock is None or not lock.for_user(user):
        return
    if update.current_workflow_state is not None:
        raise HttpError(
            409,
            "This update is in review: only a reviewer can change it until an editor "
            "approves it or requests changes.",
        )
    raise HttpError(409, "This update is locked by another user.")


# Routes.


@router.post(
    "/updates/",
    response={201: EditorialUpdate, 422: ProblemDetail},
    url_name="editorial_update_create",
    operation_id="editorial_update_create",
    summary="Write a draft update in a live story",
    openapi_extra={"responses": {201: {"headers": ETAG_HEADER}}},
)
def create(request: HttpRequest, response: HttpResponse, data: UpdateCreateIn):
    post = _story(data.post)
    if not may_edit_story(post, request.user):
        raise PermissionDenied("You cannot edit this story.")
    if refusal := coverage_refusal(post):
        raise HttpError(409, refusal)
    fields = data.dict(exclude={"post"})
    try:
        update = create_update(post, request.user, fields)
    except Invalid as invalid:
        return _invalid(invalid.errors)
    return Status(201, _describe(update.pk, response))


@router.get(
    "/updates/{update_id}/",
    response=EditorialUpdate,
    url_name="editorial_update",
    operation_id="editorial_update",
    summary="A live update's latest version and its stage",
    openapi_extra={"responses": {200: {"headers": ETAG_HEADER}}},
)
def detail(request: HttpRequest, response: HttpResponse, update_id: Id):
    return _describe(_editable(request, update_id).pk, response)


@router.patch(
    "/updates/{update_id}/",
    response={200: EditorialUpdate, 412: ProblemDetail, 422: ProblemDetail},
    url_name="editorial_update_edit",
    operation_id="editorial_update_edit",
    summary="Change a live update's headline, body or pinned flag (a new revision)",
    openapi_extra={
        "parameters": [
            {
                "in": "header",
                "name": "If-Match",
                "required": False,
                "schema": {"type": "string"},
                "description": "The ETag of the version this change was made to. If someone "
                "has saved since, nothing is written and the answer is 412.",
            }
        ],
        "responses": {200: {"headers": ETAG_HEADER}, 412: {"headers": ETAG_HEADER}},
    },
)
def edit(request: HttpRequest, response: HttpResponse, update_id: Id, data: UpdatePatchIn):
    with transaction.atomic():
        # Locked, so two writers holding the same ETag cannot both pass the check.
        update = _editable(request, update_id, lock=True)
        header = request.META.get("HTTP_IF_MATCH")
        if header is not None:
            current = revision_etag(update)
            if not if_match(header, current):
                return _stale(update, header, current)
        if update.withdrawn:
            raise HttpError(409, "This update has been withdrawn; it can no longer be changed.")
        _refuse_if_locked(update, request.user)
        try:
            edit_update(update, request.user, data.dict(exclude_unset=True))
        except Invalid as invalid:
            return _invalid(invalid.errors)
    return _describe(update_id, response)


@router.post(
    "/updates/{update_id}/submit/",
    response={200: EditorialUpdate, 422: ProblemDetail},
    url_name="editorial_update_submit",
    operation_id="editorial_update_submit",
    summary="Submit a live update's latest version for review",
)
def submit(request: HttpRequest, update_id: Id):
    update = _editable(request, update_id)
    refused = submit_over_http(submit_update, update, request.user)
    return refused or _describe(update_id)


@router.post(
    "/updates/{update_id}/approve/",
    response=EditorialUpdate,
    url_name="editorial_update_approve",
    operation_id="editorial_update_approve",
    summary="Approve a live update in review: it is published at once",
)
def approve(
    request: HttpRequest,
    update_id: Id,
    data: UpdateApproveIn = Body(UpdateApproveIn()),  # noqa: B008
):
    update = _editable(request, update_id)
    decide(
        request.user,
        update,
        "approve",
        {"comment": data.comment, "embargo_until": data.embargo_until},
    )
    return _describe(update_id)


@router.post(
    "/updates/{update_id}/reject/",
    response=EditorialUpdate,
    url_name="editorial_update_reject",
    operation_id="editorial_update_reject",
    openapi_extra=REQUIRED_BODY,
    summary="Send a live update back to its writer with a comment",
)
def reject(
    request: HttpRequest,
    update_id: Id,
    data: UpdateRejectIn = Body(UpdateRejectIn()),  # noqa: B008
):
    update = _editable(request, update_id)
    decide(request.user, update, "reject", {"comment": data.comment})
    return _describe(update_id)


@router.post(
    "/updates/{update_id}/withdraw/",
    response={200: EditorialUpdate, 422: ProblemDetail},
    url_name="editorial_update_withdraw",
    operation_id="editorial_update_withdraw",
    openapi_extra=REQUIRED_BODY,
    summary="Take a published update away from readers, with a reason (editors only)",
)
def withdraw_update(
    request: HttpRequest,
    update_id: Id,
    data: UpdateWithdrawIn = Body(UpdateWithdrawIn()),  # noqa: B008
):
    update = _editable(request, update_id)
    try:
        withdraw(update, request.user, data.reason)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            # Not a bad field but the update's state: not published, or already withdrawn.
            raise HttpError(409, " ".join(error.messages)) from error
        return _invalid(
            [
                {"type": "required", "loc": [name], "msg": message}
                for name, messages in error.message_dict.items()
                for message in messages
            ]
        )
    return _describe(update_id)
