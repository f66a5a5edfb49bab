"""`python -m bench.scale.queries`: one database's facts and SQL queries per request.

Run once per database (BENCH_SCALE_DB picks it), in its own process because
Django is set up for one database at a time. Prints JSON: the ids the load
plan needs, a signed-in admin session, and the SQL queries each request costs,
counted with CaptureQueriesContext through the whole middleware stack.

Every count is of an answer built from the database: requests carry an
Authorization header, which the delivery cache never stores or serves
(cms/delivery/middleware.py), except "detail, cached", which must be 0.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

# Not a token anyone has: the v3 endpoints look it up (one query) and carry on
# anonymously; API v2 ignores the scheme. Either way the shared cache is skipped.
NO_CACHE = {"Authorization": "Bearer bench-scale-uncached"}
HOST = "127.0.0.1"
SIZES = (10, 50)


def listing_paths(tag: str, word: str, since: int) -> dict[str, str]:
    """The listings measured, with `{n}` for the page size."""
    posts = "/api/v2/pages/?type=news.LatestUpdatesPage&fields=standfirst,dateline,tags&limit={n}"
    return {
        "v2 listing, newest first": posts,
        "v2 listing by tag": posts + f"&tag={tag}",
        "v2 search": posts + f"&search={word}",
        "v3 listing, newest first": "/api/v3/news/posts/?limit={n}",
        "v3 listing by tag": f"/api/v3/news/posts/?tag={tag}&limit={{n}}",
        "v3 search": f"/api/v3/news/posts/?search={word}&limit={{n}}",
        "change feed": f"/api/v3/news/changes/?since={since}&limit={{n}}",
    }


def admin_session() -> str:
    """A superuser's session key, made directly: a sign-in would go through axes."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from bench.scale.generate import ensure_superuser

    user = ensure_superuser()
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def facts() -> dict[str, Any]:
    """Ids and values the plan and the report need, read from the generated data."""
    from django.db.models import Max

    from bench.scale.generate import BIG_BLOCKS, SMALL_BLOCKS
    from cms.changelog.models import PageChange
    from news.models import LatestUpdatesPage, NewsIndexPage

    def post_with(blocks: int) -> int:
        # The generator puts both bodies in the middle of the id range, side by side.
        candidates = LatestUpdatesPage.objects.order_by("pk").values_list("pk", "body")
        middle = candidates[LatestUpdatesPage.objects.count() // 2 - 2 :][:8]
        return next(pk for pk, body in middle if len(body) == blocks)

    big, small = post_with(BIG_BLOCKS), post_with(SMALL_BLOCKS)
    latest = PageChange.objects.aggregate(Max("pk"))["pk__max"]
    return {
        "posts": LatestUpdatesPage.objects.count(),
        "section_id": NewsIndexPage.objects.get().pk,
        "big_post": big,
        "small_post": small,
        # A typical post for the detail scenarios: the newest, as readers fetch most.
        "detail_post": LatestUpdatesPage.objects.order_by("-first_published_at").first().pk,
        "tag": "NATO",
        "word": "grain",
        # A client that synced a while ago: the 100 latest changes are new to it.
        "since": max(latest - 100, 0),
    }


def count(client: Any, path: str, headers: dict[str, str]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Once first, so one-off work (content types, the site, templates) is not counted.
    client.get(path, headers=headers)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, headers=headers)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}: {response.content[:300]!r}")
    return len(captured)


def measure(info: dict[str, Any], session: str) -> dict[str, int]:
    from django.conf import settings
    from django.test import Client

    api = Client(HTTP_HOST=HOST, HTTP_ACCEPT="application/json")
    counts = {}
    for label, template in listing_paths(info["tag"], info["word"], info["since"]).items():
        for size in SIZES:
            counts[f"{label}, limit {size}"] = count(api, template.format(n=size), NO_CACHE)
    for version in ("v2", "v3"):
        for name, blocks in (("small_post", "10"), ("big_post", "300")):
            path = f"/api/{version}/pages/{info[name]}/"
            counts[f"{version} detail, {blocks} blocks, built"] = count(api, path, NO_CACHE)
    detail = f"/api/v2/pages/{info['detail_post']}/"
    api.get(detail)  # stores it
    counts["v2 detail, cached"] = count(api, detail, {})
    admin = Client(HTTP_HOST=HOST)
    admin.cookies[settings.SESSION_COOKIE_NAME] = session
    counts["admin listing of the section"] = count(admin, f"/admin/pages/{info['section_id']}/", {})
    for name, blocks in (("small_post", "10"), ("big_post", "300")):
        path = f"/admin/pages/{info[name]}/edit/"
        counts[f"admin edit view, {blocks} blocks"] = count(admin, path, {})
    return counts


def main() -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.scale.settings")
    django.setup()
    info = facts()
    session = admin_session()
    json.dump({"info": info, "session": session, "queries": measure(info, session)}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
