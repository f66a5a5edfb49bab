"""Separation of duties: who may approve or publish which version of a post.

One rule, applied on every route that can make content live (admin buttons,
bulk actions, workflow approval, both APIs): nobody makes live a version they
submitted or wrote themselves. Superusers may override; the audit log says so.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from wagtail.models import Page, PagePermissionTester, WorkflowState

OVERRIDE_ACTION = "editorial.override_separation"

User = AbstractBaseUser | AnonymousUser


def own_work_reason(user: User, page: Page, workflow_state: WorkflowState | None = None) -> str:
    """Why `user` may not sign off this version of `page`, or "" when they may."""
    if not user.is_authenticated:
        return "Log in to review posts."
    # Read from the database: a page rebuilt from a revision carries a stale latest_revision.
    latest_author = (
        Page.objects.filter(pk=page.pk).values_list("latest_revision__user_id", flat=True).first()
    )
    if latest_author is not None and latest_author == user.pk:
        return (
            "You wrote the latest version of this post, so another editor must approve "
            "or publish it."
        )
    if workflow_state is not None and workflow_state.requested_by_id == user.pk:
        return "You submitted this post for review, so another editor must approve it."
    return ""


def log_override(user: User, page: Page, action: str, reason: str) -> None:
    """Record a superuser signing off their own work, which others may not do."""
    from wagtail.log_actions import log

    log(instance=page, action=OVERRIDE_ACTION, user=user, data={"action": action, "rule": reason})


class NewsroomPagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, plus: no publishing a version you wrote yourself."""

    def can_publish(self) -> bool:
        if not super().can_publish():
            return False
        if self.user.is_superuser:
            return True
        return not own_work_reason(self.user, self.page)

    def can_publish_subpage(self) -> bool:
        # A page created and published in one step was written by its publisher.
        return self.user.is_superuser and super().can_publish_subpage()


def permissions_for(page: Page, user: Any) -> NewsroomPagePermissionTester:
    return NewsroomPagePermissionTester(user, page)
