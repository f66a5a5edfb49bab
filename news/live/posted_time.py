"""An editor correcting the time readers see on an update.

`posted_at` is kept from the row, not from revisions (LiveUpdate.KEPT_ON_PUBLISH),
so a correction is written to the row directly: it is not new text to review.
Readers of a published update are told, as for any change to a live update.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.log_actions import log

from news.live.forms import may_correct_time
from news.live.models import LiveUpdate, UpdateEvent

CORRECT_TIME_ACTION = "news.correct_update_time"


@transaction.atomic
def correct_posted_at(update: LiveUpdate, user: Any, posted_at: Any) -> LiveUpdate:
    from news.live.publishing import announce
    from news.live.representation import is_public

    if not may_correct_time(user):
        raise PermissionDenied("Only editors can change the time of an update.")
    row = LiveUpdate.objects.select_for_update().get(pk=update.pk)
    if row.posted_at == posted_at:
        return row
    previous = row.posted_at
    LiveUpdate.objects.filter(pk=row.pk).update(posted_at=posted_at)
    row.posted_at = posted_at
    log(
        instance=row,
        action=CORRECT_TIME_ACTION,
        user=user,
        data={
            "from": previous.isoformat() if previous else None,
            "to": posted_at.isoformat() if posted_at else None,
        },
    )
    if is_public(row):
        announce(row.post.specific, UpdateEvent.UPDATED, row)
    return row
