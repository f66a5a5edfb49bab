"""The admin edit view of a post costs the same number of queries whatever its tags.

The edit view opens a post from its latest revision, whose tagged items hold
only tag ids; loading each tag on its own was one query per tag.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import LatestUpdatesPage
from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db


def edit_view_queries(client, post: LatestUpdatesPage) -> tuple[int, str]:
    url = reverse("wagtailadmin_pages:edit", args=(post.pk,))
    client.get(url)  # once first: one-off work (content types, the site) is not counted
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_edit_view_queries_do_not_grow_with_the_tags(client, section, admin_user):
    client.force_login(admin_user)
    one_tag = LatestUpdatesPageFactory(parent=section, title="One tag")
    one_tag.tags.add("NATO")
    publish(one_tag)
    five_tags = LatestUpdatesPageFactory(parent=section, title="Five tags")
    five_tags.tags.add("NATO", "Ukraine", "grain", "Black Sea", "energy")
    publish(five_tags)

    one, _ = edit_view_queries(client, one_tag)
    five, page = edit_view_queries(client, five_tags)

    # The form still shows every tag, read from the revision.
    for name in ("NATO", "Ukraine", "grain", "Black Sea", "energy"):
        assert name in page
    assert five == one


def test_edit_view_shows_a_draft_s_tags(client, section, admin_user):
    """Tags changed in a draft (not yet in the database's tag rows) are the ones shown."""
    client.force_login(admin_user)
    post = LatestUpdatesPageFactory(parent=section)
    post.tags.add("NATO")
    publish(post)
    draft = post.get_latest_revision_as_object()
    draft.tags.set(["sanctions", "EU"])
    draft.save_revision()

    _, page = edit_view_queries(client, post)

    assert "sanctions" in page and "EU" in page
