"""Waiting corrections go out with the version they accompany."""

from __future__ import annotations

from typing import Any

from wagtail.signals import page_published, published

from news.corrections.publishing import publish_with_version


def on_page_published(sender: Any, instance: Any, revision: Any = None, **kwargs: Any) -> None:
    from news.posts import is_post

    # A scheduled publish is signalled too; its corrections wait for the go-live.
    if (
        is_post(instance)
        and instance.live
        and (revision is None or instance.live_revision_id == revision.pk)
    ):
        publish_with_version(instance, revision)


def on_update_published(sender: Any, instance: Any, revision: Any = None, **kwargs: Any) -> None:
    if instance.live and instance.withdrawn_at is None:
        publish_with_version(instance, revision)


def connect() -> None:
    from news.live.models import LiveUpdate

    page_published.connect(on_page_published, dispatch_uid="corrections_page_published")
    published.connect(
        on_update_published, sender=LiveUpdate, dispatch_uid="corrections_update_published"
    )
