"""What a reader sees: home, the section, a post, search and the error pages."""

from __future__ import annotations

import pytest

from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_latest_post(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert demo.title in html
    assert 'href="/latest-updates/"' in html


def test_post_page_shows_every_structured_block(client, demo):
    response = client.get(demo.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>NATO allies rally behind Ukraine in Brussels</h1>" in html
    assert demo.standfirst in html
    # quote with a speaker from the People list, and an anonymous one
    assert "Volodymyr Zelenskyy" in html and "President of Ukraine" in html
    assert "A senior NATO diplomat, speaking anonymously" in html  # capitalised as a caption
    # aid package with its amount as readers write it, and its items
    assert "$725 million" in html
    assert "Stinger missiles" in html and "Air defence" in html
    # key developments
    assert "Key Developments" in html and "Training and capacity building" in html
    assert 'datetime="2024-12-03"' in html


def test_section_lists_live_posts_newest_first_and_hides_drafts(client, section):
    publish(section.add_child(instance=LatestUpdatesPageFactory.build(title="First update")))
    publish(section.add_child(instance=LatestUpdatesPageFactory.build(title="Second update")))
    section.add_child(instance=LatestUpdatesPageFactory.build(title="Unapproved draft"))

    html = client.get(section.url).content.decode()

    assert html.index("Second update") < html.index("First update")
    assert "Unapproved draft" not in html


def test_section_paginates_and_survives_bad_page_numbers(client, section, settings):
    settings.NEWS_INDEX_PAGE_SIZE = 2
    for number in range(5):
        publish(section.add_child(instance=LatestUpdatesPageFactory.build(title=f"Post {number}")))

    first = client.get(section.url).content.decode()
    last = client.get(section.url, {"page": 3}).content.decode()
    assert "Post 4" in first and "Post 3" in first and "Post 2" not in first
    assert "Post 0" in last and "Page 3 of 3" in last
    for bad in ("abc", "-1", "999"):
        assert client.get(section.url, {"page": bad}).status_code == 200


def test_draft_post_is_not_served(client, section):
    draft = section.add_child(instance=LatestUpdatesPageFactory.build(title="Secret"))
    response = client.get(f"{section.url}{draft.slug}/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_search_finds_live_posts_only(client, demo, section):
    section.add_child(instance=LatestUpdatesPageFactory.build(title="Brussels draft"))
    response = client.get("/search/", {"query": "Brussels"})
    assert response.status_code == 200
    html = response.content.decode()
    assert demo.title in html
    assert "Brussels draft" not in html


def test_search_without_query_shows_the_form(client, site_tree):
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'name="query"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ['"', 'Brussels"', "a\x00b", "(", "*"])
def test_site_search_takes_punctuation_without_an_error(client, demo, query):
    response = client.get("/search/", {"query": query})
    assert response.status_code == 200


@pytest.mark.django_db
def test_site_search_finds_a_word_beside_a_stray_quote(client, demo):
    response = client.get("/search/", {"query": 'Brussels"'})
    assert demo.title in response.content.decode()
