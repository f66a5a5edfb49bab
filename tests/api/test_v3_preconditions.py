"""Two tools editing one draft over v3: ETags name the draft, a stale If-Match is refused."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from wagtail.models import Revision

from news.models import LatestUpdatesPage
from tests.editorial.flow import draft, edit

pytestmark = pytest.mark.django_db

PAGES = "/api/v3/pages/"


def _patch(url: str, data: dict, headers: dict):
    return Client().patch(url, json.dumps(data), content_type="application/json", **headers)


def _title(title: str) -> dict:
    return {"meta": {"type": "news.LatestUpdatesPage"}, "title": title}


def _draft_etag(post, headers) -> str:
    response = Client().get(f"{PAGES}{post.pk}/?version=draft", **headers)
    assert response.status_code == 200
    return response["ETag"]


@pytest.fixture
def post(section, writer):
    return draft(section, writer)


def test_a_draft_read_names_its_latest_revision(post, writer, token_for):
    headers = token_for(writer)
    etag = _draft_etag(post, headers)
    assert etag == f'"rev-{post.latest_revision_id}-' + etag.rsplit("-", 1)[1]
    # Reading again without a change gives the same tag; a save changes it.
    assert _draft_etag(post, headers) == etag
    edit(post, writer, title="Allies meet again")
    assert _draft_etag(post, headers) != etag


def test_a_live_read_is_not_tagged_with_the_draft(post, writer, token_for):
    response = Client().get(f"{PAGES}{post.pk}/", **token_for(writer))
    # The page's own (live) fields, which the draft's ETag does not describe.
    assert response.status_code == 200
    assert "ETag" not in response


def test_a_patch_with_the_current_etag_saves_and_returns_the_next_one(post, writer, token_for):
    headers = token_for(writer)
    etag = _draft_etag(post, headers)

    response = _patch(
        f"{PAGES}{post.pk}/", _title("Ministers agree"), {**headers, "HTTP_IF_MATCH": etag}
    )

    assert response.status_code == 200, response.content
    post.refresh_from_db()
    assert post.get_latest_revision_as_object().title == "Ministers agree"
    assert response["ETag"] != etag
    assert response["ETag"] == _draft_etag(post, headers)


def test_a_patch_with_a_stale_etag_is_refused_and_writes_nothing(post, writer, token_for):
    headers = token_for(writer)
    stale = _draft_etag(post, headers)
    edit(post, writer, title="Saved by a colleague")
    revisions = Revision.objects.count()

    response = _patch(
        f"{PAGES}{post.pk}/", _title("My older change"), {**headers, "HTTP_IF_MATCH": stale}
    )

    assert response.status_code == 412
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "Stale draft"
    assert problem["type"].endswith("/stale-draft")
    assert stale in problem["detail"]
    assert "Nothing was written" in problem["detail"]
    # The answer carries the tag to retry with.
    assert response["ETag"] == _draft_etag(post, headers)
    assert Revision.objects.count() == revisions
    latest = LatestUpdatesPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    assert latest.title == "Saved by a colleague"


def test_several_tags_and_star_match_as_http_says(post, writer, token_for):
    headers = token_for(writer)
    current = _draft_etag(post, headers)
    url = f"{PAGES}{post.pk}/"

    response = _patch(url, _title("One"), {**headers, "HTTP_IF_MATCH": f'"rev-1-1", {current}'})
    assert response.status_code == 200
    response = _patch(url, _title("Two"), {**headers, "HTTP_IF_MATCH": "*"})
    assert response.status_code == 200
    # If-Match compares strongly: the weak form of the current tag is not a match.
    current = response["ETag"]
    response = _patch(url, _title("Three"), {**headers, "HTTP_IF_MATCH": f"W/{current}"})
    assert response.status_code == 412


def test_without_if_match_the_last_save_wins_as_before(post, writer, token_for):
    headers = token_for(writer)
    edit(post, writer, title="Saved by a colleague")

    response = _patch(f"{PAGES}{post.pk}/", _title("Mine"), headers)

    assert response.status_code == 200
    latest = LatestUpdatesPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    assert latest.title == "Mine"


def test_publishing_a_revision_the_editor_has_not_seen_is_refused(post, writer, editor, token_for):
    editor_headers = token_for(editor)
    seen = _draft_etag(post, editor_headers)
    edit(post, writer, title="Unreviewed change")
    url = f"{PAGES}{post.pk}/actions/publish/"

    response = Client().post(url, **editor_headers, HTTP_IF_MATCH=seen)

    assert response.status_code == 412
    assert not LatestUpdatesPage.objects.get(pk=post.pk).live

    # With the tag of what they have now read, the publish goes through.
    response = Client().post(url, **editor_headers, HTTP_IF_MATCH=_draft_etag(post, editor_headers))
    assert response.status_code == 200, response.content
    live = LatestUpdatesPage.objects.get(pk=post.pk)
    assert live.live and live.title == "Unreviewed change"


def test_if_match_reveals_nothing_to_someone_who_may_not_edit(post, token_for, django_user_model):
    outsider = django_user_model.objects.create_user("partner-site", "p@example.com", "pass")
    url = f"{PAGES}{post.pk}/"

    anonymous = _patch(url, _title("x"), {"HTTP_IF_MATCH": '"rev-1-1"'})
    refused = _patch(url, _title("x"), {**token_for(outsider), "HTTP_IF_MATCH": '"rev-1-1"'})

    assert anonymous.status_code == 401
    assert refused.status_code == 403
    assert "ETag" not in refused and "ETag" not in anonymous


def test_a_created_draft_comes_with_its_etag(section, writer, token_for):
    headers = token_for(writer)
    response = Client().post(
        PAGES,
        json.dumps(
            {
                "meta": {"type": "news.LatestUpdatesPage", "parent_id": section.pk},
                "title": "Allies meet in Brussels",
                "slug": "allies-meet",
                "standfirst": "Foreign ministers gather.",
                "dateline": "2024-12-03",
            }
        ),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    post = LatestUpdatesPage.objects.get(pk=response.json()["id"])
    assert response["ETag"] == _draft_etag(post, headers)
