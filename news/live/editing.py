"""Writing a live update outside the admin: validating, drafting, revising, submitting.

The editorial API (news/live/editorial_api.py) calls these; each either does
all of its work or, raising, none of it. Saving goes through Wagtail's own
create and edit actions (model permission, lock, revision, audit log), and the
body is read and cleaned by the admin's own form machinery for StreamFields
(`wagtail.api.v3.form_data.flatten_block_value`, as the v3 page writes do), so
an update the API accepts is one the admin would have accepted.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.datastructures import MultiValueDict
from pydantic import ValidationError as PydanticValidationError
from wagtail.actions.create import CreateAction
from wagtail.actions.edit import EditAction
from wagtail.api.v3.form_data import flatten_block_value
from wagtail.models import Revision, WorkflowState

from cms.editorial.submission import NotAllowed, NotPublishable, NotSubmittable
from cms.editorial.validation import block_errors, publishing_errors
from cms.wagtail_fixes.v3_preconditions import revision_tag
from news.live.models import HEADLINE_MAX, LiveUpdate

__all__ = [
    "Invalid",
    "clean_body",
    "create_update",
    "edit_update",
    "may_edit_story",
    "revision_etag",
    "submit_update",
]

EDITABLE = ("headline", "body", "pinned")


class Invalid(Exception):
    """The update's fields were refused; `errors` names each field (`loc`), nothing was written."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors))
        self.errors = errors


def _error(loc: list[Any], msg: str, kind: str = "invalid") -> dict[str, Any]:
    return {"type": kind, "loc": loc, "msg": msg}


def may_edit_story(post: Any, user: Any) -> bool:
    """Updates belong to their story: whoever may edit the story may write its updates."""
    return bool(user and user.is_authenticated and post.permissions_for_user(user).can_edit())


def check_headline(headline: str) -> list[dict[str, Any]]:
    if len(headline) > HEADLINE_MAX:
        return [
            _error(
                ["headline"],
                f"At most {HEADLINE_MAX} characters (this one has {len(headline)}).",
                "max_length",
            )
        ]
    return []


def _body_block() -> Any:
    return LiveUpdate._meta.get_field("body").stream_block


def clean_body(raw: Any) -> Any:
    """The body's JSON (the v3 write shape: a list of `{"type", "value"}`) as a cleaned stream.

    Draft rules only, as the admin applies them when a draft is saved: rules
    that matter only for publishing (a quote's attribution) wait for
    submission. An empty body is refused all the same: an update says something.
    """
    block = _body_block()
    if not isinstance(raw, list) or not raw:
        raise Invalid([_error(["body"], "Give the update at least one block.", "required")])
    data = MultiValueDict({"body-count": [str(len(raw))]})
    problems = []
    for index, item in enumerate(raw):
        kind = item.get("type") if isinstance(item, dict) else None
        if kind not in block.child_blocks or "value" not in item:
            choices = ", ".join(block.child_blocks)
            problems.append(
                _error(
                    ["body", index], f'Each block needs a "type" (one of {choices}) and a "value".'
                )
            )
            continue
        prefix = f"body-{index}"
        data[f"{prefix}-deleted"] = ""
        data[f"{prefix}-order"] = str(index)
        data[f"{prefix}-type"] = kind
        if item.get("id") is not None:
            data[f"{prefix}-id"] = str(item["id"])
        try:
            flatten_block_value(block.child_blocks[kind], item["value"], f"{prefix}-value", data)
        except (PydanticValidationError, ValidationError, AttributeError, LookupError) as error:
            problems.append(_error(["body", index], _reason(error)))
        except (TypeError, ValueError) as error:
            problems.append(
                _error(["body", index], f"This {kind} block's value is malformed: {error}")
            )
    if problems:
        raise Invalid(problems)
    try:
        value = block.value_from_datadict(data, {}, "body")
        return block.clean_deferred(value)
    except ValidationError as error:
        raise Invalid(block_errors(error, ["body"])) from error
    except (TypeError, ValueError) as error:
        raise Invalid([_error(["body"], f"The body could not be read: {error}")]) from error


def _reason(error: Exception) -> str:
    if isinstance(error, PydanticValidationError):
        return "; ".join(str(e["msg"]) for e in error.errors())
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return f"The block's value is malformed ({type(error).__name__}: {error})."


def _checked(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields, with the body cleaned; raises Invalid naming every bad field at once."""
    errors: list[dict[str, Any]] = []
    cleaned = dict(fields)
    if "headline" in fields:
        cleaned["headline"] = (fields["headline"] or "").strip()
        errors += check_headline(cleaned["headline"])
    if "body" in fields:
        try:
            cleaned["body"] = clean_body(fields["body"])
        except Invalid as invalid:
            errors += invalid.errors
    if errors:
        raise Invalid(errors)
    return cleaned


@transaction.atomic
def create_update(post: Any, user: Any, fields: dict[str, Any]) -> LiveUpdate:
    """A draft update in `post` by `user`: the row and its first revision, saved by them."""
    fields = _checked({"headline": "", "pinned": False, **fields})
    update = LiveUpdate(post=post, author=user, **fields)
    CreateAction(update, user=user).execute()
    return update


@transaction.atomic
def edit_update(update: LiveUpdate, user: Any, changes: dict[str, Any]) -> LiveUpdate:
    """A new revision of `update` by `user`, with `changes` on top of its latest version.

    A published update keeps serving its live version until the new one is
    approved; one in review stays there, and the reviewer decides on this new
    version (EditorApprovalTask.on_action reviews the latest revision).
    """
    # null leaves a field as it is, as leaving it out does: writing None into
    # `pinned` would store a revision no form or API read can load again.
    changes = _checked({name: changes[name] for name in EDITABLE if changes.get(name) is not None})
    draft = update.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    EditAction(draft, user=user).execute()
    return draft


def revision_etag(update: LiveUpdate) -> str:
    """The ETag of the update's latest revision, in the form pages' drafts use."""
    latest = (
        Revision.objects.for_instance(update)
        .order_by("-created_at", "-id")
        .values_list("id", "created_at")
        .first()
    )
    return revision_tag(*latest) if latest else revision_tag(None, None)


@transaction.atomic
def submit_update(update: LiveUpdate, user: Any) -> WorkflowState:
    """Start "Update review" for the update's latest version, or resume it after changes.

    Refuses as page submission does (cms/editorial/submission.py), with the
    same exceptions, and also refuses a withdrawn update.
    """
    if not may_edit_story(update.post, user) or not user.has_perm("news.change_liveupdate"):
        raise NotAllowed("You cannot edit this story's updates.")
    update = LiveUpdate.objects.select_for_update().get(pk=update.pk)
    if update.withdrawn:
        raise NotSubmittable("This update has been withdrawn; it cannot be reviewed again.")
    state = update.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise NotSubmittable("This update is already in review.")
    revision = update.get_latest_revision()
    if revision is None or (update.live and not update.has_unpublished_changes):
        raise NotSubmittable("There is no unpublished version of this update to review.")
    if errors := publishing_errors(revision.as_object()):
        raise NotPublishable(errors)
    if state is not None:
        state.resume(user)
        return state
    workflow = update.get_workflow()
    if workflow is None:
        raise NotSubmittable("No review workflow is set up for live updates.")
    return workflow.start(update, user)
