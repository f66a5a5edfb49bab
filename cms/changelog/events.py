"""`post_changed`: the one event that every consumer of a reader-visible change hangs off.

The path of a publish, end to end:

1. An editor approves (admin or editorial API), the scheduler goes live, or a
   page is unpublished, moved, restricted or deleted. Wagtail sends its own
   page signal inside that transaction (`news.models.AtomicPublishMixin`
   makes publishing atomic even outside a request).
2. `cms.changelog.signals` turns it into one `PageChange` row, in the same
   transaction, and sends `post_changed` with a `PostChange`: what the row
   says plus the page itself and whether readers could see it before.
3. The subscribers below run in this order, and no other code connects to
   `post_changed`, so the order does not depend on `INSTALLED_APPS`:

   - `cms.delivery.invalidation.on_post_changed`: after commit, new version
     tokens for the app's cached API answers, a front-end cache purge, then
     the post's detail rebuilt into the cache.
   - `cms.webhooks.outbox.on_post_changed`: in the transaction, the webhook
     event and one delivery per subscribed endpoint; after commit, their
     tasks are queued.
   - `news.live.stream.on_post_changed`: for a live story's update, after
     commit, the event is pushed to the readers holding its stream open.

   Both defer to `transaction.on_commit`, which runs callbacks in the order
   they were registered: the cache has new tokens before any webhook is queued,
   so a receiver that fetches the post when notified never gets the old answer.
   A rolled-back transaction leaves no row, no webhook and no invalidation.

The change feed (`/api/v3/news/changes/`) reads the `PageChange` rows
themselves; they are the record, and this event is how the record is announced.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.dispatch import Signal
from django.utils.module_loading import import_string
from wagtail.models import Page

__all__ = [
    "SUBSCRIBERS",
    "PostChange",
    "because_of",
    "connect_subscribers",
    "current_correction",
    "post_changed",
]

# Sent with `change=PostChange(...)`, sender `PageChange`.
post_changed = Signal()

SUBSCRIBERS = (
    "cms.delivery.invalidation.on_post_changed",
    "cms.webhooks.outbox.on_post_changed",
    "news.live.stream.on_post_changed",
)


@dataclass(frozen=True)
class PostChange:
    """What subscribers need to know about one change-log row, so none re-reads it."""

    change_id: int
    page_id: int  # kept apart from `page`: Django clears a deleted instance's pk
    event: str  # a PageChange event: published, unpublished, moved, deleted or updated
    page: Page  # the specific post; after a delete, the instance as it was
    was_live: bool  # readers could see the post before this change
    url_path: str  # the public path, as the change log keeps it
    revision_id: int | None
    occurred_at: datetime.datetime
    # For `updated` (news/live/): the LiveUpdate and its UpdateEvent row, or for
    # the end of coverage the UpdateEvent alone.
    update: Any = None
    update_event: Any = None
    # The published correction this change announces (news/corrections/): a
    # correction (`updated`) or a retraction (`unpublished`, or an update withdrawn).
    correction: Any = None


# Wagtail's unpublish signal cannot carry a reason, so a retraction names itself
# here for the changes recorded while it runs.
_correction: ContextVar[Any] = ContextVar("changelog_correction", default=None)


@contextmanager
def because_of(correction: Any) -> Iterator[None]:
    """Changes recorded inside this block are announced as caused by `correction`."""
    token = _correction.set(correction)
    try:
        yield
    finally:
        _correction.reset(token)


def current_correction() -> Any:
    return _correction.get()


def connect_subscribers() -> None:
    for path in SUBSCRIBERS:
        post_changed.connect(import_string(path), dispatch_uid=path)
