"""Marker posts in every non-public state, for the leak fuzzers and the leak test.

`build()` makes them: each hidden state gets a marker ("HIDDEN<state><hex>") in
its title, standfirst, body, tag and a quoting person's name, plus a neutral
search word; two public posts carry VISIBLE markers, which a sweep must find,
so it is known to look where content is. tests/delivery/test_never_leak.py
builds its world here too, so the test and the fuzzers look for the same leaks.

`python -m bench.leaks.world OUT.json` runs it once, before the server starts,
with the server's settings and database (after `bootstrap_newsroom --demo`),
and writes the markers, ids, paths and revision ids as JSON for the fuzzers.
"""

from __future__ import annotations

import datetime
import json
import sys
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

import django

HIDDEN = "HIDDEN"
VISIBLE = "VISIBLE"
# Posts in 14 hidden states, a hidden draft live story, and 7 hidden update states.
HIDDEN_STATES = 22


def marker(kind: str, state: str) -> str:
    return f"{kind}{state.replace('-', '')}{uuid.uuid4().hex[:10]}"


@dataclass
class World:
    """What `build` made. Pages by state; the "deleted" one is gone from the database."""

    pages: dict[str, Any] = field(default_factory=dict)
    markers: dict[str, str] = field(default_factory=dict)
    # Searched for instead of the markers, which a search page would echo back.
    search_words: dict[str, str] = field(default_factory=dict)
    revisions: list[tuple[int, int]] = field(default_factory=list)  # (page id, revision id)
    image: Any = None
    document: Any = None

    @property
    def hidden(self) -> dict[str, str]:
        return {s: t for s, t in self.markers.items() if t.startswith(HIDDEN)}

    @property
    def visible(self) -> dict[str, str]:
        return {s: t for s, t in self.markers.items() if t.startswith(VISIBLE)}


def build(
    section: Any,
    writer: Any,
    editor: Any,
    *,
    committed: Callable[[], AbstractContextManager[Any]] = nullcontext,
    before_hiding: Callable[[Any], None] = lambda post: None,
) -> World:
    """One post per hidden state (and the two public ones) under `section`.

    `committed` wraps each group of writes: the test passes pytest-django's
    on-commit capture, so the change log and cache invalidation run as they
    would after a real commit (outside a test, writes commit as they go).
    `before_hiding` is called with a public post just before it is deleted
    or restricted: the test fetches it there, so a cached copy exists to leak.
    """
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from django.utils import timezone
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

    from news.models import LatestUpdatesPage, Person
    from tests.editorial.flow import act, submit
    from tests.factories import ImageFactory
    from tests.helpers import publish

    world = World()

    def content(text: str, word: str) -> dict:
        person = Person.objects.create(name=f"Person {text}", role="Spokesperson")
        return {
            "title": f"Update {text}",
            "standfirst": f"Standfirst {text} {word}",
            "body": [
                ("paragraph", f"<p>Body {text} {word}</p>"),
                (
                    "quote",
                    {
                        "text": f"Quoted {word}",
                        "speaker": person,
                        # Review needs it (docs/trust.md): the scheduled post is approved.
                        "provenance": {"method": "on_record"},
                    },
                ),
            ],
        }

    def write(state: str, kind: str = HIDDEN) -> LatestUpdatesPage:
        text = world.markers[state] = marker(kind, state)
        word = world.search_words[state] = f"zq{uuid.uuid4().hex[:10]}"
        # A neutral slug: a post that was once public may be named by its path.
        post = section.add_child(
            instance=LatestUpdatesPage(
                slug=f"leak-{len(world.pages)}",
                dateline=datetime.date(2024, 12, 3),
                owner=writer,
                live=False,
                **content(text, word),
            )
        )
        post.tags.add(f"tag{text}")
        post.save_revision(user=writer)
        world.pages[state] = post = LatestUpdatesPage.objects.get(pk=post.pk)
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
        # Approved under embargo: only a partner's token may read it (news/embargo/).
        post = write("embargoed")
        submit(post, writer)
        act(post, editor, "approve", embargo_until=timezone.now() + datetime.timedelta(days=1))
        publish(write("unpublished")).unpublish()
        deleted = publish(write("deleted"))
    before_hiding(deleted)
    with committed():
        # A queryset delete underneath: the instance keeps its id for the sweeps.
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
        # Public first, then restricted.
        post = publish(write("restricted-later"))
    before_hiding(post)
    with committed():
        PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.LOGIN)

    # A live post whose newer draft, with its own tag and person, is not approved.
    with committed():
        live = publish(write("live-with-draft", VISIBLE))
        text = world.markers["newer-draft"] = marker(HIDDEN, "newer-draft")
        word = world.search_words["newer-draft"] = f"zq{uuid.uuid4().hex[:10]}"
        newer = live.get_latest_revision_as_object()
        for name, value in content(text, word).items():
            setattr(newer, name, value)
        newer.tags.add(f"tag{text}")
        newer.save_revision(user=writer)

    # A live story (public, under coverage) with an update in every state, and a
    # published update on a story readers cannot see.
    with committed():
        _live_updates(world, section, writer, editor, write, publish)

    # Media in a private collection.
    private = Collection.get_first_root_node().add_child(name="Embargoed")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    text = world.markers["private-image"] = marker(HIDDEN, "image")
    world.image = ImageFactory(title=f"Photo {text}", collection=private)
    world.image.tags.add(f"tag{text}")
    text = world.markers["private-document"] = marker(HIDDEN, "document")
    world.document = get_document_model().objects.create(
        title=f"Document {text}",
        collection=private,
        file=ContentFile(b"embargoed", name="embargoed.txt"),
    )

    world.revisions = sorted(
        {
            (page.pk, pk)
            for page in world.pages.values()
            for pk in page.revisions.values_list("pk", flat=True)
        }
    )
    return world


# Update states that must stay hidden; "update-published" is the VISIBLE control.
UPDATE_STATES = (
    "update-draft",
    "update-in-review",
    "update-changes-requested",
    "update-withdrawn",
    "update-newer-draft",
    "update-on-draft-story",
    "update-embargoed",
)


def _live_updates(
    world: World, section: Any, writer: Any, editor: Any, write: Any, publish: Any
) -> None:
    from django.utils import timezone

    from news.live.models import LiveUpdate
    from news.live.publishing import withdraw
    from news.models import Person

    def update(post: Any, state: str, kind: str = HIDDEN) -> LiveUpdate:
        text = world.markers[state] = marker(kind, state)
        word = world.search_words[state] = f"zq{uuid.uuid4().hex[:10]}"
        person = Person.objects.create(name=f"Person {text}", role="Spokesperson")
        made = LiveUpdate(
            post=post,
            author=writer,
            headline=f"Update {text}",
            body=[
                ("paragraph", f"<p>Body {text} {word}</p>"),
                (
                    "quote",
                    {
                        "text": f"Quoted {word}",
                        "speaker": person,
                        # Review needs it (docs/trust.md): the scheduled post is approved.
                        "provenance": {"method": "on_record"},
                    },
                ),
            ],
        )
        made.live = False
        made.save()
        made.save_revision(user=writer)
        return made

    def start(made: LiveUpdate) -> Any:
        made.get_workflow().start(made, writer)
        made.refresh_from_db()
        return made.current_workflow_task_state

    def approve(made: LiveUpdate) -> LiveUpdate:
        state = start(made)
        state.task.specific.on_action(state, editor, "approve")
        made.refresh_from_db()
        return made

    story = publish(write("live-story", VISIBLE))
    type(story).objects.filter(pk=story.pk).update(
        coverage_started_at=timezone.now() - datetime.timedelta(hours=1), is_running_story=True
    )
    story.refresh_from_db()
    approve(update(story, "update-published", VISIBLE))
    update(story, "update-draft")
    start(update(story, "update-in-review"))
    state = start(update(story, "update-changes-requested"))
    state.task.specific.on_action(state, editor, "reject", comment="Needs a second source")
    withdraw(approve(update(story, "update-withdrawn")), editor, "Not confirmed")
    # A published update whose newer version is not approved.
    shown = approve(update(story, "update-newer-live", VISIBLE))
    text = world.markers["update-newer-draft"] = marker(HIDDEN, "update-newer-draft")
    world.search_words["update-newer-draft"] = word = f"zq{uuid.uuid4().hex[:10]}"
    newer = shown.get_latest_revision_as_object()
    newer.headline = f"Update {text}"
    newer.body = [("paragraph", f"<p>Body {text} {word}</p>")]
    newer.save_revision(user=writer)
    start(newer)
    # An update approved under embargo (news/embargo/).
    state = start(update(story, "update-embargoed"))
    state.task.specific.on_action(
        state, editor, "approve", embargo_until=timezone.now() + datetime.timedelta(days=1)
    )
    # An approved update on a story that was never published.
    hidden_story = write("draft-live-story")
    type(hidden_story).objects.filter(pk=hidden_story.pk).update(
        coverage_started_at=timezone.now() - datetime.timedelta(hours=1), is_running_story=True
    )
    hidden_story.refresh_from_db()
    approve(update(hidden_story, "update-on-draft-story"))


def as_json(world: World) -> dict:
    """What the fuzzers read (bench/leaks/schemathesis_hooks.py, bench/leaks/sweep.py)."""
    from wagtail.models import Page, Revision

    deleted = world.pages["deleted"]
    return {
        "hidden": world.hidden,
        "visible": world.visible,
        "search_words": world.search_words,
        "pages": {
            state: {"id": page.pk, "path": f"/latest-updates/{page.slug}/"}
            for state, page in world.pages.items()
            if state != "deleted"
        }
        | {"deleted": {"id": deleted.pk, "path": f"/latest-updates/{deleted.slug}/"}},
        "revisions": world.revisions,
        "image_id": world.image.pk,
        "document_id": world.document.pk,
        "max_page_id": max(
            Page.objects.order_by("-pk").values_list("pk", flat=True)[:1][0], deleted.pk
        ),
        "max_revision_id": Revision.objects.order_by("-pk").values_list("pk", flat=True)[0],
    }


def main() -> None:
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from news.models import NewsIndexPage

    # Workflow notifications would otherwise fill the console (the dev backend).
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["writer", "editor"])
    }
    world = as_json(build(NewsIndexPage.objects.get(), users["writer"], users["editor"]))
    assert len(world["hidden"]) == HIDDEN_STATES, sorted(world["hidden"])
    with open(sys.argv[1], "w") as out:
        json.dump(world, out, indent=1)
    print(f"leaks: {len(world['hidden'])} hidden states seeded, max page id {world['max_page_id']}")


if __name__ == "__main__":
    main()
