"""Corrections over the editorial API (mounted at /api/v3/editorial/ by cms/api.py).

The rules are news/corrections/publishing.py's; this module says each refusal
in HTTP: not allowed 403, the target's state 409, bad fields 422 naming them.
A published correction answers every change or delete with 409, logged.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import AfterValidator, ConfigDict
from pydantic_core import PydanticCustomError
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import ProblemDetail, problem_response
from wagtail.log_actions import log

from cms.delivery.query_params import MAX_WHOLE_NUMBER
from cms.editorial.api import UserRef
from cms.editorial.decisions import user_ref
from news.corrections.models import TEXT_MAX, Correction
from news.corrections.publishing import (
    NotNow,
    add_correction,
    clean_input,
    may_propose,
    may_publish,
    publish_correction,
    refuse_change,
)
from news.posts import post_model

router = Router(tags=["editorial"], auth=BearerTokenAuth())

Id = Annotated[int, Field(gt=0, lt=MAX_WHOLE_NUMBER + 1)]
Kind = Literal["correction", "clarification", "retraction", "editors_note"]
EDIT_ACTION = "news.correction.edit"
DISCARD_ACTION = "news.correction.discard"


# What counts as blank, one list for the document and the check: JavaScript's white space
# (what `\s` means in the OpenAPI pattern) and the separators Python's str.strip also
# removes (U+001C-U+001F, U+0085), so a text the document calls valid is never refused.
_BLANK = (
    "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
    "\\ufeff\\u001c-\\u001f\\u0085"
)
_SOMETHING = re.compile(f"[^{_BLANK}]")


def _not_blank(text: str) -> str:
    # The admin form's words, not pydantic's "String should match pattern …".
    if not _SOMETHING.search(text):
        raise PydanticCustomError(
            "blank", "Say what was wrong and what is right: the text is blank."
        )
    return text


# Not blank: at least one character that is not white space, as publishing.clean_input has it.
# The document states it (minLength, pattern); the check is ours, so the message is too.
Text = Annotated[
    str,
    Field(
        max_length=TEXT_MAX,
        description=f"What was wrong and what is right, plain text; at most {TEXT_MAX} characters.",
        json_schema_extra={"minLength": 1, "pattern": f"[^{_BLANK}]"},
    ),
    AfterValidator(_not_blank),
]


class CorrectionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: Kind
    text: Text


class CorrectionChangeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: Kind | None = None
    text: Text | None = None


class EditorialCorrection(Schema):
    id: int
    post: int = Field(description="The story's page id.")
    update: int | None = Field(description="The live update's id, if it corrects one.")
    kind: Kind
    text: str
    status: Literal["proposed", "published"] = Field(
        description="A proposal waits for an editor: it is published with the next approved "
        "version of what it corrects, or by `publish/`."
    )
    created_by: UserRef | None
    created_at: datetime.datetime
    published_at: datetime.datetime | None
    published_by: UserRef | None


def describe(correction: Correction) -> dict[str, Any]:
    return {
        "id": correction.pk,
        "post": correction.post_id,
        "update": correction.update_id,
        "kind": correction.kind,
        "text": correction.text,
        "status": "published" if correction.published else "proposed",
        "created_by": user_ref(correction.created_by),
        "created_at": correction.created_at,
        "published_at": correction.published_at,
        "published_by": user_ref(correction.published_by),
    }


def _invalid(error: ValidationError) -> HttpResponse:
    errors = [
        {"type": "invalid", "loc": ["body", field], "msg": " ".join(messages)}
        for field, messages in error.message_dict.items()
    ]
    fields = ", ".join(sorted(error.message_dict))
    return problem_response(
        status=422, detail=f"Fix {fields}: see errors. Nothing was written.", errors=errors
    )


def _post(page_id: int) -> Any:
    post = post_model().objects.filter(pk=page_id).first()
    if post is None:
        raise Http404(f"No Latest Updates post has id {page_id}.")
    return post


def _update(update_id: int) -> Any:
    from news.live.models import LiveUpdate

    update = LiveUpdate.objects.select_related("post").filter(pk=update_id).first()
    if update is None:
        raise Http404(f"No live update has id {update_id}.")
    return update


def _correction(request: HttpRequest, correction_id: int) -> Correction:
    correction = (
        Correction.objects.select_related("post", "update", "created_by", "published_by")
        .filter(pk=correction_id)
        .first()
    )
    if correction is None or not may_propose(request.user, correction.target):
        # Someone who cannot edit the story is not told the correction exists.
        raise Http404(f"No correction has id {correction_id}.")
    return correction


def _add(request: HttpRequest, target: Any, data: CorrectionIn):
    try:
        correction = add_correction(target, request.user, data.kind, data.text)
    except ValidationError as error:
        return _invalid(error)
    except NotNow as error:
        raise HttpError(409, str(error)) from error
    correction.refresh_from_db()
    return Status(201, describe(correction))


CREATED = {201: EditorialCorrection, 409: ProblemDetail, 422: ProblemDetail}


@router.post(
    "/pages/{page_id}/corrections/",
    response=CREATED,
    url_name="editorial_post_correction",
    operation_id="editorial_post_correction",
    summary="Correct a published post (editors publish at once; writers propose)",
)
def add_to_post(request: HttpRequest, page_id: Id, data: CorrectionIn):
    return _add(request, _post(page_id), data)


@router.post(
    "/updates/{update_id}/corrections/",
    response=CREATED,
    url_name="editorial_update_correction",
    operation_id="editorial_update_correction",
    summary="Correct a published live update (editors publish at once; writers propose)",
)
def add_to_update(request: HttpRequest, update_id: Id, data: CorrectionIn):
    return _add(request, _update(update_id), data)


@router.get(
    "/pages/{page_id}/corrections/",
    response=list[EditorialCorrection],
    url_name="editorial_post_corrections",
    operation_id="editorial_post_corrections",
    summary="Every correction of a story and its updates, proposals included, oldest first",
)
def list_for_post(request: HttpRequest, page_id: Id):
    post = _post(page_id)
    if not may_propose(request.user, post):
        raise PermissionDenied("You cannot edit this post.")
    found = Correction.objects.filter(post_id=post.pk).select_related("created_by", "published_by")
    return [describe(correction) for correction in found.order_by("created_at", "pk")]


@router.post(
    "/corrections/{correction_id}/publish/",
    response={200: EditorialCorrection, 409: ProblemDetail},
    url_name="editorial_correction_publish",
    operation_id="editorial_correction_publish",
    summary="Publish a proposed correction now (editors)",
)
def publish(request: HttpRequest, correction_id: Id):
    correction = _correction(request, correction_id)
    if not may_publish(request.user):
        raise PermissionDenied("Only editors can publish a correction.")
    try:
        publish_correction(correction, request.user)
    except NotNow as error:
        raise HttpError(409, str(error)) from error
    correction.refresh_from_db()
    return describe(correction)


def _may_change_proposal(user: Any, correction: Correction) -> bool:
    return may_publish(user) or correction.created_by_id == user.pk


@router.patch(
    "/corrections/{correction_id}/",
    response={200: EditorialCorrection, 409: ProblemDetail, 422: ProblemDetail},
    url_name="editorial_correction_edit",
    operation_id="editorial_correction_edit",
    summary="Change a proposed correction; a published one is refused (409) and logged",
)
def change(request: HttpRequest, correction_id: Id, data: CorrectionChangeIn):
    with transaction.atomic():
        return _change(request, correction_id, data)


def _change(request: HttpRequest, correction_id: int, data: CorrectionChangeIn):
    correction = _correction(request, correction_id)
    if correction.published:
        # Answered, not raised: the audit entry must commit with the refusal.
        return problem_response(
            status=409, detail=refuse_change(correction, request.user, "change")
        )
    if not _may_change_proposal(request.user, correction):
        raise PermissionDenied("Only its author or an editor can change a proposal.")
    try:
        kind, text = clean_input(
            data.kind if data.kind is not None else correction.kind,
            data.text if data.text is not None else correction.text,
        )
    except ValidationError as error:
        return _invalid(error)
    correction.kind, correction.text = kind, text
    correction.save(update_fields=["kind", "text"])
    log(
        instance=correction.target,
        action=EDIT_ACTION,
        user=request.user,
        data={"correction": correction.pk, "kind": kind, "text": text},
    )
    return describe(correction)


@router.delete(
    "/corrections/{correction_id}/",
    response={204: None, 409: ProblemDetail},
    url_name="editorial_correction_delete",
    operation_id="editorial_correction_delete",
    summary="Discard a proposed correction; a published one is refused (409) and logged",
)
def discard(request: HttpRequest, correction_id: Id):
    with transaction.atomic():
        return _discard(request, correction_id)


def _discard(request: HttpRequest, correction_id: int):
    correction = _correction(request, correction_id)
    if correction.published:
        return problem_response(
            status=409, detail=refuse_change(correction, request.user, "delete")
        )
    if not _may_change_proposal(request.user, correction):
        raise PermissionDenied("Only its author or an editor can discard a proposal.")
    log(
        instance=correction.target,
        action=DISCARD_ACTION,
        user=request.user,
        data={"correction": correction.pk, "kind": correction.kind, "text": correction.text},
    )
    correction.delete()
    return Status(204, None)
