"""Adding, publishing and retracting corrections: the rules, whoever asks.

- Writers and editors who may edit a post may add a correction to it or to one
  of its updates; a writer's is a proposal. Editors (`news.publish_correction`)
  publish theirs at once, unless a new version of what they correct is in
  review: then it goes out with that version, so readers never see a
  correction beside the text it corrects. Proposals (never retractions) are
  published the same way when the corrected version is approved, and an
  editor may publish any proposal directly.
- Publishing goes through the change log like any change readers notice
  (cms/changelog/events.py): `updated` for the story, announced as
  `post_changed`, so caches, the edge, webhooks (`post.corrected`) and streams
  follow. A retraction unpublishes the post or withdraws the update; the
  change it causes is announced as caused by it (`post.retracted`).
- A published correction is never changed or deleted; every attempt is
  refused and written to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page, TaskState

from cms.changelog.events import because_of
from cms.changelog.models import PageChange
from news.corrections.models import TEXT_MAX, Correction

__all__ = [
    "ADD_ACTION",
    "PUBLISH_ACTION",
    "REFUSED_ACTION",
    "NotNow",
    "add_correction",
    "may_propose",
    "may_publish",
    "publish_correction",
    "refuse_change",
]

ADD_ACTION = "news.correction.add"
PUBLISH_ACTION = "news.correction.publish"
REFUSED_ACTION = "news.correction.refused"

KIND_VALUES = tuple(value for value, _label in Correction.KINDS)


class NotNow(Exception):
    """The request is understood but the target's state forbids it (HTTP 409)."""


def _now() -> Any:
    # Milliseconds, as the APIs print times.
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def story_of(target: Any) -> Any:
    return target.specific if isinstance(target, Page) else target.post.specific


def may_propose(user: Any, target: Any) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if not user.has_perm("news.add_correction"):
        return False
    return bool(story_of(target).permissions_for_user(user).can_edit())


def may_publish(user: Any) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.has_perm("news.publish_correction")
    )


def _in_review(target: Any) -> bool:
    state = target.current_workflow_state
    return state is not None and state.status == state.STATUS_IN_PROGRESS


def _was_published(target: Any) -> bool:
    if isinstance(target, Page):
        return target.first_published_at is not None
    return target.posted_at is not None


def clean_input(kind: Any, text: Any) -> tuple[str, str]:
    """The kind and text, or a ValidationError naming the field."""
    errors = {}
    kind = kind.strip() if isinstance(kind, str) else kind
    if kind not in KIND_VALUES:
        errors["kind"] = f"Choose one of: {', '.join(KIND_VALUES)}."
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        errors["text"] = "Say what was wrong and what is right."
    elif len(text) > TEXT_MAX:
        errors["text"] = f"At most {TEXT_MAX} characters (this has {len(text)})."
    if errors:
        raise ValidationError(errors)
    return kind, text


@transaction.atomic
def add_correction(target: Any, user: Any, kind: Any, text: Any) -> Correction:
    """Record a correction on a post or a live update; publish it if `user` may.

    Raises PermissionDenied, ValidationError (naming `kind` or `text`) or
    NotNow (the target was never published: change the draft instead).
    """
    if not may_propose(user, target):
        raise PermissionDenied("You cannot correct this post.")
    kind, text = clean_input(kind, text)
    if not _was_published(target):
        noun = "post" if isinstance(target, Page) else "update"
        raise NotNow(f"This {noun} has never been published: change the draft instead.")
    story = story_of(target)
    correction = Correction.objects.create(
        post=story,
        update=None if isinstance(target, Page) else target,
        kind=kind,
        text=text,
        created_by=user,
    )
    log(
        instance=target,
        action=ADD_ACTION,
        user=user,
        data={"correction": correction.pk, "kind": kind, "text": text},
    )
    # A retraction takes effect at once: there is no version to wait for.
    if may_publish(user) and (kind == Correction.RETRACTION or not _in_review(target)):
        correction = publish_correction(correction, user)
    return correction


@transaction.atomic
def publish_correction(correction: Correction, user: Any) -> Correction:
    """Publish a proposal now (an editor's decision), announcing it to readers."""
    if not may_publish(user):
        raise PermissionDenied("Only editors can publish a correction.")
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    if correction.published:
        raise NotNow("This correction has already been published.")
    target = correction.target
    if correction.kind == Correction.RETRACTION:
        _check_retractable(target)
    _mark_published(correction, user)
    if correction.kind == Correction.RETRACTION:
        _retract(correction, target, user)
    else:
        announce(correction)
    return correction


def _mark_published(correction: Correction, user: Any) -> None:
    from cms.changelog.signals import public_path

    correction.published_at = _now()
    correction.published_by = user
    if correction.kind == Correction.RETRACTION and correction.update_id is None:
        correction.retracted_path = public_path(correction.post)
    correction.save()
    log(
        instance=correction.target,
        action=PUBLISH_ACTION,
        user=user,
        data={"correction": correction.pk, "kind": correction.kind, "text": correction.text},
    )


def _check_retractable(target: Any) -> None:
    if isinstance(target, Page):
        if not target.live:
            raise NotNow("Only a published post can be retracted.")
    elif not target.live or target.withdrawn_at is not None:
        raise NotNow("Only a published update can be retracted.")


def _retract(correction: Correction, target: Any, user: Any) -> None:
    """Take the post or update away from readers, announced as this retraction."""
    from news.live.publishing import withdraw

    with because_of(correction):
        if isinstance(target, Page):
            target.specific.unpublish(user=user)
        else:
            withdraw(target, user, correction.text)


def announce(correction: Correction) -> None:
    """Tell readers' caches, feeds, streams and webhooks that the story changed."""
    from cms.changelog.signals import record
    from news.live.models import UpdateEvent
    from news.live.publishing import announce as announce_update
    from news.live.publishing import story_is_public
    from news.live.representation import is_public

    story = correction.post
    if not story_is_public(story):
        return  # shown with the story when it is published again
    with because_of(correction):
        if correction.update_id is None:
            record(PageChange.UPDATED, story, story.live_revision_id)
        elif is_public(correction.update):
            # The update feed marks the update changed, and streams push it.
            announce_update(story, UpdateEvent.UPDATED, correction.update)


def _approver(revision: Any) -> Any:
    state = (
        TaskState.objects.filter(revision=revision, status=TaskState.STATUS_APPROVED)
        .select_related("finished_by")
        .order_by("-finished_at")
        .first()
    )
    return state.finished_by if state else None


def publish_with_version(target: Any, revision: Any) -> None:
    """A corrected version went live: its waiting corrections go out with it.

    Wagtail signals some publishes outside a transaction (copying a live page),
    so this makes its own, to lock the rows it publishes.
    """
    with transaction.atomic():
        _publish_waiting(target, revision)


def _publish_waiting(target: Any, revision: Any) -> None:
    waiting = Correction.objects.proposed().exclude(kind=Correction.RETRACTION)
    if isinstance(target, Page):
        waiting = waiting.filter(post_id=target.pk, update__isnull=True)
    else:
        waiting = waiting.filter(update_id=target.pk)
    waiting = list(waiting.select_for_update())
    if not waiting:
        return
    approver = _approver(revision) if revision is not None else None
    for correction in waiting:
        _mark_published(correction, approver)
        announce(correction)


def refuse_change(correction: Correction, user: Any, attempt: str) -> str:
    """Log an attempt to change or delete a published correction; the refusal's words."""
    log(
        instance=correction.target,
        action=REFUSED_ACTION,
        user=user if user and user.is_authenticated else None,
        data={"correction": correction.pk, "attempt": attempt},
    )
    return (
        "A published correction is part of the record: it cannot be changed or deleted. "
        "Add another correction instead."
    )
