"""Submitting a post's latest version for review: the one set of checks every route applies.

The editorial API's submit action and `import_posts --submit` (and the admin
import, which runs the same importer) call `submit_for_review`, so a post
reaches an editor's queue only if its submitter may edit and submit it, it is
not already in review, and the version submitted passes the publishing rules.
Each refusal is a `SubmissionRefused` subclass, so a caller can answer in its
own terms (an HTTP status, a line in an import report) without re-deciding.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from wagtail.models import WorkflowState

from cms.editorial.validation import publishing_errors

__all__ = [
    "NotAllowed",
    "NotPublishable",
    "NotSubmittable",
    "SubmissionRefused",
    "submit_for_review",
]


class SubmissionRefused(Exception):
    """Why the post was not submitted; nothing was written."""

    def describe(self) -> str:
        return str(self)


class NotAllowed(SubmissionRefused):
    """The user may not do this to this post (the API answers 403)."""


class NotSubmittable(SubmissionRefused):
    """The post is in no state to be submitted (the API answers 409)."""


class NotPublishable(SubmissionRefused):
    """The version breaks the publishing rules (the API answers 422 with `errors`)."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("This version cannot be submitted")
        self.errors = errors

    def describe(self) -> str:
        # Outside the API nobody sees `errors`, so the text carries each problem and its place.
        problems = "; ".join(f"{_place(error['loc'])}: {error['msg']}" for error in self.errors)
        return f"{self}: {problems}"


def _place(loc: list[Any]) -> str:
    """["body", 2, "amount"] → "body[2].amount", where the problem is in the post."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@transaction.atomic
def submit_for_review(post: Any, user: Any) -> WorkflowState:
    """Start (or resume, after changes were requested) the post's workflow in `user`'s name.

    Raises a `SubmissionRefused` subclass, writing nothing, when any rule says no.
    The checks run in the order the API has always answered them, so a client
    sees the same refusal for the same post whichever rule it broke first.
    """
    if not post.permissions_for_user(user).can_edit():
        raise NotAllowed("You cannot edit this post.")
    state = post.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise NotSubmittable("This post is already in review.")
    revision = post.get_latest_revision()
    if revision is None or (post.live and not post.has_unpublished_changes):
        raise NotSubmittable("There is no unpublished version of this post to review.")
    # Reviewers judge what would be published, so it must pass the publishing rules now.
    if errors := publishing_errors(revision.as_object()):
        raise NotPublishable(errors)
    if state is not None:
        state.resume(user)
        return state
    workflow = post.get_workflow()
    if workflow is None or not post.permissions_for_user(user).can_submit_for_moderation():
        raise NotAllowed("This post cannot be submitted for review now.")
    return workflow.start(post, user)
