"""Record webhook events in the transaction that made the change (a transactional outbox).

Sources, and why these:

- Publishing, unpublishing and deleting come from the change log: a
  ``PageChange`` row is written in the publish's own transaction, so a
  ``post_save`` receiver on it records the event in that same transaction. A
  publish whose transaction rolls back leaves no change row, no event and no
  delivery, and sends nothing; a committed one always has them. ``published``
  becomes ``post.updated`` when the post was already live before, which the
  change log tells us: the post's previous row is ``published`` or ``moved``.
  ``moved`` rows (a section renamed) are not webhook events.
- Review steps come from Wagtail's workflow signals. Our workflow has one task
  (the editor approval), so ``task_submitted`` is a submission (first or after
  changes were requested; ``workflow_submitted`` misses resubmissions),
  ``workflow_approved`` the approval and ``workflow_rejected`` a request for
  changes. An approval that publishes at once also logs ``post.published``;
  the approval's ``occurred_at`` is when the editor approved, a moment before.

Each event is written once as a ``WebhookEvent``, with one ``WebhookDelivery``
per active endpoint that subscribed to it, and the request body built and
stored there and then (a deleted page cannot be read later, and every retry
must send the same bytes). Nothing is written when no endpoint wants the event.
After commit, each delivery's task is enqueued; if that is lost (a crash right
after commit), the worker's sweep sends the delivery anyway.
"""

from __future__ import annotations

import datetime
import json
import logging
import threading
import uuid
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import timezone
from wagtail.models import Page, Revision, TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected

from cms.changelog.models import PageChange
from cms.changelog.signals import public_path
from cms.webhooks import events
from cms.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

logger = logging.getLogger(__name__)

POST_TYPE = "news.LatestUpdatesPage"

# Pages being deleted, by id: post_delete (when the change log writes its row)
# comes after the row is gone, so what the payload needs is taken in pre_delete.
_deleting = threading.local()


def _post_model() -> type[Page]:
    from news.models import LatestUpdatesPage

    return LatestUpdatesPage


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
    }


def build_body(delivery_id: uuid.UUID, event: WebhookEvent) -> str:
    """The request body: compact, ASCII-only JSON, so its bytes are unambiguous to sign."""
    payload = {
        "id": str(delivery_id),
        "event": event.name,
        "occurred_at": _iso(event.occurred_at),
        "page": event.page,
    }
    return json.dumps(payload, separators=(",", ":"))


def _subscribers(name: str) -> list[WebhookEndpoint]:
    # Endpoints are few; filtering the JSON list in Python works the same on every database.
    return [
        endpoint for endpoint in WebhookEndpoint.objects.filter(active=True) if endpoint.wants(name)
    ]


def record(
    name: str,
    page: dict,
    *,
    occurred_at: datetime.datetime | None = None,
    change_id: int | None = None,
) -> WebhookEvent | None:
    """Write the event and its deliveries in the current transaction; enqueue them on commit."""
    endpoints = _subscribers(name)
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


def _was_live_before(change: PageChange) -> bool:
    previous = (
        PageChange.objects.filter(page_id=change.page_id, pk__lt=change.pk)
        .order_by("-pk")
        .values_list("event", flat=True)
        .first()
    )
    return previous in (PageChange.PUBLISHED, PageChange.MOVED)


def _deleted_page_data(change: PageChange) -> dict:
    stash = getattr(_deleting, "pages", {})
    if change.page_id in stash:
        return {**stash[change.page_id], "url_path": change.url_path, "revision_id": None}
    # Deleted without Django's delete signals: say what the change log kept.
    slug = change.url_path.rstrip("/").rsplit("/", 1)[-1]
    return {
        "id": change.page_id,
        "type": POST_TYPE,
        "title": "",
        "slug": slug,
        "url_path": change.url_path,
        "html_url": urljoin(settings.WAGTAILADMIN_BASE_URL, change.url_path),
        "api_url": f"{settings.WAGTAILAPI_BASE_URL.rstrip('/')}/api/v2/pages/{change.page_id}/",
        "revision_id": None,
    }


def on_change_logged(sender: Any, instance: PageChange, created: bool, **kwargs: Any) -> None:
    if not created or kwargs.get("raw"):
        return
    if instance.event == PageChange.PUBLISHED:
        name = events.POST_UPDATED if _was_live_before(instance) else events.POST_PUBLISHED
    elif instance.event == PageChange.UNPUBLISHED:
        name = events.POST_UNPUBLISHED
    elif instance.event == PageChange.DELETED:
        record(
            events.POST_DELETED,
            _deleted_page_data(instance),
            occurred_at=instance.occurred_at,
            change_id=instance.pk,
        )
        return
    else:  # moved: not a webhook event
        return
    if not _subscribers(name):  # skip reading the page when nobody listens
        return
    page = Page.objects.get(pk=instance.page_id).specific
    data = page_data(page, url_path=instance.url_path, revision_id=instance.revision_id)
    record(name, data, occurred_at=instance.occurred_at, change_id=instance.pk)


def on_post_deleting(sender: Any, instance: Page, **kwargs: Any) -> None:
    if not hasattr(_deleting, "pages"):
        _deleting.pages = {}
    _deleting.pages[instance.pk] = page_data(instance, revision_id=None)


def on_post_deleted(sender: Any, instance: Page, **kwargs: Any) -> None:
    # Connected after the change log's handler, so its row (and our event) exists by now.
    getattr(_deleting, "pages", {}).pop(instance.pk, None)


# Review steps: submitted, approved, rejected.


def _reviewed_post(workflow_state: WorkflowState) -> Page | None:
    page = workflow_state.content_object
    if not isinstance(page, Page):
        return None
    page = page.specific
    return page if isinstance(page, _post_model()) else None


def _review_event(
    name: str,
    task_state: TaskState | None,
    workflow_state: WorkflowState,
    occurred_at: datetime.datetime | None,
) -> None:
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


def on_workflow_rejected(sender: Any, instance: WorkflowState, **kwargs: Any) -> None:
    task_state = instance.current_task_state
    finished = task_state.finished_at if task_state else None
    _review_event(events.POST_REJECTED, task_state, instance, finished)


def connect() -> None:
    post_model = _post_model()
    post_save.connect(on_change_logged, sender=PageChange, dispatch_uid="webhooks_changelog")
    pre_delete.connect(on_post_deleting, sender=post_model, dispatch_uid="webhooks_deleting")
    post_delete.connect(on_post_deleted, sender=post_model, dispatch_uid="webhooks_deleted")
    task_submitted.connect(on_task_submitted, dispatch_uid="webhooks_submitted")
    workflow_approved.connect(on_workflow_approved, dispatch_uid="webhooks_approved")
    workflow_rejected.connect(on_workflow_rejected, dispatch_uid="webhooks_rejected")
