"""What is under embargo now: approved revisions scheduled with an `embargo_until`.

Read from Wagtail's own schedule (`Revision.approved_go_live_at`), so an
editor cancelling the schedule, or the scheduler publishing it, ends the
embargo here too; `embargo_until` in the revision's content tells an embargo
from a plain scheduled publish, which partners do not see.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import Revision

__all__ = ["embargo_of", "embargoed_post", "embargoed_posts", "embargoed_updates"]


def embargo_of(
    revision: Revision, now: datetime.datetime | None = None
) -> datetime.datetime | None:
    """The embargo a scheduled revision carries, if it is still in force."""
    raw = (revision.content or {}).get("embargo_until")
    until = parse_datetime(raw) if isinstance(raw, str) else None
    if until is None or revision.approved_go_live_at is None:
        return None
    return until if until > (now or timezone.now()) else None


def _embargoed(model: Any, now: datetime.datetime | None = None, **filters: Any) -> list[Any]:
    now = now or timezone.now()
    revisions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        approved_go_live_at__gt=now,
        **filters,
    ).order_by("approved_go_live_at", "pk")
    found = []
    for revision in revisions:
        until = embargo_of(revision, now)
        if until is not None:
            obj = revision.as_object()
            obj.embargo_until = until
            # Partners see the times it will have: published when the embargo lifts.
            if getattr(obj, "first_published_at", None) is None:
                obj.first_published_at = until
            obj.last_published_at = until
            if hasattr(obj, "posted_at") and obj.posted_at is None:
                obj.posted_at = until
            found.append(obj)
    return found


def embargoed_posts(now: datetime.datetime | None = None) -> list[Any]:
    """Every embargoed post, as its approved version, soonest lift first."""
    from news.posts import post_model

    return _embargoed(post_model(), now)


def embargoed_post(page_id: int) -> Any:
    """The approved version of an embargoed post, or None."""
    from news.posts import post_model

    found = _embargoed(post_model(), object_id=str(page_id))
    return found[0] if found else None


def embargoed_updates(post_id: int) -> list[Any]:
    """A story's embargoed live updates, as approved, soonest lift first."""
    from news.live.models import LiveUpdate

    updates = _embargoed(LiveUpdate)
    return [update for update in updates if update.post_id == post_id]
