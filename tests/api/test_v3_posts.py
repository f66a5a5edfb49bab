"""GET /api/v3/news/posts/: live public posts, newest first, filtered like API v2."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.models import LatestUpdatesPage
from tests.factories import ImageFactory, LatestUpdatesPageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db
POSTS = "/api/v3/news/posts/"


def post(section, title: str, when: str | None = None, tags=(), **fields) -> LatestUpdatesPage:
    """A published post; `when` ("YYYY-MM-DDTHH:MM", newsroom time) sets its first publication."""
    page = publish(
        section.add_child(instance=LatestUpdatesPageFactory.build(title=title, **fields))
    )
    if tags:
        page.tags.add(*tags)
        publish(page)
    if when:
        moment = timezone.make_aware(datetime.datetime.fromisoformat(when))
        LatestUpdatesPage.objects.filter(pk=page.pk).update(first_published_at=moment)
        page.refresh_from_db()
    return page


def listing(client, **params) -> dict:
    response = client.get(POSTS, params)
    assert response.status_code == 200, response.content
    return response.json()


def titles(client, **params) -> list[str]:
    return [item["title"] for item in listing(client, **params)["items"]]


@pytest.fixture
def dated(section):
    return [
        post(section, "November", "2024-11-20T12:00", ["NATO"]),
        post(section, "Early December", "2024-12-02T12:00", ["NATO", "Ukraine"]),
        post(section, "Mid December", "2024-12-15T12:00", ["Ukraine"]),
    ]


def test_posts_are_listed_newest_first_with_typed_summaries(client, dated):
    data = listing(client)
    assert data["count"] == 3
    assert [item["title"] for item in data["items"]] == [
        "Mid December",
        "Early December",
        "November",
    ]
    item, page = data["items"][1], dated[1]
    assert item == {
        "id": page.pk,
        "title": "Early December",
        "slug": page.slug,
        "standfirst": page.standfirst,
        "dateline": "2024-12-03",
        "tags": ["NATO", "Ukraine"],
        "first_published_at": item["first_published_at"],
        "last_published_at": item["last_published_at"],
        "url_path": f"/latest-updates/{page.slug}/",
        "html_url": page.get_full_url(),
        "detail_url": f"http://testserver/api/v3/pages/{page.pk}/",
        "lead_image": None,
        "embargoed": False,
        "embargo_until": None,
    }
    assert datetime.datetime.fromisoformat(item["first_published_at"]) == page.first_published_at
    assert client.get(item["detail_url"]).json()["title"] == "Early December"


def test_equal_publication_times_are_ordered_by_id_newest_first(client, section):
    first = post(section, "First", "2024-12-02T12:00")
    second = post(section, "Second", "2024-12-02T12:00")
    assert [item["id"] for item in listing(client)["items"]] == [second.pk, first.pk]


def test_the_demo_post_summary_matches_its_v2_fields(client, demo):
    (item,) = listing(client)["items"]
    v2 = client.get(f"/api/v2/pages/{demo.pk}/").json()
    assert item["lead_image"] == v2["lead_image"]
    assert item["lead_image"]["renditions"]["thumbnail"]["width"] == 400
    assert item["tags"] == sorted(v2["tags"])
    assert item["html_url"] == v2["meta"]["html_url"]


def test_filter_by_tag(client, dated):
    assert titles(client, tag="NATO") == ["Early December", "November"]
    assert titles(client, tag="nato") == []
    assert titles(client, tag="Unknown") == []


def test_publication_date_boundaries(client, section):
    post(section, "Last minute of 1 Dec", "2024-12-01T23:59:59")
    post(section, "Midnight 2 Dec", "2024-12-02T00:00")
    # On or after the start of the day...
    assert titles(client, published_after="2024-12-02") == ["Midnight 2 Dec"]
    # ...and strictly before the start of the day.
    assert titles(client, published_before="2024-12-02") == ["Last minute of 1 Dec"]
    assert titles(client, published_after="2024-12-01", published_before="2024-12-03") == [
        "Midnight 2 Dec",
        "Last minute of 1 Dec",
    ]
    assert titles(client, published_after="2024-12-02", published_before="2024-12-02") == []


def test_days_are_in_the_newsroom_time_zone(client, section, settings):
    settings.TIME_ZONE = "Europe/Kyiv"  # UTC+2 in December
    late = post(section, "Late on 1 Dec in UTC")
    moment = datetime.datetime(2024, 12, 1, 23, 0, tzinfo=datetime.UTC)  # 01:00 on 2 Dec in Kyiv
    LatestUpdatesPage.objects.filter(pk=late.pk).update(first_published_at=moment)
    assert titles(client, published_after="2024-12-02") == ["Late on 1 Dec in UTC"]
    assert titles(client, published_before="2024-12-02") == []


@pytest.mark.parametrize(
    "params",
    [
        {"tag": "NATO"},
        {"published_after": "2024-12-02"},
        {"published_before": "2024-12-02"},
        {"published_after": "2024-12-01", "published_before": "2024-12-10", "tag": "Ukraine"},
        {"tag": ""},
    ],
)
def test_filters_mean_the_same_as_in_v2(client, dated, params):
    v2 = client.get("/api/v2/pages/", {"type": "news.LatestUpdatesPage", **params})
    assert v2.status_code == 200
    assert titles(client, **params) == [item["title"] for item in v2.json()["items"]]


def test_search_finds_words_in_the_body_or_title_only_in_matching_posts(client, section):
    post(
        section,
        "Talks in Brussels",
        "2024-12-01T12:00",
        body=[("paragraph", "<p>Ministers met at Ramstein air base.</p>")],
    )
    post(section, "Strikes on Kharkiv", "2024-12-02T12:00", tags=["Ukraine"])
    post(section, "Kharkiv rebuilds", "2024-12-03T12:00")
    assert titles(client, search="Ramstein") == ["Talks in Brussels"]
    # Newest first, not by relevance, so a search pages as stably as the listing.
    data = listing(client, search="Kharkiv")
    assert data["count"] == 2
    assert [item["title"] for item in data["items"]] == ["Kharkiv rebuilds", "Strikes on Kharkiv"]
    assert titles(client, search="Kharkiv", tag="Ukraine") == ["Strikes on Kharkiv"]
    assert titles(client, search="Kharkiv", limit="1", offset="1") == ["Strikes on Kharkiv"]
    assert titles(client, search="Zaporizhzhia") == []
    assert titles(client, search='"Ramstein"') == ["Talks in Brussels"]
    # An empty search is no search.
    assert len(titles(client, search="  ")) == 3


def test_v2_search_combines_with_the_tag_filter(client, section):
    post(section, "Strikes on Kharkiv", "2024-12-02T12:00", tags=["Ukraine"])
    post(section, "Kharkiv rebuilds", "2024-12-03T12:00")
    response = client.get(
        "/api/v2/pages/", {"type": "news.LatestUpdatesPage", "search": "Kharkiv", "tag": "Ukraine"}
    )
    assert [item["title"] for item in response.json()["items"]] == ["Strikes on Kharkiv"]


def test_limit_and_offset_page_through_the_count(client, section):
    for day in range(1, 6):
        post(section, f"Day {day}", f"2024-12-0{day}T12:00")
    first = listing(client, limit="2")
    assert first["count"] == 5
    assert [item["title"] for item in first["items"]] == ["Day 5", "Day 4"]
    assert titles(client, limit="2", offset="2") == ["Day 3", "Day 2"]
    assert titles(client, limit="2", offset="4") == ["Day 1"]
    beyond = listing(client, offset="10")
    assert beyond == {"count": 5, "items": []}


def test_default_limit_is_20_and_the_maximum_is_wagtailapi_limit_max(client, section, settings):
    for number in range(21):
        post(section, f"Post {number}")
    assert len(titles(client)) == 20
    settings.WAGTAILAPI_LIMIT_MAX = 21
    assert len(titles(client, limit="21")) == 21
    response = client.get(POSTS, {"limit": "22"})
    assert response.status_code == 400
    assert response.json()["detail"] == "limit: must be a whole number from 1 to 21."


def test_only_live_public_posts_are_listed_whatever_the_auth(client, section, editor, token_for):
    live = post(section, "Live")
    section.add_child(instance=LatestUpdatesPageFactory.build(title="Draft"))
    withdrawn = post(section, "Withdrawn")
    withdrawn.unpublish()
    for kind, title in [(PageViewRestriction.PASSWORD, "Password"), ("login", "Login")]:
        restricted = post(section, title)
        PageViewRestriction.objects.create(page=restricted, restriction_type=kind, password="x")
    # A live post's unapproved changes stay private too.
    live.title = "Edited but not approved"
    live.save_revision()

    assert titles(client) == ["Live"]
    assert titles(client, **{"search": "Draft"}) == []
    client.force_login(editor)  # a session never counts in v3
    assert titles(client) == ["Live"]
    client.logout()
    response = client.get(POSTS, **token_for(editor))
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Live"]


def test_unknown_parameters_are_ignored(client, dated):
    assert len(titles(client, colour="blue", order="title")) == 3


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "abc"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "-1"}, "limit"),
        ({"limit": "1.5"}, "limit"),
        ({"limit": "²"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"offset": "abc"}, "offset"),
        ({"offset": str(2**64)}, "offset"),
        ({"offset": "1" * 5000}, "offset"),
        ({"tag": "NATO\x00"}, "tag"),
        ({"search": "Kharkiv\x00"}, "search"),
        ({"published_after": "yesterday"}, "published_after"),
        ({"published_after": "20241201"}, "published_after"),
        ({"published_after": "0001-01-01T00:00"}, "published_after"),
        ({"published_before": "2024-13-01"}, "published_before"),
        ({"published_before": "2024-02-30"}, "published_before"),
    ],
)
def test_bad_parameters_get_a_problem_json_400_naming_them(client, site_tree, params, name):
    response = client.get(POSTS, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"].startswith(f"{name}:")


@pytest.mark.parametrize(
    "query", ['"', 'a"b', '""', "*", "NATO AND", "OR", "(", "-", "NEAR(a b)", "a:b", "'"]
)
def test_odd_search_strings_are_just_searched(client, dated, query):
    assert isinstance(listing(client, search=query)["items"], list)


def test_v2_rejects_the_same_bad_dates(client, site_tree):
    response = client.get(
        "/api/v2/pages/", {"type": "news.LatestUpdatesPage", "published_after": "20241201"}
    )
    assert response.status_code == 400
    assert "published_after" in response.content.decode()


def count_queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        listing(client, **params)
    return len(queries)


@pytest.mark.parametrize("search", [None, "Ministers"])
def test_queries_do_not_grow_with_the_page_size(
    client, section, settings, django_assert_max_num_queries, search
):
    for number in range(20):
        image = ImageFactory()
        post(section, f"Post {number}", lead_image=image, tags=["NATO", f"tag {number}"])
        # Renditions are made once, on first use; the listing then only reads them.
        for spec in settings.NEWS_IMAGE_RENDITIONS.values():
            image.get_rendition(spec)
    params = {"search": search} if search else {}

    one = count_queries(client, limit="1", **params)
    with django_assert_max_num_queries(one):
        page = listing(client, limit="20", **params)
    assert len(page["items"]) == 20
    assert all(item["lead_image"]["renditions"]["medium"] for item in page["items"])
    assert all(len(item["tags"]) == 2 for item in page["items"])


def test_the_change_feed_still_shares_the_news_prefix(client, dated):
    response = client.get("/api/v3/news/changes/")
    assert response.status_code == 200
    assert {item["page_id"] for item in response.json()["items"]} == {p.pk for p in dated}
