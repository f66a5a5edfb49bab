"""Invalidate cached API responses the moment what they show changes.

Posts are invalidated by `post_changed`, the change log's one event (a row
means a reader-visible change; cms/changelog/events.py); what a live post
shows (a Person, an image, a document) through Wagtail's reference index, in
its own fields or in its published live updates; the
page tree, sites and view restrictions as a whole. Tokens change only after
the transaction commits: a request that read the new token must also see the
new data, or it would cache the old data under the new token.

The HTTP caches in front (Varnish, Fastly, Cloudflare) are purged by
surrogate key (surrogate.py) through the purge outbox (purge/outbox.py): the
rows are written here, in the change's transaction, and sent after commit,
once the tokens have changed, so a cache that refetches gets the new answer.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import (
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    ReferenceIndex,
    Site,
)
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.changelog.events import PostChange
from cms.delivery import purge, surrogate, versions, warmup
from cms.delivery.purge import outbox
from news.posts import is_post, update_model

logger = logging.getLogger(__name__)


def _after_commit(func: Any, *args: Any) -> None:
    def run() -> None:
        try:
            func(*args)
        except Exception:  # a cache outage must not fail a publish that has committed
            logger.exception("Could not invalidate cached API responses")

    transaction.on_commit(run)


def refresh_pages(page_ids: list[int], purge_ids: list[int] | None = None) -> None:
    versions.bump_pages(page_ids)
    outbox.attempt_now(purge_ids or [])
    purge.purge_pages(page_ids)
    warmup.warm_pages(page_ids)


def refresh_structure(purge_ids: list[int] | None = None) -> None:
    versions.bump_structure()
    outbox.attempt_now(purge_ids or [])


def on_post_changed(sender: Any, change: PostChange, **kwargs: Any) -> None:
    # A live update arrives here as a change to its story: the story's key covers it.
    purge_ids = outbox.record(surrogate.keys_for_pages([change.page_id]))
    _after_commit(refresh_pages, [change.page_id], purge_ids)


def on_page_event(sender: Any, instance: Page, **kwargs: Any) -> None:
    # Posts arrive through `post_changed`; other pages (the home page, the
    # section) appear in every post's parent and breadcrumbs, and their paths
    # in every URL below them.
    if not is_post(instance):
        on_structure_change(sender)


def on_structure_change(sender: Any, **kwargs: Any) -> None:
    _after_commit(refresh_structure, outbox.record([surrogate.STRUCTURE]))


def pages_showing(instance: Any) -> list[int]:
    """Posts whose answers show `instance`: in their own fields, or in a published
    live update inside them (indexed under the update, not the page)."""
    page_type = ContentType.objects.get_for_model(Page)
    updates = update_model()
    references = ReferenceIndex.get_references_to(instance)
    page_ids = {
        int(pk)
        for pk in references.filter(base_content_type=page_type).values_list("object_id", flat=True)
    }
    update_ids = references.filter(
        base_content_type=ContentType.objects.get_for_model(updates)
    ).values_list("object_id", flat=True)
    # Only updates readers see: a draft's People are in no cached answer.
    page_ids.update(
        updates.objects.public()
        .filter(pk__in=[int(pk) for pk in update_ids])
        .values_list("post_id", flat=True)
    )
    return sorted(page_ids)


def on_shown_object_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A Person renamed or an image replaced changes every live post showing it."""
    page_ids = pages_showing(instance)
    # Its own key too: an answer the index does not reach (an image's own API
    # detail) is labelled with it.
    keys = [*surrogate.keys_for_object(instance), *surrogate.keys_for_pages(page_ids)]
    _after_commit(refresh_pages, page_ids, outbox.record(keys))


def connect() -> None:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from news.models import Person

    # on_post_changed is connected by cms.changelog.events, in its stated order.
    page_published.connect(on_page_event, dispatch_uid="delivery_published")
    page_unpublished.connect(on_page_event, dispatch_uid="delivery_unpublished")
    post_page_move.connect(on_page_event, dispatch_uid="delivery_moved")
    post_delete.connect(on_page_event, sender=Page, dispatch_uid="delivery_deleted")
    for model in (PageViewRestriction, CollectionViewRestriction, Site):
        post_save.connect(on_structure_change, sender=model, dispatch_uid=f"delivery_{model}")
        post_delete.connect(on_structure_change, sender=model, dispatch_uid=f"delivery_d_{model}")
    for model in (Person, get_image_model(), get_document_model()):
        post_save.connect(on_shown_object_change, sender=model, dispatch_uid=f"delivery_{model}")
        post_delete.connect(
            on_shown_object_change, sender=model, dispatch_uid=f"delivery_d_{model}"
        )
