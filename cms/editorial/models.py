"""The "Editor approval" task: Wagtail's group approval with the newsroom's rules."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.models import AbstractGroupApprovalTask, Page, TaskState

from cms.editorial.duties import log_override, own_work_reason
from cms.editorial.forms import FORMS
from cms.editorial.submission import NotPublishable
from cms.editorial.validation import publishing_errors


class AlreadyReviewed(PermissionDenied):
    """Another reviewer decided first; nothing was changed."""


class NotApprovable(NotPublishable, PermissionDenied):
    """The version in review breaks the publishing rules (say, a quote without provenance,
    left by an edit during review); nothing was changed. The editorial API answers 422
    listing `errors`; the admin refuses the action with the same text."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors)
        self.args = ("This version cannot be approved",)


class EditorApprovalTask(AbstractGroupApprovalTask):
    """Members of the chosen groups approve, or request changes with a comment.

    Nobody reviews a submission they made or whose latest version they wrote;
    approving may set a go-live time, which schedules the post.
    """

    class Meta:
        verbose_name = "Editor approval task"
        verbose_name_plural = "Editor approval tasks"

    @classmethod
    def get_description(cls) -> str:
        return (
            "Members of the chosen groups approve or request changes; nobody reviews "
            "their own work."
        )

    def _may_review(self, obj: Any, user: Any) -> bool:
        if not (user.is_superuser or self._user_in_groups(user)):
            return False
        return user.is_superuser or not own_work_reason(user, obj, obj.current_workflow_state)

    def get_actions(self, obj: Any, user: Any) -> list[tuple[str, str, bool]]:
        if not self._may_review(obj, user):
            return []
        return [
            ("reject", "Request changes", True),
            ("approve", "Approve and publish", False),
            ("approve", "Approve with comment, go-live time or embargo", True),
        ]

    def get_form_for_action(self, action: str):
        return FORMS.get(action, super().get_form_for_action(action))

    def get_task_states_user_can_moderate(self, user: Any, **kwargs: Any):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if user.is_superuser:
            return states
        # Hide what the reviewer submitted or last wrote: they cannot act on it.
        return states.exclude(workflow_state__requested_by=user).exclude(revision__user=user)

    @transaction.atomic
    def on_action(self, task_state: TaskState, user: Any, action_name: str, **kwargs: Any):
        # Lock the task state so two editors acting at once produce one decision.
        task_state = TaskState.objects.select_for_update().get(pk=task_state.pk)
        if task_state.status != TaskState.STATUS_IN_PROGRESS:
            raise AlreadyReviewed("Someone else has already reviewed this version.")
        obj = task_state.workflow_state.content_object
        if not (user.is_superuser or self._user_in_groups(user)):
            raise PermissionDenied("Only editors can review posts.")
        reason = own_work_reason(user, obj, task_state.workflow_state)
        if reason and not user.is_superuser:
            raise PermissionDenied(reason)

        form_class = FORMS.get(action_name)
        if form_class is None:
            raise PermissionDenied(f"Unknown review action {action_name!r}.")
        # Both the admin modal and raw JSON from the edit view arrive here, so validate again.
        form = form_class(data={key: value for key, value in kwargs.items() if value is not None})
        if not form.is_valid():
            problems = "; ".join(f"{name}: {' '.join(errs)}" for name, errs in form.errors.items())
            raise PermissionDenied(f"The review was not recorded. {problems}")
        data = form.cleaned_data
        if reason:
            log_override(user, obj, action_name, reason)
        latest = obj.get_latest_revision()
        if task_state.revision_id != latest.pk:
            # Edited during review: the reviewer decides on the version they see, the latest
            # (whose author was checked above), not on the one first submitted.
            task_state.revision = latest
            task_state.save(update_fields=["revision"])
        if action_name == "approve" and data.get("embargo_until"):
            # Published to everyone at that time; partners read it before (news/embargo/).
            _schedule(latest, data["embargo_until"], embargo=True)
        elif action_name == "approve" and data.get("go_live_at"):
            if not isinstance(obj, Page):
                raise PermissionDenied(
                    "The review was not recorded. go_live_at: a live update goes live when "
                    "it is approved; it cannot be scheduled."
                )
            _schedule(latest, data["go_live_at"])
        elif action_name == "approve" and latest.content.get("embargo_until"):
            # An embargo copied into a later draft is not a decision about this one.
            latest.content["embargo_until"] = None
            latest.save(update_fields=["content"])
        if action_name == "approve":
            _check_and_verify(latest, user)
        return super().on_action(task_state, user, action_name, comment=data.get("comment", ""))


def _check_and_verify(revision: Any, user: Any) -> None:
    """Refuse a version that could not be submitted; else record `user` as the verifier of
    its quotes, in the revision Wagtail is about to publish (news/provenance.py)."""
    from news.provenance import stamp_verification

    if errors := publishing_errors(revision.as_object()):
        raise NotApprovable(errors)
    stamp_verification(revision, user)


def _schedule(revision: Any, go_live_at, *, embargo: bool = False) -> None:
    """Set the go-live time on the version being approved; publishing then schedules it.

    An embargo also records `embargo_until`: the time is the same, but partners
    may read the approved version until then. A plain schedule clears it, so an
    old embargo copied into a new draft never makes a schedule an embargo.
    """
    revision.content["go_live_at"] = go_live_at.isoformat()
    revision.content["embargo_until"] = go_live_at.isoformat() if embargo else None
    revision.save(update_fields=["content"])
