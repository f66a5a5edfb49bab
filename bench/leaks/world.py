"""`python -m bench.leaks.world OUT.json`: marker posts in every non-public state.

Run once, before the server starts, with the server's settings and database
(after `bootstrap_newsroom --demo`). Each hidden state gets a marker
("HIDDEN<state><hex>") in its title, standfirst, body, tag and a quoting
person's name, plus a neutral search word; two public posts carry VISIBLE
markers, which the sweep must find, so it is known to look where content is.
Writes the markers, ids, paths and revision ids as JSON for the fuzzers.
"""

from __future__ import annotations

import datetime
import json
import sys
import uuid

import django

HIDDEN = "HIDDEN"
VISIBLE = "VISIBLE"


def marker(kind: str, state: str) -> str:
    return f"{kind}{state.replace('-', '')}{uuid.uuid4().hex[:10]}"


def build() -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from django.utils import timezone
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

    from news.models import LatestUpdatesPage, NewsIndexPage, Person
    from tests.editorial.flow import act, submit
    from tests.factories import ImageFactory
    from tests.helpers import publish

    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["writer", "editor"])
    }
    writer, editor = users["writer"], users["editor"]
    section = NewsIndexPage.objects.get()
    markers: dict[str, str] = {}
    words: dict[str, str] = {}
    pages: dict[str, LatestUpdatesPage] = {}

    def content(text: str, word: str) -> dict:
        person = Person.objects.create(name=f"Person {text}", role="Spokesperson")
        return {
            "title": f"Update {text}",
            "standfirst": f"Standfirst {text} {word}",
            "body": [
                ("paragraph", f"<p>Body {text} {word}</p>"),
                ("quote", {"text": f"Quoted {word}", "speaker": person}),
            ],
        }

    def write(state: str, kind: str = HIDDEN) -> LatestUpdatesPage:
        text = markers[state] = marker(kind, state)
        word = words[state] = f"zq{uuid.uuid4().hex[:10]}"
        # A neutral slug: a post that was once public may be named by its path.
        post = section.add_child(
            instance=LatestUpdatesPage(
                slug=f"leak-{len(pages)}",
                dateline=datetime.date(2024, 12, 3),
                owner=writer,
                live=False,
                **content(text, word),
            )
        )
        post.tags.add(f"tag{text}")
        post.save_revision(user=writer)
        pages[state] = post = LatestUpdatesPage.objects.get(pk=post.pk)
        return post

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
    deleted_id, deleted_path = deleted.pk, f"/latest-updates/{deleted.slug}/"
    deleted.delete()
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
    post = publish(write("restricted-later"))
    PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.LOGIN)

    # A live post whose newer draft, with its own tag and person, is not approved.
    live = publish(write("live-with-draft", VISIBLE))
    text = markers["newer-draft"] = marker(HIDDEN, "newer-draft")
    word = words["newer-draft"] = f"zq{uuid.uuid4().hex[:10]}"
    newer = live.get_latest_revision_as_object()
    for name, value in content(text, word).items():
        setattr(newer, name, value)
    newer.tags.add(f"tag{text}")
    newer.save_revision(user=writer)

    private = Collection.get_first_root_node().add_child(name="Embargoed")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    text = markers["private-image"] = marker(HIDDEN, "image")
    image = ImageFactory(title=f"Photo {text}", collection=private)
    image.tags.add(f"tag{text}")
    text = markers["private-document"] = marker(HIDDEN, "document")
    document = get_document_model().objects.create(
        title=f"Document {text}",
        collection=private,
        file=ContentFile(b"embargoed", name="embargoed.txt"),
    )

    revisions = sorted(
        {
            (page.pk, pk)
            for page in pages.values()
            for pk in page.revisions.values_list("pk", flat=True)
        }
    )
    from wagtail.models import Page, Revision

    return {
        "hidden": {s: t for s, t in markers.items() if t.startswith(HIDDEN)},
        "visible": {s: t for s, t in markers.items() if t.startswith(VISIBLE)},
        "search_words": words,
        "pages": {
            state: {"id": page.pk, "path": f"/latest-updates/{page.slug}/"}
            for state, page in pages.items()
            if state != "deleted"
        }
        | {"deleted": {"id": deleted_id, "path": deleted_path}},
        "revisions": revisions,
        "image_id": image.pk,
        "document_id": document.pk,
        "max_page_id": max(
            Page.objects.order_by("-pk").values_list("pk", flat=True)[:1][0], deleted_id
        ),
        "max_revision_id": Revision.objects.order_by("-pk").values_list("pk", flat=True)[0],
    }


def main() -> None:
    django.setup()
    from django.conf import settings

    # Workflow notifications would otherwise fill the console (the dev backend).
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    world = build()
    assert len(world["hidden"]) == 13, sorted(world["hidden"])
    with open(sys.argv[1], "w") as out:
        json.dump(world, out, indent=1)
    print(f"leaks: {len(world['hidden'])} hidden states seeded, max page id {world['max_page_id']}")


if __name__ == "__main__":
    main()
