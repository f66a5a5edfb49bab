"""Turn Wagtail's page signals into change-log rows, in the caller's transaction.

Each row is announced once, as `post_changed` (cms/changelog/events.py says
who listens and in which order).
"""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Revision
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.changelog.events import PostChange, current_correction, post_changed
from cms.changelog.models import PageChange
from news.posts import is_post, live_posts_below, post_model


def public_path(page: Page) -> str:
    """The path readers use (the site root's slug left out), as front ends route on it."""
    parts = page.get_url_parts()
    return parts[2] if parts else page.url_path


def is_private(page: Page) -> bool:
    """Behind a view restriction (password, login or group) on it or an ancestor."""
    return page.get_view_restrictions().exists()


def record(
    event: str,
    page: Page,
    revision_id: int | None = None,
    *,
    even_if_private: bool = False,
    update: Any = None,
    update_event: Any = None,
    correction: Any = None,
) -> PageChange | None:
    # The feed is public: a private post appears in it only as leaving (when
    # it is restricted, hence `even_if_private`) and arriving (when lifted).
    if not even_if_private and is_private(page):
        return None
    was_live = _was_live(page.pk)
    change = PageChange.objects.create(
        event=event, page_id=page.pk, revision_id=revision_id, url_path=public_path(page)
    )
    post_changed.send(
        sender=PageChange,
        change=PostChange(
            change_id=change.pk,
            page_id=page.pk,
            event=event,
            page=page,
            was_live=was_live,
            url_path=change.url_path,
            revision_id=revision_id,
            occurred_at=change.occurred_at,
            update=update,
            update_event=update_event,
            correction=correction or current_correction(),
        ),
    )
    return change


def _was_live(page_id: int) -> bool:
    """Whether clients could see the post, by the log's last word on it (not the page,
    which Wagtail has already saved as live or not by the time it signals)."""
    last = (
        PageChange.objects.filter(page_id=page_id)
        .order_by("-pk")
        .values_list("event", flat=True)
        .first()
    )
    return last in PageChange.SHOWING


def reconcile_url_paths(root: Page) -> None:
    """A renamed or moved ancestor changes its live posts' addresses without a publish."""
    last_path = (
        PageChange.objects.filter(page_id=OuterRef("pk")).order_by("-id").values("url_path")[:1]
    )
    posts = (
        live_posts_below(root).annotate(logged_path=Subquery(last_path)).exclude(logged_path=None)
    )
    for post in posts:
        if post.logged_path != public_path(post):
            record(PageChange.MOVED, post, post.live_revision_id)


def on_published(sender: Any, instance: Page, revision: Any = None, **kwargs: Any) -> None:
    if is_post(instance):
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
    if is_post(instance):
        record(PageChange.UNPUBLISHED, instance)


def on_moved(sender: Any, instance: Page, **kwargs: Any) -> None:
    if kwargs.get("url_path_before") != kwargs.get("url_path_after"):
        reconcile_url_paths(instance)


def on_deleted(sender: Any, instance: Page, **kwargs: Any) -> None:
    # Clients only ever saw posts that were published at some point.
    if instance.first_published_at is not None:
        record(PageChange.DELETED, instance, None)


def on_restriction_saved(
    sender: Any, instance: PageViewRestriction, created: bool, **kw: Any
) -> None:
    if created:
        for post in live_posts_below(instance.page):
            record(PageChange.UNPUBLISHED, post, even_if_private=True)


def on_restriction_deleted(sender: Any, instance: PageViewRestriction, **kwargs: Any) -> None:
    try:
        page = instance.page
    except Page.DoesNotExist:  # the page itself is being deleted
        return
    for post in live_posts_below(page):
        record(PageChange.PUBLISHED, post, post.live_revision_id)


def connect() -> None:
    post_save.connect(
        on_restriction_saved, sender=PageViewRestriction, dispatch_uid="changelog_restricted"
    )
    post_delete.connect(
        on_restriction_deleted, sender=PageViewRestriction, dispatch_uid="changelog_unrestricted"
    )
    page_published.connect(on_published, dispatch_uid="changelog_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="changelog_unpublished")
    post_page_move.connect(on_moved, dispatch_uid="changelog_moved")
    post_delete.connect(on_deleted, sender=post_model(), dispatch_uid="changelog_deleted")
