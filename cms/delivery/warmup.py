"""Rebuild a post's API detail into the cache as soon as its change commits.

Without this, the first reader after every publish would pay for the whole
serialisation; with it, that reader gets a cache hit like everyone else, and
the post is serialised once per published revision. The requests go through
the normal middleware and views, so what is stored is byte for byte what a
client would have been sent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.test import RequestFactory

logger = logging.getLogger(__name__)

WARMUP_FLAG = "cms.delivery.warmup"
DETAIL_PATHS = ("/api/v2/pages/{}/", "/api/v3/pages/{}/")


@cache
def _handler() -> BaseHandler:
    handler = BaseHandler()
    handler.load_middleware()
    return handler


def warm_pages(page_ids: Iterable[int]) -> None:
    if not (settings.API_RESPONSE_CACHE and settings.API_CACHE_WARM_ON_PUBLISH):
        return
    base = urlsplit(settings.WAGTAILAPI_BASE_URL)
    factory = RequestFactory(
        HTTP_HOST=base.netloc or "localhost",
        **({"wsgi.url_scheme": "https"} if base.scheme == "https" else {}),
    )
    for page_id in sorted(set(page_ids)):
        for path in DETAIL_PATHS:
            request = factory.get(path.format(page_id), **{WARMUP_FLAG: True})
            response = _handler().get_response(request)
            if response.status_code != 200:  # unpublished, deleted or private: nothing to keep
                logger.debug("Warm-up of %s answered %s", request.path, response.status_code)
