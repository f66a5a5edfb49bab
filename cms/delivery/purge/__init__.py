"""Purging the HTTP caches in front of the CMS when what they store changes.

Two ways, both after the change commits:

- by surrogate key (cms/delivery/surrogate.py), through an outbox: `record`
  writes one `EdgePurge` row per configured cache (settings.EDGE_CACHES:
  Varnish, Fastly, Cloudflare) in the change's own transaction; `attempt_now`
  sends them right after commit with a short timeout, and a failure is retried
  by the worker with backoff (outbox.py);
- by URL, the older form (by_url.py, FRONTEND_CACHE_PURGE_URL): the two API
  detail URLs of a changed post, through wagtail.contrib.frontend_cache.
"""

from cms.delivery.purge.by_url import BoundedHTTPBackend, api_urls_for, purge_pages

__all__ = ["BoundedHTTPBackend", "api_urls_for", "purge_pages"]
