"""Turn Wagtail's page signals into change-log rows, in the caller's transaction."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_delete
from wagtail.models import Page, Revision
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.changelog.models import PageChange


def _post_model() -> type[Page]:
    from news.models import LatestUpdatesPage

    return LatestUpdatesPage


def public_path(page: Page) -> str:
    """The path readers use (the site root's slug left out), as front ends route on it."""
    parts = page.get_url_parts()
    return parts[2] if parts else page.url_path


def record(event: str, page: Page, revision_id: int | None = None) -> PageChange:
    return PageChange.objects.create(
        event=event, page_id=page.pk, revision_id=revision_id, url_path=public_path(page)
    )


def reconcile_url_paths(root: Page) -> None:
    """A renamed or moved ancestor changes its live posts' addresses without a publish."""
    last_path = (
        PageChange.objects.filter(page_id=OuterRef("pk")).order_by("-id").values("url_path")[:1]
    )
    posts = (
        _post_model()
        .objects.live()
        .descendant_of(root, inclusive=True)
        .annotate(logged_path=Subquery(last_path))
        .exclude(logged_path=None)
    )
    for post in posts:
        if post.logged_path != public_path(post):
            record(PageChange.MOVED, post, post.live_revision_id)


def on_published(sender: Any, instance: Page, revision: Any = None, **kwargs: Any) -> None:
    if isinstance(instance, _post_model()):
        # Wagtail signals a scheduled publish too; readers see nothing until it goes live.
        if instance.live and (revision is None or instance.live_revision_id == revision.pk):
            record(PageChange.PUBLISHED, instance, revision.pk if revision else None)
        return
    # An ancestor published under a new slug moved every post below it.
    try:
        previous = revision.get_previous() if revision else None
    except Revision.DoesNotExist:  # a first publish moves nothing
        return
    if previous is not None and previous.content.get("url_path") != instance.url_path:
        reconcile_url_paths(instance)


def on_unpublished(sender: Any, instance: Page, **kwargs: Any) -> None:
    if isinstance(instance, _post_model()):
        record(PageChange.UNPUBLISHED, instance)


def on_moved(sender: Any, instance: Page, **kwargs: Any) -> None:
    if kwargs.get("url_path_before") != kwargs.get("url_path_after"):
        reconcile_url_paths(instance)


def on_deleted(sender: Any, instance: Page, **kwargs: Any) -> None:
    # Clients only ever saw posts that were published at some point.
    if instance.first_published_at is not None:
        record(PageChange.DELETED, instance, None)


def connect() -> None:
    page_published.connect(on_published, dispatch_uid="changelog_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="changelog_unpublished")
    post_page_move.connect(on_moved, dispatch_uid="changelog_moved")
    post_delete.connect(on_deleted, sender=_post_model(), dispatch_uid="changelog_deleted")
