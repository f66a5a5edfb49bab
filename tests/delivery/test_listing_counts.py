"""Listing counts (v2 `total_count`, v3 `count`): counted once per listing version, always exact.

Requests carry an Authorization header, so the shared response cache is
skipped and every answer is built: what is cached is the count alone
(cms/delivery/counts.py). Changes run inside `committed`, as in
test_cache_and_conditional.py, because tokens change when a transaction commits.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db

BUILT = {"HTTP_AUTHORIZATION": "Bearer not-a-token"}
LISTINGS = {
    "v2": ("/api/v2/pages/?type=news.LatestUpdatesPage", lambda body: body["meta"]["total_count"]),
    "v3": ("/api/v3/news/posts/", lambda body: body["count"]),
}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def new_post(section, committed, title: str, tags=()):
    with committed():
        page = section.add_child(instance=LatestUpdatesPageFactory.build(title=title))
        page.tags.add(*tags)
        return publish(page)


def listing(client, version: str, query: str = "") -> tuple[int, int]:
    """The listing's count and how many COUNT queries building it ran."""
    path, count_of = LISTINGS[version]
    if query:
        path += ("&" if "?" in path else "?") + query
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **BUILT)
    assert response.status_code == 200, response.content
    counted = sum("COUNT(" in query["sql"].upper() for query in captured.captured_queries)
    return count_of(response.json()), counted


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_search_count_is_cached_per_query_and_refreshed_after_a_publish(
    client, section, committed, version
):
    new_post(section, committed, "Grain corridor reopens")
    new_post(section, committed, "Ministers meet")
    assert listing(client, version, "search=grain") == (1, 1)
    assert listing(client, version, "search=grain") == (1, 0)
    assert listing(client, version, "search=corridor") == (1, 1)  # its own entry

    new_post(section, committed, "Grain prices fall")
    assert listing(client, version, "search=grain") == (2, 1)
    assert listing(client, version, "search=grain") == (2, 0)


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_count_is_cached_and_refreshed_after_a_publish(client, section, committed, version):
    new_post(section, committed, "Ministers meet")
    assert listing(client, version) == (1, 1)
    assert listing(client, version) == (1, 0)  # the same version: no COUNT query

    new_post(section, committed, "Second update")
    assert listing(client, version) == (2, 1)
    assert listing(client, version) == (2, 0)


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_count_follows_unpublish_and_each_filter_set_has_its_own(
    client, section, committed, version
):
    first = new_post(section, committed, "Ministers meet", tags=["NATO"])
    new_post(section, committed, "Strikes overnight", tags=["Ukraine"])
    assert listing(client, version) == (2, 1)
    assert listing(client, version, "tag=NATO") == (1, 1)
    assert listing(client, version, "tag=NATO") == (1, 0)

    with committed():
        first.unpublish()
    assert listing(client, version) == (1, 1)
    assert listing(client, version, "tag=NATO") == (0, 1)
