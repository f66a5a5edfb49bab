"""How news content looks in the headless APIs, where a block alone cannot say it.

Images appear in the same shape everywhere (a post's lead image and the image
block), so a client needs only one image type.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from rest_framework.fields import Field
from wagtail.images import get_image_model

__all__ = [
    "ImageWithRenditionsField",
    "absolute_media_url",
    "image_api_representation",
    "rendition_representation",
    "with_api_relations",
]

logger = logging.getLogger(__name__)


def absolute_media_url(url: str) -> str:
    """Front ends live on other origins, so media URLs must carry the CMS's own."""
    return urljoin(settings.WAGTAILAPI_BASE_URL, url)


def rendition_representation(image: Any, filter_spec: str) -> dict[str, Any] | None:
    try:
        rendition = image.get_rendition(filter_spec)
    except OSError:  # includes Wagtail's SourceImageIOError
        # A missing or unreadable original must not take the whole post down.
        logger.warning("Cannot make rendition %s of image %s", filter_spec, image.pk)
        return None
    return {
        "url": absolute_media_url(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
    }


def image_api_representation(image: Any) -> dict[str, Any] | None:
    """`{"id", "title", "width", "height", "url", "renditions": {name: {...}}}`."""
    if image is None:
        return None
    return {
        "id": image.pk,
        "title": image.title,
        "width": image.width,
        "height": image.height,
        "url": absolute_media_url(image.file.url),
        "renditions": {
            name: rendition_representation(image, spec)
            for name, spec in settings.NEWS_IMAGE_RENDITIONS.items()
        },
    }


class ImageWithRenditionsField(Field):
    """API v2 serializer field for image foreign keys, in the shared image shape."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> dict[str, Any] | None:
        return image_api_representation(value)


def with_api_relations(posts: QuerySet) -> QuerySet:
    """Posts with what their API summary reads (tags, lead image and its renditions)
    loaded in a fixed number of queries, however many posts there are."""
    renditions = (
        get_image_model()
        .get_rendition_model()
        .objects.filter(filter_spec__in=list(settings.NEWS_IMAGE_RENDITIONS.values()))
    )
    return posts.select_related("lead_image", "locale").prefetch_related(
        "tags",
        # Wagtail's get_rendition() looks in `prefetched_renditions` before the database.
        Prefetch("lead_image__renditions", queryset=renditions, to_attr="prefetched_renditions"),
    )
