"""Which pages are posts: the one answer the change log, caches and webhooks share.

Infrastructure under `cms/` asks here instead of importing `news.models`, so
the dependency runs one way and a second post type would be added in one place.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, PageQuerySet

# The label clients see in webhook bodies and the v2 `type` field.
POST_TYPE = "news.LatestUpdatesPage"
# A live update inside a post (news/live/): reviewed and published on its own.
UPDATE_TYPE = "news.LiveUpdate"


def post_model() -> type[Page]:
    return apps.get_model(POST_TYPE)


def update_model() -> type:
    return apps.get_model(UPDATE_TYPE)


def is_update(obj: object) -> bool:
    return isinstance(obj, update_model())


def is_post(page: Page) -> bool:
    """True for a post, whether `page` is the specific instance or a plain `Page` row.

    Deletion and move signals often carry the base `Page`, so the content type
    decides rather than the Python class.
    """
    model = post_model()
    return isinstance(page, model) or (
        page.content_type_id == ContentType.objects.get_for_model(model).pk
    )


def live_posts_below(page: Page) -> PageQuerySet:
    """The live posts at or below `page`, as specific instances."""
    return post_model().objects.live().descendant_of(page, inclusive=True)
