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


def own_work_reason(user: User, page: Any, workflow_state: WorkflowState | None = None) -> str:
    """Why `user` may not sign off this version of `page` (a post, or a live update),
    or "" when they may."""
    if not user.is_authenticated:
        return "Log in to review posts."
    noun = "post" if isinstance(page, Page) else str(page._meta.verbose_name)
    # Read from the database: an object rebuilt from a revision carries a stale latest_revision.
    latest_author = (
        type(page)
        ._default_manager.filter(pk=page.pk)
        .values_list("latest_revision__user_id", flat=True)
        .first()
    )
    if latest_author is not None and latest_author == user.pk:
        return (
            f"You wrote the latest version of this {noun}, so another editor must approve "
            "or publish it."
        )
    if workflow_state is not None and workflow_state.requested_by_id == user.pk:
        return f"You submitted this {noun} for review, so another editor must approve it."
    return ""


def log_override(user: User, page: Page, action: str, reason: str) -> None:
    """Record a superuser signing off their own work, which others may not do."""
    from wagtail.log_actions import log

    log(instance=page, action=OVERRIDE_ACTION, user=user, data={"action": action, "rule": reason})


class NewsroomPagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, plus: no publishing a version you wrote yourself."""

    def locked_by_someone_else(self) -> bool:
        """An explicit lock (not a workflow or schedule lock) held by another user.

        Wagtail's own can_publish and can_delete ignore locks; only its admin
        hides those buttons. The v3 API calls the actions directly, so the
        rule must live here (tests/security/test_authz_matrix.py).
        """
        from wagtail.locks import BasicLock

        lock = self.page.get_lock()
        return isinstance(lock, BasicLock) and lock.for_user(self.user)

    def can_publish(self) -> bool:
        if not super().can_publish() or self.locked_by_someone_else():
            return False
        if self.user.is_superuser:
            return True
        return not own_work_reason(self.user, self.page)

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        return super().can_delete(ignore_bulk=ignore_bulk) and not self.locked_by_someone_else()

    def can_publish_subpage(self) -> bool:
        # A page created and published in one step was written by its publisher.
        return self.user.is_superuser and super().can_publish_subpage()


def permissions_for(page: Page, user: Any) -> NewsroomPagePermissionTester:
    return NewsroomPagePermissionTester(user, page)


def _revert_action() -> type:
    from wagtail.actions.revert_to_page_revision import (
        RevertToPageRevisionAction,
        RevertToPageRevisionPermissionError,
    )

    class NewsroomRevertPageAction(RevertToPageRevisionAction):
        """Reverting writes a new latest revision, so a lock held by another refuses it.

        Wagtail's check asks can_edit, which ignores locks (its admin hides the
        button instead); the v3 API's revert action would otherwise go round it.
        """

        def check(self, skip_permission_checks: bool = False) -> None:
            super().check(skip_permission_checks=skip_permission_checks)
            if (
                self.user
                and not skip_permission_checks
                and permissions_for(self.instance, self.user).locked_by_someone_else()
            ):
                raise RevertToPageRevisionPermissionError(
                    "This page is locked by another user, so it cannot be reverted."
                )

    return NewsroomRevertPageAction


def register_actions() -> None:
    """Our page actions replace Wagtail's defaults (the v3 API looks them up by name)."""
    from wagtail.actions import action_registry

    action_registry.register(Page, _revert_action())
