"""Optional purge of a CDN or reverse proxy in front of the APIs.

Configured by environment (see cms/settings/base.py: FRONTEND_CACHE_*), using
wagtail.contrib.frontend_cache's backends. Details are purged by exact URL;
listings have many query-string variants no CDN can purge one by one, so they
rely on their short `s-maxage` instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings


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
