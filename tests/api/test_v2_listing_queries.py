"""A v2 listing of posts costs the same number of queries whatever its page size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ImageFactory, LatestUpdatesPageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()


@pytest.mark.parametrize("fields", ["standfirst,dateline,tags,lead_image", "*"])
def test_listing_queries_do_not_grow_with_the_page_size(client, section, settings, fields):
    for number in range(12):
        image = ImageFactory()
        for spec in settings.NEWS_IMAGE_RENDITIONS.values():
            image.get_rendition(spec)  # made once on first use; listings only read them
        post = LatestUpdatesPageFactory(parent=section, title=f"Post {number}", lead_image=image)
        post.tags.add("NATO", f"tag {number}")
        publish(post)
    base = f"/api/v2/pages/?type=news.LatestUpdatesPage&fields={fields}"
    # The first listing counts the posts and caches the count for both measured below.
    client.get(base)

    one, _ = queries_for(client, f"{base}&limit=1")
    twelve, page = queries_for(client, f"{base}&limit=12")
    assert len(page["items"]) == 12
    assert all(len(item["tags"]) == 2 for item in page["items"])
    assert all(item["lead_image"]["renditions"]["thumbnail"] for item in page["items"])
    assert twelve == one
