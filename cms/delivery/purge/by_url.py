"""Optional purge of a CDN or reverse proxy in front of the APIs.

Configured by FRONTEND_CACHE_PURGE_URL (cms/settings/base.py), using
wagtail.contrib.frontend_cache's backends. Details are purged by exact URL;
listings have many query-string variants no CDN can purge one by one, so they
rely on their short `s-maxage` instead.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest

logger = logging.getLogger(__name__)


def api_urls_for(page_id: int) -> list[str]:
    base = settings.WAGTAILAPI_BASE_URL.rstrip("/")
    return [f"{base}/api/v2/pages/{page_id}/", f"{base}/api/v3/pages/{page_id}/"]


def purge_pages(page_ids: Iterable[int]) -> None:
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls = [url for page_id in sorted(set(page_ids)) for url in api_urls_for(page_id)]
    if urls:
        purge_urls_from_cache(urls)


class BoundedHTTPBackend(HTTPBackend):
    """Wagtail's HTTP purge backend with a timeout.

    The stock backend waits on the cache server for as long as it takes, and
    purges run in the editor's request right after a publish commits: a cache
    server that hangs would hang the editor's browser with it.
    """

    def __init__(self, params: dict) -> None:
        self.timeout = float(params.pop("TIMEOUT", 5))
        super().__init__(params)

    def purge(self, url: str) -> None:
        parts = urlsplit(url)
        request = PurgeRequest(
            url=urlunsplit(
                [self.cache_scheme, self.cache_netloc, parts.path, parts.query, parts.fragment]
            ),
            headers={"Host": parts.netloc, "User-Agent": "newsroom-cms/frontend-cache"},
        )
        try:
            with urlopen(request, timeout=self.timeout):  # noqa: S310 - scheme set by our settings
                pass
        except (OSError, ValueError) as error:  # URLError, HTTPError and timeouts are OSErrors
            logger.error("Could not purge %s from the front-end cache: %s", url, error)
