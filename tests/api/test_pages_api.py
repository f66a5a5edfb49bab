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


def dated_post(section, title, day, tags=()):
    import datetime

    from django.utils import timezone

    from news.models import LatestUpdatesPage

    post = publish(section.add_child(instance=LatestUpdatesPageFactory.build(title=title)))
    post.tags.add(*tags)
    post.save_revision().publish()
    when = timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T12:00"))
    LatestUpdatesPage.objects.filter(pk=post.pk).update(first_published_at=when)
    return post


@pytest.fixture
def dated(section):
    return [
        dated_post(section, "November", "2024-11-20", ["NATO"]),
        dated_post(section, "Early December", "2024-12-02", ["NATO", "Ukraine"]),
        dated_post(section, "Mid December", "2024-12-15", ["Ukraine"]),
    ]


def titles(client, query: str) -> list[str]:
    response = client.get(f"/api/v2/pages/?type=news.LatestUpdatesPage&{query}")
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_posts_are_listed_newest_first_by_default(client, dated):
    assert titles(client, "") == ["Mid December", "Early December", "November"]
    assert titles(client, "order=title") == ["Early December", "Mid December", "November"]


def test_filter_by_tag(client, dated):
    assert titles(client, "tag=NATO") == ["Early December", "November"]
    assert titles(client, "tag=Unknown") == []


def test_filter_by_publication_dates(client, dated):
    assert titles(client, "published_after=2024-12-02") == ["Mid December", "Early December"]
    assert titles(client, "published_before=2024-12-02") == ["November"]
    assert titles(client, "published_after=2024-12-01&published_before=2024-12-10&tag=Ukraine") == [
        "Early December"
    ]


def test_filters_combine_with_search(client, dated):
    # Search results come in relevance order, so compare the set.
    assert set(titles(client, "tag=NATO&search=December")) == {"Early December"}


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("published_after=yesterday", "published_after"),
        ("published_before=2024-13-01", "published_before"),
    ],
)
def test_bad_dates_get_a_400_naming_the_parameter(client, dated, query, name):
    response = client.get(f"/api/v2/pages/?type=news.LatestUpdatesPage&{query}")
    assert response.status_code == 400
    assert response.json()["message"].startswith(f"{name}:")


def test_limit_has_a_maximum(client, dated):
    response = client.get("/api/v2/pages/?type=news.LatestUpdatesPage&limit=1000")
    assert response.status_code == 400
    assert "limit" in response.json()["message"]
