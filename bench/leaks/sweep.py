"""`python -m bench.leaks.sweep BASE_URL WORLD.json [SCHEMATHESIS_REPORT.json]`.

Anonymous ID and path enumeration over a live server: every page id from 1 to
the highest plus 50 through each v2 and v3 route and parameter that names a
page (detail, child_of, descendant_of, find, version, revisions, preview),
every revision id (to the highest plus 50) under every page id (and under
every marker page again with a junk token), images and documents by id,
searches for the hidden posts' words, their site paths, feeds and sitemap;
a few variants again with a junk bearer token. Redirects are followed.

Fails (exit 1) on any hidden marker in any answer, any 5xx or unanswered
request, fewer than LEAKS_MIN_REQUESTS anonymous requests in all (with the
schemathesis count added; default 10000), or if the VISIBLE markers of the
public posts were never seen (the sweep would not be looking where content
is). With FUZZ_WRITE_DOCS=1 the figures go into docs/reliability.md.
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlsplit

from bench import paths

THREADS = 8
TIMEOUT = 30.0
DOC = paths.PROJECT_DIR / "docs" / "reliability.md"
BEGIN, END = "<!-- leaks:begin -->", "<!-- leaks:end -->"
PREVIEW = "/api/v2/page_preview/?content_type=news.latestupdatespage"

LEAKS_INTRO = """## Leak fuzzing

`.ci/fuzz` (bench/leaks/) puts a post in every state that must stay hidden into
the fuzz server's database, each with its own marker in title, standfirst,
body, tag and a quoted person's name (plus an image and a document in a
private collection), then searches every answer for the markers: those
schemathesis receives, anonymously and with a read-only token, and those of an
anonymous ID and path enumeration over v2, v3, the site, feeds and sitemap.
Figures written with `FUZZ_WRITE_DOCS=1 make fuzz`; CI runs it without.

"""

_local = threading.local()


def get(host: str, port: int, path: str, token: str | None = None) -> tuple[int, bytes, str]:
    """One GET on this thread's kept-alive connection: status, body, Location."""
    headers = {"Accept": "application/json, text/html;q=0.9, */*;q=0.8"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    for attempt in range(2):
        connection = getattr(_local, "connection", None)
        if connection is None:
            connection = _local.connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            return response.status, response.read(), response.getheader("Location") or ""
        except (OSError, http.client.HTTPException):
            connection.close()
            _local.connection = None
            if attempt:
                return 0, b"", ""
    return 0, b"", ""


def urls(world: dict) -> Iterator[tuple[str, str | None]]:
    """(path, token) pairs; the token is junk or None, never a valid one."""
    hidden_pages = [page for state, page in world["pages"].items() if state != "public"]
    page_ids = range(1, world["max_page_id"] + 51)
    media_ids = range(1, max(world["image_id"], world["document_id"]) + 51)
    yield from (
        (path, None)
        for path in [
            "/api/v2/pages/?fields=*&limit=100",
            "/api/v2/pages/?type=news.LatestUpdatesPage&fields=*&limit=100",
            "/api/v2/pages/?type=news.LatestUpdatesPage&fields=*&limit=100&order=-id",
            "/api/v2/images/?fields=*&limit=100",
            "/api/v2/documents/?fields=*&limit=100",
            "/api/v3/pages/?limit=100",
            "/api/v3/pages/?limit=100&type=news.LatestUpdatesPage",
            "/api/v3/images/?limit=100",
            "/api/v3/documents/?limit=100",
            "/api/v3/news/posts/?limit=100",
            "/api/v3/news/changes/?limit=500",
            "/api/v3/news/changes/?since=0&limit=500",
            "/api/v3/editorial/queue/",
            PREVIEW,
            f"{PREVIEW}&token=forged",
            "/latest-updates/",
            "/latest-updates/rss.xml",
            "/latest-updates/atom.xml",
            "/latest-updates/feed.json",
            "/latest-updates/news-sitemap.xml",
            "/sitemap.xml",
            "/search/?query=Update",
            "/search/?query=Standfirst",
        ]
    )
    for tag in ("NATO", "Ukraine"):
        for feed in ("rss.xml", "atom.xml", "feed.json"):
            yield f"/latest-updates/{feed}?tag={tag}", None
    for state, word in world["search_words"].items():
        tag = quote(f"tag{world['hidden'].get(state, world['visible'].get(state, ''))}")
        for path in [
            f"/api/v2/pages/?search={word}&fields=*",
            f"/api/v2/pages/?type=news.LatestUpdatesPage&search={word}&fields=*",
            f"/api/v2/pages/?type=news.LatestUpdatesPage&search={word}&search_operator=or",
            f"/api/v2/images/?search={word}&fields=*",
            f"/api/v2/documents/?search={word}&fields=*",
            f"/api/v3/pages/?search={word}",
            f"/api/v3/pages/?search={word}&type=news.LatestUpdatesPage",
            f"/api/v3/news/posts/?search={word}",
            f"/api/v3/images/?search={word}",
            f"/api/v3/documents/?search={word}",
            f"/search/?query={word}",
            # Tag filters name the tag: an answer may echo it, so only status and lists count.
            f"/api/v2/pages/?type=news.LatestUpdatesPage&tag={tag}&fields=title",
            f"/api/v3/news/posts/?tag={tag}",
        ]:
            yield path, None
    for pk in page_ids:
        for path in [
            f"/api/v2/pages/{pk}/",
            f"/api/v2/pages/{pk}/?fields=*",
            f"/api/v2/pages/{pk}/?fields=title,standfirst,body,tags",
            f"/api/v2/pages/?child_of={pk}&fields=*",
            f"/api/v2/pages/?descendant_of={pk}&fields=*",
            f"/api/v2/pages/?type=news.LatestUpdatesPage&child_of={pk}&fields=*",
            f"/api/v2/pages/?type=news.LatestUpdatesPage&descendant_of={pk}&fields=*",
            f"/api/v2/pages/?id={pk}&fields=*",
            f"/api/v2/pages/find/?id={pk}",
            f"{PREVIEW}&id={pk}",
            f"{PREVIEW}&id={pk}&token=forged",
            f"/api/v3/pages/{pk}/",
            f"/api/v3/pages/{pk}/?version=draft",
            f"/api/v3/pages/{pk}/?version=draft&rich_text_format=html",
            f"/api/v3/pages/{pk}/?version=live",
            f"/api/v3/pages/{pk}/?rich_text_format=html",
            f"/api/v3/pages/find/?id={pk}",
            f"/api/v3/pages/find/?id={pk}&version=draft",
            f"/api/v3/pages/?child_of={pk}&limit=100",
            f"/api/v3/pages/?descendant_of={pk}&limit=100",
            f"/api/v3/pages/?ancestor_of={pk}",
            f"/api/v3/pages/{pk}/revisions/",
            f"/api/v3/editorial/pages/{pk}/",
            f"/api/v3/redirects/{pk}/",
            # A live story's update feed (news/live/), from the start.
            f"/api/v3/news/posts/{pk}/updates/?limit=100",
            f"/api/v3/news/posts/{pk}/updates/?since=0&limit=100",
            # The stream from the start (.ci/fuzz closes polling streams after 1 s).
            f"/api/v3/news/posts/{pk}/updates/stream/?last_event_id=0",
            # The post as ninjs (news/interchange/), and its Accept variant.
            f"/api/v3/news/posts/{pk}/ninjs/",
        ]:
            yield path, None
        for path in [f"/api/v2/pages/{pk}/?fields=*", f"/api/v3/pages/{pk}/?version=draft"]:
            yield path, "junk"
    for pk in media_ids:
        yield f"/api/v2/images/{pk}/", None
        yield f"/api/v2/images/{pk}/?fields=*", None
        yield f"/api/v2/documents/{pk}/", None
        yield f"/api/v2/documents/{pk}/?fields=*", None
        yield f"/api/v3/images/{pk}/", None
        yield f"/api/v3/documents/{pk}/", None
    revision_ids = range(1, world["max_revision_id"] + 51)
    for pk in page_ids:
        for revision_id in revision_ids:
            yield f"/api/v3/pages/{pk}/revisions/{revision_id}/", None
    for page in hidden_pages:
        for revision_id in revision_ids:
            yield f"/api/v3/pages/{page['id']}/revisions/{revision_id}/", "junk"
    for page in hidden_pages:
        path = page["path"]
        for url in [
            path,
            f"{path}?preview=1",
            f"/api/v2/pages/find/?html_path={path}",
            f"/api/v3/pages/find/?html_path={path}",
            f"/api/v3/pages/find/?html_path={path}&version=draft",
            f"/api/v3/redirects/find/?html_path={path}",
        ]:
            yield url, None
        yield path, "junk"


def fetch(host: str, port: int, path: str, token: str | None) -> tuple[str, list[int], bytes]:
    """Statuses along the redirect chain (same host only) and the final body."""
    statuses = []
    for _ in range(4):
        status, body, location = get(host, port, path, token)
        statuses.append(status)
        if status not in (301, 302, 303, 307, 308) or not location:
            return path, statuses, body
        target = urlsplit(location)
        if target.netloc and target.netloc != f"{host}:{port}":
            return path, statuses, body
        path = target.path + (f"?{target.query}" if target.query else "")
    return path, statuses, body


def sweep(base: str, world: dict) -> dict:
    target = urlsplit(base)
    host, port = target.hostname or "127.0.0.1", target.port or 80
    hidden = {state: text.encode() for state, text in world["hidden"].items()}
    visible = [text.encode() for text in world["visible"].values()]
    statuses: Counter[int] = Counter()
    leaks: list[dict] = []
    errors: list[str] = []
    found_visible = 0
    started = time.monotonic()
    with ThreadPoolExecutor(THREADS) as pool:
        for path, chain, body in pool.map(lambda u: fetch(host, port, *u), urls(world)):
            statuses.update(chain)
            if any(s >= 500 or s == 0 for s in chain):
                errors.append(f"{chain} {path}")
            found_visible += any(text in body for text in visible)
            leaked = [state for state, text in hidden.items() if text in body]
            if leaked:
                leaks.append({"url": path, "states": leaked})
    return {
        "requests": sum(statuses.values()),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "seconds": round(time.monotonic() - started, 1),
        "leaks": leaks,
        "errors": errors,
        "visible_found": found_visible,
    }


def write_docs(lines: list[str]) -> None:
    block = "\n".join([BEGIN, *lines, END])
    text = DOC.read_text() if DOC.exists() else "# Reliability\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + LEAKS_INTRO + block + "\n"
    DOC.write_text(text)


def main() -> int:
    base, world_path = sys.argv[1], sys.argv[2]
    world = json.load(open(world_path))  # noqa: SIM115
    st = {"requests": 0, "statuses": {}, "leaks": [], "visible_found": 0}
    if len(sys.argv) > 3 and os.path.exists(sys.argv[3]):
        st = json.load(open(sys.argv[3]))  # noqa: SIM115
    result = sweep(base, world)
    total = result["requests"] + st["requests"]
    minimum = int(os.environ.get("LEAKS_MIN_REQUESTS", "10000"))
    st_5xx = sum(n for status, n in st["statuses"].items() if int(status) >= 500)
    failures = []
    if result["leaks"] or st["leaks"]:
        failures.append(f"hidden markers returned: {(result['leaks'] + st['leaks'])[:20]}")
    if result["errors"]:
        failures.append(f"{len(result['errors'])} 5xx or unanswered: {result['errors'][:20]}")
    if st_5xx:
        failures.append(f"{st_5xx} 5xx answers to schemathesis")
    if total < minimum:
        failures.append(f"only {total} anonymous requests, fewer than {minimum}")
    if not result["visible_found"]:
        failures.append("the public posts' markers were never seen: the sweep looks nowhere")
    markers_found = len(result["leaks"]) + len(st["leaks"])
    print(
        f"leaks: {total} anonymous requests ({st['requests']} schemathesis, "
        f"{result['requests']} enumeration in {result['seconds']} s), "
        f"{len(world['hidden'])} hidden states, {markers_found} answers with a marker, "
        f"{result['visible_found'] + st['visible_found']} with a public post's marker"
    )
    print(f"leaks: enumeration statuses {result['statuses']}; schemathesis {st['statuses']}")
    for failure in failures:
        print(f"leaks: FAILED {failure}", file=sys.stderr)
    if os.environ.get("FUZZ_WRITE_DOCS") == "1":
        write_docs(
            [
                f"Last run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
                f"`.ci/fuzz` with FUZZ_WRITE_DOCS=1 (bench/leaks/): "
                f"leak checks {'passed' if not failures else 'FAILED'}.",
                "",
                "| figure | value |",
                "|---|---|",
                f"| anonymous requests | `{total}` |",
                f"| of which schemathesis (anonymous run) | `{st['requests']}` |",
                f"| of which ID and path enumeration | `{result['requests']}` |",
                f"| hidden states, each with its own marker | `{len(world['hidden'])}` "
                f"({', '.join(world['hidden'])}) |",
                f"| answers containing a hidden marker | `{markers_found}` |",
                f"| answers containing a public post's marker (control) | "
                f"`{result['visible_found'] + st['visible_found']}` |",
                f"| enumeration statuses | `{json.dumps(result['statuses'])}` |",
                f"| schemathesis statuses | `{json.dumps(st['statuses'])}` |",
                f"| enumeration time | `{result['seconds']} s` |",
            ]
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
