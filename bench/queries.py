"""SQL queries per request, counted in-process against the bench database.

Counted with Django's test client through the whole middleware stack, so a
cache hit that skips the database counts 0. Listings are counted on a cache
miss (the cache is cleared first): what they cost to build must not grow
with the page size.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.dataset import ACCEPT, HOST

LISTING = "v2 posts listing"
SUMMARY_LISTING = "v2 posts listing with summary fields"
LISTING_PATHS = {
    LISTING: "/api/v2/pages/?type=news.LatestUpdatesPage&limit={}",
    # What a section front asks for: a summary of each post.
    SUMMARY_LISTING: "/api/v2/pages/?type=news.LatestUpdatesPage&limit={}"
    "&fields=standfirst,dateline,tags,lead_image",
}
LISTING_SIZES = (1, 10, 20)


@dataclass(frozen=True)
class QueryCount:
    label: str
    path: str
    queries: int


def count(client: Client, path: str, **headers: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, headers=headers)
    assert response.status_code in (200, 304), (path, response.status_code)
    return len(captured)


def measure(post_id: int) -> dict[str, list[QueryCount]]:
    """Counts for details (cached and not) and for listings of each size."""
    client = Client(HTTP_HOST=HOST, HTTP_ACCEPT=ACCEPT)
    detail = f"/api/v2/pages/{post_id}/"
    v3_detail = f"/api/v3/pages/{post_id}/"
    cache.clear()
    details = [
        QueryCount("stock v2 detail", f"/bench/stock-v2/pages/{post_id}/", 0),
        QueryCount("our v2 detail, first build", detail, 0),
        QueryCount("our v2 detail, cached", detail, 0),
        QueryCount("our v3 detail, first build", v3_detail, 0),
        QueryCount("our v3 detail, cached", v3_detail, 0),
    ]
    details = [QueryCount(c.label, c.path, count(client, c.path)) for c in details]
    etag = client.get(detail).headers["ETag"]
    details.append(
        QueryCount("our v2 detail, 304", detail, count(client, detail, if_none_match=etag))
    )
    listings = []
    for label, template in LISTING_PATHS.items():
        for size in LISTING_SIZES:
            cache.clear()
            path = template.format(size)
            listings.append(QueryCount(f"{label}, limit={size}", path, count(client, path)))
    # Built once, then answered from the cache like a detail.
    path = LISTING_PATHS[LISTING].format(LISTING_SIZES[-1])
    client.get(path)
    cached = QueryCount(f"cached {LISTING}, limit={LISTING_SIZES[-1]}", path, count(client, path))
    listings.append(cached)
    return {"details": details, "listings": listings}
