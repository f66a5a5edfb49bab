"""Wagtail API v2 serves whole posts, with typed blocks, and never a draft."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db

LISTING = "/api/v2/pages/?type=news.LatestUpdatesPage&fields=*"


def test_listing_returns_the_demo_post_with_its_aid_package(client, demo):
    response = client.get(LISTING)
    assert response.status_code == 200
    (post,) = response.json()["items"]
    assert post["title"] == demo.title
    assert post["standfirst"] == demo.standfirst
    assert post["dateline"] == "2024-12-03"
    assert sorted(post["tags"]) == sorted(["military aid", "NATO", "Ukraine"])
    aid = next(block["value"] for block in post["body"] if block["type"] == "aid_package")
    assert aid["amount"] == "725000000"
    assert aid["currency"] == "USD"
    assert aid["amount_display"] == "$725 million"
    assert aid["announced_by"]["name"] == "Antony Blinken"


def test_lead_image_comes_with_absolute_rendition_urls(client, demo, settings):
    post = client.get(f"/api/v2/pages/{demo.pk}/").json()
    image = post["lead_image"]
    assert image["width"] == 1200 and image["height"] == 675
    assert set(image["renditions"]) == {"thumbnail", "medium", "large"}
    thumbnail = image["renditions"]["thumbnail"]
    assert (thumbnail["width"], thumbnail["height"]) == (400, 225)
    assert thumbnail["url"].startswith("http://testserver/media/images/")
    relative = thumbnail["url"].removeprefix("http://testserver/media/")
    assert (Path(settings.MEDIA_ROOT) / relative).is_file(), "the rendition file was made"


def test_every_block_in_the_body_has_type_value_and_id(client, demo):
    body = client.get(f"/api/v2/pages/{demo.pk}/").json()["body"]
    assert {block["type"] for block in body} == {
        "paragraph",
        "heading",
        "quote",
        "aid_package",
        "key_developments",
        "image",
    }
    assert all(set(block) == {"type", "value", "id"} for block in body)


def test_drafts_never_appear(client, section):
    section.add_child(instance=LatestUpdatesPageFactory.build(title="Unapproved"))
    live = publish(section.add_child(instance=LatestUpdatesPageFactory.build(title="Approved")))

    items = client.get(LISTING).json()["items"]
    assert [item["title"] for item in items] == ["Approved"]
    draft_id = section.get_children().get(title="Unapproved").pk
    assert client.get(f"/api/v2/pages/{draft_id}/").status_code == 404
    assert client.get(f"/api/v2/pages/{live.pk}/").status_code == 200


def test_unpublished_changes_to_a_live_post_stay_private(client, section):
    post = publish(section.add_child(instance=LatestUpdatesPageFactory.build(title="Approved")))
    post.title = "Edited but not approved"
    post.save_revision()

    data = client.get(f"/api/v2/pages/{post.pk}/").json()
    assert data["title"] == "Approved"


def test_bad_query_gets_a_clear_400(client, site_tree):
    response = client.get("/api/v2/pages/?type=news.NoSuchPage")
    assert response.status_code == 400
    assert "type" in response.json()["message"]
    response = client.get("/api/v2/pages/?limit=abc")
    assert response.status_code == 400
