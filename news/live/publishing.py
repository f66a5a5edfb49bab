"""What happens when an update goes live, changes while live, or is withdrawn.

Each is one `UpdateEvent` row (the story's update feed) and, while the story
itself is public, one change-log row `updated` for the story, announced as
`post_changed` (cms/changelog/events.py): the story's cached answers are
replaced, the `update.*` webhook is recorded in the outbox and the event is
pushed to open streams, all hanging off that one event. Everything is written
in the publish's own transaction (LiveUpdate.publish is atomic).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.actions.unpublish import UnpublishAction
from wagtail.log_actions import log
from wagtail.signals import published, unpublished

from cms.changelog.models import PageChange
from news.live.models import LiveUpdate, UpdateEvent

WITHDRAW_ACTION = "news.withdraw_update"


def _now() -> Any:
    # Milliseconds, as the APIs print them: a client comparing times sees what is stored.
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _was_shown(update_id: int) -> bool:
    last = (
        UpdateEvent.objects.filter(update_id=update_id)
        .order_by("-pk")
        .values_list("kind", flat=True)
        .first()
    )
    return last in (UpdateEvent.PUBLISHED, UpdateEvent.UPDATED)


def story_is_public(post: Any) -> bool:
    from cms.changelog.signals import is_private

    return bool(post.live) and not is_private(post)


def announce(
    post: Any, kind: str, update: LiveUpdate | None, occurred_at: Any = None
) -> UpdateEvent:
    """Write the feed row and, for a public story, the change-log row that announces it."""
    from cms.changelog.signals import record

    event = UpdateEvent.objects.create(
        post_id=post.pk,
        update_id=update.pk if update is not None else None,
        kind=kind,
        occurred_at=occurred_at or _now(),
    )
    if story_is_public(post):
        record(
            PageChange.UPDATED,
            post,
            post.live_revision_id,
            update=update,
            update_event=event,
        )
    return event


def on_published(sender: Any, instance: LiveUpdate, revision: Any = None, **kwargs: Any) -> None:
    # Wagtail signals a scheduled publish (an embargo) too; readers see nothing until it lifts.
    if instance.withdrawn_at is not None or not instance.live:
        return
    if instance.posted_at is None:
        instance.posted_at = _now()
        LiveUpdate.objects.filter(pk=instance.pk).update(posted_at=instance.posted_at)
    kind = UpdateEvent.UPDATED if _was_shown(instance.pk) else UpdateEvent.PUBLISHED
    announce(instance.post.specific, kind, instance)


def on_unpublished(sender: Any, instance: LiveUpdate, **kwargs: Any) -> None:
    if _was_shown(instance.pk):
        announce(instance.post.specific, UpdateEvent.WITHDRAWN, instance)


def may_withdraw(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("news.withdraw_liveupdate"))


@transaction.atomic
def withdraw(update: LiveUpdate, user: Any, reason: str) -> LiveUpdate:
    """Take a published update away from readers, leaving a tombstone in the feed.

    Raises PermissionDenied (not an editor) or ValidationError naming `reason`
    (blank) or the update's state (not published, already withdrawn).
    """
    if not may_withdraw(user):
        raise PermissionDenied("Only editors can withdraw a live update.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the update is withdrawn."})
    # Locked, so two editors withdrawing at once withdraw once.
    update = LiveUpdate.objects.select_for_update().get(pk=update.pk)
    if update.withdrawn_at is not None:
        raise ValidationError("This update has already been withdrawn.")
    if not update.live:
        raise ValidationError("Only a published update can be withdrawn.")
    update.withdrawn_at = _now()
    update.withdrawn_reason = reason
    update.withdrawn_by = user
    update.save(update_fields=["withdrawn_at", "withdrawn_reason", "withdrawn_by"])
    # Nobody holds the publish permission (publishing is the workflow's), so the
    # withdraw permission checked above is the one that counts here.
    UnpublishAction(update, user=user).execute(skip_permission_checks=True)
    log(instance=update, action=WITHDRAW_ACTION, user=user, data={"reason": reason})
    return update


def connect() -> None:
    published.connect(on_published, sender=LiveUpdate, dispatch_uid="live_update_published")
    unpublished.connect(on_unpublished, sender=LiveUpdate, dispatch_uid="live_update_unpublished")
