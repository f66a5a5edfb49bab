"""What an API token reads over v3: everything public, plus what its owner edits.

A partner site holds a token whose owner has no editing rights; writers' and
editors' tools hold their own tokens. None of them may see less than an
anonymous reader, and only editing rights add anything.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests.editorial.flow import draft, edit
from tests.factories import ImageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db

PAGES = "/api/v3/pages/"


@pytest.fixture
def reader(django_user_model, token_for) -> dict:
    user = django_user_model.objects.create_user("partner-site", "p@example.com", "pass")
    return token_for(user)


@pytest.fixture
def posts(section, writer) -> dict:
    live = publish(draft(section, writer, title="Allies meet in Brussels"))
    members = publish(draft(section, writer, title="Members-only briefing"))
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    return {
        "live": live,
        "members": members,
        "draft": draft(section, writer, title="Unapproved draft"),
        # A live post whose newer draft is not approved.
        "edited": edit(live, writer, title="Allies meet again, unapproved"),
    }


@pytest.fixture
def embargoed() -> dict:
    private = Collection.get_first_root_node().add_child(name="Embargoed")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    return {
        "image": ImageFactory(title="Embargoed photo", collection=private),
        "document": get_document_model().objects.create(
            title="Embargoed memo", collection=private, file=ContentFile(b"x", name="memo.txt")
        ),
    }


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_a_read_only_token_reads_what_anonymous_readers_read(posts, reader):
    live = posts["live"]
    anonymous = Client().get(f"{PAGES}?limit=100")
    with_token = Client().get(f"{PAGES}?limit=100", **reader)
    # Before, Wagtail 8.0 gave a token with no editing rights an empty listing.
    assert live.pk in ids(with_token)
    assert ids(with_token) == ids(anonymous)

    detail = Client().get(f"{PAGES}{live.pk}/", **reader)
    assert detail.status_code == 200
    assert detail.json()["title"] == "Allies meet in Brussels"
    found = Client().get(f"{PAGES}find/?html_path=/latest-updates/{live.slug}/", **reader)
    assert found.status_code == 302


def test_a_read_only_token_does_not_lift_restrictions_or_show_drafts(posts, reader):
    listed = ids(Client().get(f"{PAGES}?limit=100", **reader))
    assert posts["members"].pk not in listed
    assert posts["draft"].pk not in listed
    for post in ("members", "draft"):
        assert Client().get(f"{PAGES}{posts[post].pk}/", **reader).status_code == 404

    # The unapproved draft of a live post is for its editors only.
    response = Client().get(f"{PAGES}{posts['live'].pk}/?version=draft", **reader)
    assert response.status_code == 403
    assert b"unapproved" not in response.content
    assert response["Content-Type"] == "application/problem+json"


def test_a_read_only_token_does_not_list_restricted_media(embargoed, reader):
    for kind in ("image", "document"):
        url = f"/api/v3/{kind}s/"
        assert embargoed[kind].pk not in ids(Client().get(url, **reader)), kind
        assert Client().get(f"{url}{embargoed[kind].pk}/", **reader).status_code == 404, kind


def test_a_writer_token_adds_the_writers_drafts(posts, writer, token_for):
    headers = token_for(writer)
    listed = ids(Client().get(f"{PAGES}?limit=100", **headers))
    assert {posts["live"].pk, posts["draft"].pk} <= listed

    response = Client().get(f"{PAGES}{posts['live'].pk}/?version=draft", **headers)
    assert response.status_code == 200
    assert response.json()["title"] == "Allies meet again, unapproved"


def test_an_editor_token_lists_the_images_editors_may_choose(embargoed, editor, token_for):
    headers = token_for(editor)
    assert embargoed["image"].pk in ids(Client().get("/api/v3/images/", **headers))
    # Editors have no rights on documents, so the restricted memo stays hidden.
    assert embargoed["document"].pk not in ids(Client().get("/api/v3/documents/", **headers))
