"""The events an endpoint can subscribe to, with their admin labels.

Names are dotted and stable: they are sent in ``X-CMS-Event`` and the body's
``event``, and receivers switch on them.

To add an event: a constant below, its entry in ``LABELS`` (that order is the
admin's and ``manage.py webhooks``), a row in docs/webhooks.md's events table,
and a call to ``cms.webhooks.outbox.record`` where it happens (it applies the
endpoints' event and tag filters). Nothing else lists the names, and no
migration is needed (``WebhookEvent.name`` has no choices);
tests/webhooks/test_events.py checks the name's form and its docs row.
Endpoints already saved keep the events they chose: a new one reaches only
those an editor or ``webhooks add`` subscribes to it.
"""

from __future__ import annotations

from collections.abc import Iterable

POST_PUBLISHED = "post.published"
POST_UPDATED = "post.updated"
POST_UNPUBLISHED = "post.unpublished"
POST_DELETED = "post.deleted"
POST_SUBMITTED = "post.submitted"
POST_APPROVED = "post.approved"
POST_REJECTED = "post.rejected"
# Corrections (news/corrections/): the body adds "correction" ({kind, text,
# published_at}) and, for an update's, "update_id" and "update".
POST_CORRECTED = "post.corrected"
POST_RETRACTED = "post.retracted"
# An approval with an embargo (news/embargo/): for partners' endpoints. The body adds
# "embargo_until" and, for a live update, "update_id" and "update".
POST_EMBARGOED = "post.embargoed"
# A live story's updates (news/live/): the body adds "update", the update's JSON.
UPDATE_PUBLISHED = "update.published"
UPDATE_UPDATED = "update.updated"
UPDATE_WITHDRAWN = "update.withdrawn"
UPDATE_SUBMITTED = "update.submitted"
UPDATE_APPROVED = "update.approved"
UPDATE_REJECTED = "update.rejected"

LABELS = {
    POST_PUBLISHED: "Post published",
    POST_UPDATED: "Post updated while live",
    POST_UNPUBLISHED: "Post unpublished",
    POST_DELETED: "Post deleted",
    POST_SUBMITTED: "Submitted for review",
    POST_APPROVED: "Approved",
    POST_REJECTED: "Rejected (changes requested)",
    POST_CORRECTED: "Correction published",
    POST_RETRACTED: "Post or update retracted",
    POST_EMBARGOED: "Approved under embargo (for partners)",
    UPDATE_PUBLISHED: "Live update published",
    UPDATE_UPDATED: "Live update changed while live",
    UPDATE_WITHDRAWN: "Live update withdrawn",
    UPDATE_SUBMITTED: "Live update submitted for review",
    UPDATE_APPROVED: "Live update approved",
    UPDATE_REJECTED: "Live update rejected (changes requested)",
}
NAMES = tuple(LABELS)
CHOICES = [(name, f"{label} ({name})") for name, label in LABELS.items()]


class UnknownEvent(ValueError):
    """An event name that is not one of NAMES; the message names it."""


def parse_events(names: Iterable[str]) -> list[str]:
    """Validate event names and return them de-duplicated, in NAMES order."""
    wanted = [name.strip() for name in names if name.strip()]
    for name in wanted:
        if name not in LABELS:
            raise UnknownEvent(f"unknown event {name!r}; choose from {', '.join(NAMES)}")
    return [name for name in NAMES if name in wanted]
