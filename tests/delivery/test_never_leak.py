"""Nothing unpublished or private reaches an anonymous client, by any route.

One page per state that must stay hidden, each carrying its own marker in
its title, standfirst, body, tag and a quoting person's name (the world the
leak fuzzers use, bench/leaks/world.py); then every public endpoint is asked, in
the ways a client (or an attacker) would ask, and no answer may contain a marker.
A live public post carries a different marker that must be found, so the
sweep is known to reach the content it looks through.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from bench.leaks.world import HIDDEN, HIDDEN_STATES, World, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(section, writer, editor, django_capture_on_commit_callbacks, settings) -> World:
    """The leak fuzzers' world (bench/leaks/world.py), with on-commit work run."""
    # A polling update stream sends its backlog, then closes at once.
    settings.LIVE_STREAM_POLL_LIFETIME = 0

    def committed():
        return django_capture_on_commit_callbacks(execute=True)

    def fetch(post) -> None:
        # Fetched while public, so a cached copy exists when it is hidden.
        Client().get(f"/api/v2/pages/{post.pk}/")
        Client().get(f"/api/v3/pages/{post.pk}/")

    return build(section, writer, editor, committed=committed, before_hiding=fetch)


def urls(world: World) -> Iterator[str]:
    ids = [page.pk for page in world.pages.values()]
    words = list(world.search_words.values())
    yield from [
        "/api/v2/pages/?fields=*&limit=100",
        "/api/v2/pages/?type=news.LatestUpdatesPage&fields=*&limit=100",
        "/api/v2/pages/?type=news.LatestUpdatesPage&fields=*&limit=100&tag=NATO",
        "/api/v2/images/?fields=*&limit=100",
        f"/api/v2/images/{world.image.pk}/",
        "/api/v2/documents/?fields=*&limit=100",
        f"/api/v2/documents/{world.document.pk}/",
        "/api/v3/pages/?limit=100",
        "/api/v3/pages/?limit=100&type=news.LatestUpdatesPage",
        "/api/v3/news/posts/?limit=100",
        "/api/v3/news/changes/?limit=500",
        "/api/v2/page_preview/?content_type=news.latestupdatespage",
        "/api/v2/page_preview/?content_type=news.latestupdatespage&token=forged",
        "/latest-updates/",
        # Feeds and the sitemap (after the first 14, which the session test reuses).
        "/latest-updates/rss.xml",
        "/latest-updates/atom.xml",
        "/latest-updates/feed.json",
        "/latest-updates/rss.xml?tag=NATO",
        "/latest-updates/atom.xml?tag=NATO",
        "/latest-updates/feed.json?tag=NATO",
        "/sitemap.xml",
        "/latest-updates/news-sitemap.xml",
    ]
    for word in words:
        yield f"/api/v2/pages/?search={word}&fields=*"
        yield f"/api/v2/pages/?type=news.LatestUpdatesPage&search={word}&fields=*"
        yield f"/api/v3/pages/?search={word}"
        yield f"/api/v3/news/posts/?search={word}"
        yield f"/search/?query={word}"
    for pk in ids:
        yield f"/api/v2/pages/{pk}/"
        yield f"/api/v2/pages/{pk}/?fields=*"
        yield f"/api/v3/pages/{pk}/"
        yield f"/api/v3/pages/{pk}/?version=draft"
        yield f"/api/v3/pages/find/?id={pk}&version=draft"
        yield f"/api/v3/pages/{pk}/revisions/"
        yield f"/api/v2/page_preview/?content_type=news.latestupdatespage&id={pk}"
        # A live story's update feed and stream from the start (news/live/).
        yield f"/api/v3/news/posts/{pk}/updates/?limit=100"
        yield f"/api/v3/news/posts/{pk}/updates/stream/?last_event_id=0"
        # The post as ninjs (news/interchange/).
        yield f"/api/v3/news/posts/{pk}/ninjs/"
    for pk, revision_id in set(world.revisions):
        yield f"/api/v3/pages/{pk}/revisions/{revision_id}/"
    for page in world.pages.values():
        path = f"/latest-updates/{page.slug}/"
        yield path
        yield f"/api/v2/pages/find/?html_path={path}"
        yield f"/api/v3/pages/find/?html_path={path}&version=draft"


def sweep(client, world: World) -> dict[str, str]:
    """Every URL's body (redirects followed) keyed by URL; never a server error."""
    bodies = {}
    for url in urls(world):
        response = client.get(url, follow=True)
        assert response.status_code < 500, url
        if response.streaming:  # the update stream, closed after its backlog (fixture)
            bodies[url] = b"".join(response.streaming_content).decode()
        else:
            bodies[url] = response.content.decode()
    return bodies


def test_no_hidden_content_reaches_anonymous_clients(client, world):
    bodies = sweep(client, world)
    hidden = {state: text for state, text in world.markers.items() if text.startswith(HIDDEN)}
    assert len(hidden) == HIDDEN_STATES
    leaks = [
        (state, url)
        for url, body in bodies.items()
        for state, text in hidden.items()
        if text in body
    ]
    assert leaks == []

    # The same sweep finds what is public, so it does look where content would be.
    for state in ("public", "live-with-draft"):
        text, word, page = world.markers[state], world.search_words[state], world.pages[state]
        assert text in bodies["/api/v2/pages/?type=news.LatestUpdatesPage&fields=*&limit=100"]
        assert text in bodies["/api/v3/news/posts/?limit=100"]
        assert text in bodies[f"/api/v3/news/posts/?search={word}"]
        assert text in bodies[f"/api/v2/pages/?type=news.LatestUpdatesPage&search={word}&fields=*"]
        assert text in bodies[f"/api/v2/pages/{page.pk}/"]
        assert text in bodies[f"/latest-updates/{page.slug}/"]
        for feed in ("rss.xml", "atom.xml", "feed.json"):
            assert text in bodies[f"/latest-updates/{feed}"], feed
        assert page.get_full_url() in bodies["/sitemap.xml"]
    # A live story's published updates are found where updates are served.
    story = world.pages["live-story"]
    for state in ("update-published", "update-newer-live"):
        text = world.markers[state]
        assert text in bodies[f"/api/v3/news/posts/{story.pk}/updates/stream/?last_event_id=0"]
        assert text in bodies[f"/api/v3/news/posts/{story.pk}/updates/?limit=100"]
        assert text in bodies[f"/api/v2/pages/{story.pk}/"]
        assert text in bodies[f"/api/v3/pages/{story.pk}/"]
        assert text in bodies[f"/latest-updates/{story.slug}/"]
    # The sitemap names pages by address, not content: no hidden page's address is in it.
    for state, page in world.pages.items():
        if state not in ("public", "live-with-draft", "live-story"):
            assert f"/latest-updates/{page.slug}/" not in bodies["/sitemap.xml"], state


def test_a_session_or_a_junk_token_unlocks_nothing(client, world, admin_user):
    client.force_login(admin_user)
    bodies = {}
    for url in list(urls(world))[:14]:
        bodies[url] = client.get(url, HTTP_AUTHORIZATION="Bearer junk", follow=True).content
    hidden = [text.encode() for text in world.markers.values() if text.startswith(HIDDEN)]
    api_bodies = {url: body for url, body in bodies.items() if url.startswith("/api/")}
    assert [url for url, body in api_bodies.items() if any(h in body for h in hidden)] == []
