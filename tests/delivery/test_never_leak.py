"""Nothing unpublished or private reaches an anonymous client, by any route.

One page per state that must stay hidden, each carrying its own marker in
its title, standfirst and body; then every public endpoint is asked, in the
ways a client (or an attacker) would ask, and no answer may contain a marker.
A live public post carries a different marker that must be found, so the
sweep is known to reach the content it looks through.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from news.models import LatestUpdatesPage
from tests.editorial.flow import act, submit
from tests.factories import ImageFactory, LatestUpdatesPageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db

HIDDEN = "HIDDEN"
VISIBLE = "VISIBLE"


def marker(kind: str, state: str) -> str:
    return f"{kind}{state.replace('-', '')}{uuid.uuid4().hex[:8]}"


class World:
    def __init__(self) -> None:
        self.pages: dict[str, LatestUpdatesPage] = {}
        self.markers: dict[str, str] = {}
        self.revisions: list[tuple[int, int]] = []  # (page id, revision id)
        # Searched for instead of the markers, which a search page would echo back.
        self.search_words: dict[str, str] = {}


@pytest.fixture
def world(section, writer, editor, django_capture_on_commit_callbacks) -> World:
    world = World()
    counter = iter(range(1000))

    def committed():
        return django_capture_on_commit_callbacks(execute=True)

    def write(state: str, kind: str = HIDDEN) -> LatestUpdatesPage:
        text = marker(kind, state)
        world.markers[state] = text
        word = world.search_words[state] = f"zq{uuid.uuid4().hex[:10]}"
        # A neutral slug: a post that was once public may be named by its path.
        post = section.add_child(
            instance=LatestUpdatesPageFactory.build(
                title=f"Update {text}",
                slug=f"post-{next(counter)}",
                standfirst=f"Standfirst {text} {word}",
                body=[("paragraph", f"<p>Body {text} {word}</p>")],
                owner=writer,
            )
        )
        post.save_revision(user=writer)
        post = LatestUpdatesPage.objects.get(pk=post.pk)
        world.pages[state] = post
        world.revisions += [(post.pk, pk) for pk in post.revisions.values_list("pk", flat=True)]
        return post

    with committed():
        publish(write("public", VISIBLE))

        write("draft")
        submit(write("in-review"), writer)
        post = write("changes-requested")
        submit(post, writer)
        act(post, editor, "reject", comment="Needs a second source")
        post = write("scheduled")
        submit(post, writer)
        act(post, editor, "approve", go_live_at=timezone.now() + datetime.timedelta(days=1))

        publish(write("unpublished")).unpublish()
        deleted = publish(write("deleted"))

    # Fetched while public, so a cached copy exists when it is deleted.
    from django.test import Client

    Client().get(f"/api/v2/pages/{deleted.pk}/")
    with committed():
        deleted.delete()

    with committed():
        for state, restriction in [
            ("password", {"restriction_type": PageViewRestriction.PASSWORD, "password": "pw"}),
            ("login", {"restriction_type": PageViewRestriction.LOGIN}),
            ("group", {"restriction_type": PageViewRestriction.GROUPS}),
        ]:
            post = write(f"private-{state}")
            made = PageViewRestriction.objects.create(page=post, **restriction)
            if state == "group":
                made.groups.add(Group.objects.first())
            publish(post)

        # Public first (and cached), then restricted.
        post = publish(write("restricted-later"))
    Client().get(f"/api/v2/pages/{post.pk}/")
    Client().get(f"/api/v3/pages/{post.pk}/")
    with committed():
        PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.LOGIN)

    # A live post whose newer draft is not approved yet.
    with committed():
        live = publish(write("live-with-draft", VISIBLE))
        text = marker(HIDDEN, "newer-draft")
        world.markers["newer-draft"] = text
        newer = live.get_latest_revision_as_object()
        newer.title = f"Retitled {text}"
        newer.save_revision(user=writer)
        world.revisions += [(live.pk, pk) for pk in live.revisions.values_list("pk", flat=True)]

    # Media in a private collection.
    private = Collection.get_first_root_node().add_child(name="Embargoed")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    world.markers["private-image"] = marker(HIDDEN, "image")
    world.image = ImageFactory(title=world.markers["private-image"], collection=private)
    world.markers["private-document"] = marker(HIDDEN, "document")
    from django.core.files.base import ContentFile

    world.document = get_document_model().objects.create(
        title=world.markers["private-document"],
        collection=private,
        file=ContentFile(b"embargoed", name="embargoed.txt"),
    )
    return world


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
        bodies[url] = response.content.decode()
    return bodies


def test_no_hidden_content_reaches_anonymous_clients(client, world):
    bodies = sweep(client, world)
    hidden = {state: text for state, text in world.markers.items() if text.startswith(HIDDEN)}
    assert len(hidden) == 13
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
    # The sitemap names pages by address, not content: no hidden page's address is in it.
    for state, page in world.pages.items():
        if state not in ("public", "live-with-draft"):
            assert f"/latest-updates/{page.slug}/" not in bodies["/sitemap.xml"], state


def test_a_session_or_a_junk_token_unlocks_nothing(client, world, admin_user):
    client.force_login(admin_user)
    bodies = {}
    for url in list(urls(world))[:14]:
        bodies[url] = client.get(url, HTTP_AUTHORIZATION="Bearer junk", follow=True).content
    hidden = [text.encode() for text in world.markers.values() if text.startswith(HIDDEN)]
    api_bodies = {url: body for url, body in bodies.items() if url.startswith("/api/")}
    assert [url for url, body in api_bodies.items() if any(h in body for h in hidden)] == []
