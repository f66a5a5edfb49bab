"""Record webhook events in the transaction that made the change (a transactional outbox).

Sources, and why these:

- Publishing, unpublishing and deleting come from `post_changed`, which the
  change log sends when it writes its row in the publish's own transaction
  (cms/changelog/events.py). The event is recorded in that same transaction:
  a publish whose transaction rolls back leaves no change row, no event and no
  delivery, and sends nothing; a committed one always has them. ``published``
  becomes ``post.updated`` when the post was live before, as the event says.
  ``moved`` rows (a section renamed) are not webhook events.
- Review steps come from Wagtail's workflow signals. Our workflow has one task
  (the editor approval), so ``task_submitted`` is a submission (first or after
  changes were requested; ``workflow_submitted`` misses resubmissions),
  ``workflow_approved`` the approval and ``workflow_rejected`` a request for
  changes. An approval that publishes at once also logs ``post.published``;
  the approval's ``occurred_at`` is when the editor approved, a moment before.

Each event is written once as a ``WebhookEvent``, with one ``WebhookDelivery``
per active endpoint that subscribed to it (and, for an endpoint with tags, whose
tags the post carries: cms/webhooks/tags.py), and the request body built and
stored there and then (a deleted page cannot be read later, and every retry
must send the same bytes). Nothing is written when no endpoint wants the event.
After commit, each delivery's task is enqueued; if that is lost (a crash right
after commit), the worker's sweep sends the delivery anyway.
"""

from __future__ import annotations

import datetime
import json
import logging
import uuid
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.db import transaction
from django.db.models.signals import pre_delete
from django.utils import timezone
from wagtail.models import Page, Revision, TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected

from cms.changelog.events import PostChange
from cms.changelog.models import PageChange
from cms.changelog.signals import public_path
from cms.webhooks import events
from cms.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from cms.webhooks.tags import post_tags, remember_deleted_tags
from news.posts import POST_TYPE, is_post, post_model

logger = logging.getLogger(__name__)

# What each change-log event is called for receivers; `moved` is not sent.
CHANGE_EVENTS = {
    PageChange.PUBLISHED: events.POST_PUBLISHED,
    PageChange.UNPUBLISHED: events.POST_UNPUBLISHED,
    PageChange.DELETED: events.POST_DELETED,
}


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def page_data(page: Page, *, url_path: str | None = None, revision_id: int | None) -> dict:
    """The body's "page" object. `url_path` is the public path, as the change log keeps it."""
    path = url_path if url_path is not None else public_path(page)
    try:
        html_url = page.get_full_url() or urljoin(settings.WAGTAILADMIN_BASE_URL, path)
    except Exception:  # no site yet, e.g. a page outside any site
        html_url = urljoin(settings.WAGTAILADMIN_BASE_URL, path)
    return {
        "id": page.pk,
        "type": POST_TYPE,
        "title": page.title,
        "slug": page.slug,
        "url_path": path,
        "html_url": html_url,
        "api_url": f"{settings.WAGTAILAPI_BASE_URL.rstrip('/')}/api/v2/pages/{page.pk}/",
        "revision_id": revision_id,
        # What tag filters match (cms/webhooks/tags.py): the post as this event shows it.
        "tags": post_tags(page),
    }


def build_body(delivery_id: uuid.UUID, event: WebhookEvent) -> str:
    """The request body: compact, ASCII-only JSON, so its bytes are unambiguous to sign."""
    payload = {
        "id": str(delivery_id),
        "event": event.name,
        "occurred_at": _iso(event.occurred_at),
        "page": event.page,
        **(event.extra or {}),
    }
    return json.dumps(payload, separators=(",", ":"))


def _subscribers(name: str, tags: list[str] | None = None) -> list[WebhookEndpoint]:
    """Active endpoints that want the event; with `tags` (the post's), only those matching."""
    # Endpoints are few; filtering the JSON lists in Python works the same on every database.
    return [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(active=True)
        if endpoint.wants(name, tags)
    ]


def record(
    name: str,
    page: dict,
    *,
    occurred_at: datetime.datetime | None = None,
    change_id: int | None = None,
    extra: dict | None = None,
) -> WebhookEvent | None:
    """Write the event and its deliveries in the current transaction; enqueue them on commit.

    Endpoints filtering by tag are matched with the tags in `page`, the ones the body shows.
    """
    endpoints = _subscribers(name, page.get("tags", []))
    if not endpoints:
        return None
    now = timezone.now()
    event = WebhookEvent.objects.create(
        name=name,
        occurred_at=occurred_at or now,
        page_id=page["id"],
        revision_id=page["revision_id"],
        page=page,
        change_id=change_id,
        extra=extra or {},
    )
    retry_until = now + datetime.timedelta(hours=settings.WEBHOOKS_RETRY_HOURS)
    deliveries = []
    for endpoint in endpoints:
        delivery_id = uuid.uuid4()
        deliveries.append(
            WebhookDelivery(
                id=delivery_id,
                endpoint=endpoint,
                event=event,
                body=build_body(delivery_id, event),
                created_at=now,
                next_attempt_at=now,
                retry_until=retry_until,
            )
        )
    WebhookDelivery.objects.bulk_create(deliveries)
    ids = [str(delivery.id) for delivery in deliveries]
    transaction.on_commit(lambda: enqueue(ids))
    return event


def enqueue(delivery_ids: Iterable[str]) -> None:
    """Queue one task per delivery. A failure here loses nothing: the sweep finds the row."""
    from cms.webhooks.tasks import deliver_webhook

    for delivery_id in delivery_ids:
        try:
            deliver_webhook.enqueue(delivery_id)
        except Exception:
            logger.exception(
                "Could not enqueue webhook delivery %s; the sweep will send it", delivery_id
            )


# Change log: published, updated, unpublished, deleted.


# A live update's feed entry, by kind; the end of coverage is not a webhook event.
UPDATE_EVENTS = {
    "published": events.UPDATE_PUBLISHED,
    "updated": events.UPDATE_UPDATED,
    "withdrawn": events.UPDATE_WITHDRAWN,
}


def _update_changed(change: PostChange) -> None:
    from news.live.representation import update_json

    name = UPDATE_EVENTS.get(change.update_event.kind) if change.update_event else None
    if name is None or change.update is None or not _subscribers(name):
        return
    data = page_data(change.page, url_path=change.url_path, revision_id=change.revision_id)
    update = change.update
    # A withdrawn update is named by its id only: its text is off the record.
    shown = None if name == events.UPDATE_WITHDRAWN else update_json(update)
    extra = {"update": shown, "update_id": update.pk}
    record(name, data, occurred_at=change.occurred_at, change_id=change.change_id, extra=extra)


def _corrected(change: PostChange) -> None:
    """A published correction: `post.corrected`; a retraction: `post.retracted`, sent
    after the `post.unpublished` or `update.withdrawn` its change also is."""
    from news.corrections.models import Correction
    from news.corrections.representation import correction_json
    from news.live.representation import is_public, update_json

    correction = change.correction
    name = (
        events.POST_RETRACTED if correction.kind == Correction.RETRACTION else events.POST_CORRECTED
    )
    if not _subscribers(name):
        return
    data = page_data(change.page, url_path=change.url_path, revision_id=change.revision_id)
    extra: dict[str, Any] = {"correction": correction_json(correction)}
    if correction.update_id is not None:
        extra["update_id"] = correction.update_id
        update = change.update or correction.update
        extra["update"] = update_json(update) if is_public(update) else None
    record(name, data, occurred_at=change.occurred_at, change_id=change.change_id, extra=extra)


def on_post_changed(sender: Any, change: PostChange, **kwargs: Any) -> None:
    if change.correction is not None:
        retraction = change.correction.kind == "retraction"
        if retraction:
            _state_changed(change)
        _corrected(change)
        return
    _state_changed(change)


def _state_changed(change: PostChange) -> None:
    if change.event == PageChange.UPDATED:
        _update_changed(change)
        return
    name = CHANGE_EVENTS.get(change.event)
    if name == events.POST_PUBLISHED and change.was_live:
        name = events.POST_UPDATED
    if name is None or not _subscribers(name):  # skip building the body when nobody listens
        return
    # A deleted post is described as it was; its revision no longer exists.
    revision_id = None if change.event == PageChange.DELETED else change.revision_id
    data = page_data(change.page, url_path=change.url_path, revision_id=revision_id)
    record(name, data, occurred_at=change.occurred_at, change_id=change.change_id)


# Review steps: submitted, approved, rejected.


def _reviewed_post(workflow_state: WorkflowState) -> Page | None:
    page = workflow_state.content_object
    if not isinstance(page, Page):
        return None
    return page.specific if is_post(page) else None


REVIEW_UPDATE_EVENTS = {
    events.POST_SUBMITTED: events.UPDATE_SUBMITTED,
    events.POST_APPROVED: events.UPDATE_APPROVED,
    events.POST_REJECTED: events.UPDATE_REJECTED,
}


def _update_review_event(
    name: str, task_state: TaskState | None, update: Any, occurred_at: datetime.datetime | None
) -> None:
    from news.live.representation import update_json

    name = REVIEW_UPDATE_EVENTS[name]
    if not _subscribers(name):
        return
    revision: Revision | None = task_state.revision if task_state else None
    shown = revision.as_object() if revision is not None else update
    post = update.post.specific
    data = page_data(post, revision_id=post.live_revision_id)
    extra = {"update": update_json(shown), "update_id": update.pk}
    record(name, data, occurred_at=occurred_at, extra=extra)


def _review_event(
    name: str,
    task_state: TaskState | None,
    workflow_state: WorkflowState,
    occurred_at: datetime.datetime | None,
) -> None:
    from news.posts import is_update

    if is_update(workflow_state.content_object):
        _update_review_event(name, task_state, workflow_state.content_object, occurred_at)
        return
    post = _reviewed_post(workflow_state)
    if post is None or not _subscribers(name):
        return
    revision: Revision | None = task_state.revision if task_state else None
    # The version under review, which may differ from the live one (title, slug).
    shown = revision.as_object() if revision is not None else post
    data = page_data(shown, revision_id=revision.pk if revision else None)
    record(name, data, occurred_at=occurred_at)


def on_task_submitted(sender: Any, instance: TaskState, **kwargs: Any) -> None:
    _review_event(events.POST_SUBMITTED, instance, instance.workflow_state, instance.started_at)


def on_workflow_approved(sender: Any, instance: WorkflowState, **kwargs: Any) -> None:
    task_state = instance.current_task_state
    finished = task_state.finished_at if task_state else None
    _review_event(events.POST_APPROVED, task_state, instance, finished)
    _embargoed(task_state, instance, finished)


def _embargoed(
    task_state: TaskState | None,
    workflow_state: WorkflowState,
    occurred_at: datetime.datetime | None,
) -> None:
    """`post.embargoed` when the approved version waits for its embargo to lift."""
    from news.embargo.lookup import embargo_of
    from news.live.representation import update_json
    from news.posts import is_update

    revision: Revision | None = task_state.revision if task_state else None
    if revision is None:
        return
    revision.refresh_from_db(fields=["approved_go_live_at", "content"])
    until = embargo_of(revision)
    if until is None or not _subscribers(events.POST_EMBARGOED):
        return
    shown = revision.as_object()
    extra: dict[str, Any] = {"embargo_until": _iso(until)}
    if is_update(shown):
        post = shown.post.specific
        data = page_data(post, revision_id=post.live_revision_id)
        extra.update(update_id=shown.pk, update=update_json(shown))
    else:
        data = page_data(shown, revision_id=revision.pk)
    record(events.POST_EMBARGOED, data, occurred_at=occurred_at, extra=extra)


def on_workflow_rejected(sender: Any, instance: WorkflowState, **kwargs: Any) -> None:
    task_state = instance.current_task_state
    finished = task_state.finished_at if task_state else None
    _review_event(events.POST_REJECTED, task_state, instance, finished)


def connect() -> None:
    # on_post_changed is connected by cms.changelog.events, in its stated order.
    # A deleted post's tags are gone by the time the change log announces it: read them first.
    pre_delete.connect(remember_deleted_tags, sender=post_model(), dispatch_uid="webhooks_tags")
    task_submitted.connect(on_task_submitted, dispatch_uid="webhooks_submitted")
    workflow_approved.connect(on_workflow_approved, dispatch_uid="webhooks_approved")
    workflow_rejected.connect(on_workflow_rejected, dispatch_uid="webhooks_rejected")
