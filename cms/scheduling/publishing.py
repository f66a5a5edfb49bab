"""One pass of scheduled publishing, safe when two passes overlap.

Wagtail's ``publish_scheduled`` reads the due revisions (and the expired live
objects) once, without a lock, then publishes each from that list. Two passes
started at the same moment (a cron line and a scheduler, two hosts, a slow pass
overlapping the next) both see the same rows and both publish them: two
"wagtail.publish.scheduled" log entries, two ``page_published`` signals, two
change-log rows and two webhook deliveries for one go-live.

Here each item is published by Wagtail's own code (``Revision.publish`` and
``unpublish``), but in its own transaction, after locking its row and checking
again that it is still due. The publish clears ``approved_go_live_at`` in that
same transaction, so a second pass that waited for the lock, or read the list
before the first committed, finds nothing left to do. On PostgreSQL a row
another pass holds is skipped (SKIP LOCKED) rather than waited for; on SQLite,
where every transaction begins IMMEDIATE (cms/settings/base.py), the write lock
taken at BEGIN serialises passes and the re-check does the rest.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

import swapper
from django.apps import apps
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from wagtail.models import DraftStateMixin, Revision

__all__ = ["Outcome", "run_once"]

logger = logging.getLogger("cms.scheduling")

# The log actions Wagtail's own command writes, so the admin's history reads the same.
PUBLISH_ACTION = "wagtail.publish.scheduled"
UNPUBLISH_ACTION = "wagtail.unpublish.scheduled"


@dataclass
class Outcome:
    """What one pass did; an item another pass handled counts in neither list."""

    published: list[int] = field(default_factory=list)  # revision ids
    unpublished: list[tuple[str, int]] = field(default_factory=list)  # (model label, pk)
    failed: int = 0


def _draft_state_models() -> list[type[Model]]:
    page = swapper.load_model("wagtailcore", "Page")
    others = [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, page)
    ]
    return [page, *others]


def _locked(queryset):
    # of=("self",): lock only the item's own row, never a joined one.
    return queryset.select_for_update(skip_locked=True, of=("self",))


def _unpublish_expired(model: type[Model], pk: int, now: datetime) -> bool:
    with transaction.atomic():
        obj = _locked(model.objects.filter(pk=pk, live=True, expire_at__lt=now)).first()
        if obj is None:  # another pass has it, or it was unpublished meanwhile
            return False
        obj.unpublish(set_expired=True, log_action=UNPUBLISH_ACTION)
        return True


def _publish_revision(pk: int, now: datetime) -> bool:
    with transaction.atomic():
        revision = _locked(Revision.objects.filter(pk=pk, approved_go_live_at__lt=now)).first()
        if revision is None:  # another pass published it, or it was unscheduled
            return False
        # Its go-live time has passed, so Wagtail makes the object live now.
        revision.publish(log_action=PUBLISH_ACTION)
        return True


def run_once(now: datetime | None = None) -> Outcome:
    """Unpublish what has expired, then publish what is due, each item exactly once.

    One item failing (a broken revision, say) is logged and left for the next
    pass; the others go ahead. Failing to read the lists at all (the database is
    down) raises, for the caller to retry later.
    """
    now = now or timezone.now()
    outcome = Outcome()

    # Same order as Wagtail's command: expiries first, then go-lives, oldest first.
    for model in _draft_state_models():
        expired = model.objects.filter(live=True, expire_at__lt=now).order_by("expire_at")
        for pk in list(expired.values_list("pk", flat=True)):
            try:
                if _unpublish_expired(model, pk, now):
                    outcome.unpublished.append((model._meta.label, pk))
            except Exception:
                outcome.failed += 1
                logger.exception("Scheduled unpublish of %s %s failed", model._meta.label, pk)

    due = Revision.objects.filter(approved_go_live_at__lt=now).order_by("approved_go_live_at")
    for pk in list(due.values_list("pk", flat=True)):
        try:
            if _publish_revision(pk, now):
                outcome.published.append(pk)
        except Exception:
            outcome.failed += 1
            logger.exception("Scheduled publish of revision %s failed", pk)
    return outcome
