"""v2 search ranks the newest matches by relevance, then lists older ones newest first.

Ranking costs a `ts_rank` per match, so only the newest
NEWS_SEARCH_RELEVANCE_WINDOW matches are ranked (cms/delivery/search_ranking.py);
every match is still listed once and counted. Search counts are cached like
listing counts: tests/delivery/test_listing_counts.py.
"""

from __future__ import annotations

import pytest

from tests.api.test_v3_posts import post

pytestmark = pytest.mark.django_db


@pytest.fixture
def grain(section):
    """Four posts about grain, oldest first; the oldest and the third are the most relevant."""
    return [
        post(section, "Grain corridor reopens", "2024-01-01T09:00",
             standfirst="Grain ships sail.", body=[("paragraph", "<p>Grain, grain, grain.</p>")]),
        post(section, "Talks in Brussels", "2024-02-01T09:00",
             body=[("paragraph", "<p>Ministers mentioned grain once.</p>")]),
        post(section, "Grain deal signed", "2024-03-01T09:00",
             standfirst="Grain exports resume.", body=[("paragraph", "<p>Grain and grain.</p>")]),
        post(section, "Strikes on Kharkiv", "2024-04-01T09:00",
             body=[("paragraph", "<p>A grain store was hit.</p>")]),
    ]  # fmt: skip


def v2_titles(client, **params) -> tuple[list[str], int]:
    response = client.get(
        "/api/v2/pages/", {"type": "news.LatestUpdatesPage", "search": "grain", **params}
    )
    assert response.status_code == 200, response.content
    data = response.json()
    return [item["title"] for item in data["items"]], data["meta"]["total_count"]


def test_the_newest_matches_are_ranked_then_older_ones_follow_newest_first(client, grain, settings):
    settings.NEWS_SEARCH_RELEVANCE_WINDOW = 2

    found, total = v2_titles(client)

    # The two newest by relevance (the deal beats the newer strike), then the rest by date,
    # even the most relevant post of all, which is too old for the window.
    assert found == [
        "Grain deal signed",
        "Strikes on Kharkiv",
        "Talks in Brussels",
        "Grain corridor reopens",
    ]
    assert total == 4


def test_pages_across_the_window_edge_list_every_match_once(client, grain, settings):
    settings.NEWS_SEARCH_RELEVANCE_WINDOW = 2
    whole, _ = v2_titles(client)

    pages = [v2_titles(client, limit=str(1), offset=str(offset))[0] for offset in range(4)]
    straddling, total = v2_titles(client, limit="2", offset="1")

    assert [title for page in pages for title in page] == whole
    assert straddling == whole[1:3]
    assert total == 4
    assert v2_titles(client, offset="4")[0] == []


def test_fewer_matches_than_the_window_are_all_ranked(client, grain, settings):
    settings.NEWS_SEARCH_RELEVANCE_WINDOW = 10

    found, total = v2_titles(client)

    assert set(found[:2]) == {"Grain corridor reopens", "Grain deal signed"}
    assert set(found[2:]) == {"Talks in Brussels", "Strikes on Kharkiv"}
    assert total == 4


def test_an_explicit_order_is_not_ranked(client, grain, settings):
    settings.NEWS_SEARCH_RELEVANCE_WINDOW = 2

    found, total = v2_titles(client, order="title")

    assert found == sorted(found)
    assert total == 4
