"""Malformed v3 requests that crashed Wagtail 8.0 are refused, not 500s.

cms/wagtail_fixes/v3_stream_bodies.py and v3_query_params.py hold the fixes.
"""

from __future__ import annotations

import json

import pytest

from tests.editorial.flow import draft

pytestmark = pytest.mark.django_db

PROBLEM_JSON = "application/problem+json"


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


def test_an_offset_beyond_64_bits_is_a_400(client, site_tree):
    for url in ("/api/v3/pages/", "/api/v3/images/", "/api/v3/documents/"):
        response = client.get(url, {"offset": str(2**71)})
        assert response.status_code == 400, (url, response.content)
        assert response["Content-Type"] == PROBLEM_JSON
    assert client.get("/api/v3/pages/", {"offset": str(2**63 - 1)}).status_code == 200


def test_a_revision_filter_by_a_user_id_that_cannot_be_one_is_refused_by_name(
    client, section, writer, token_for
):
    post = draft(section, writer)
    url = f"/api/v3/pages/{post.pk}/revisions/"
    response = client.get(url, {"user_id": "ÆI²"}, **token_for(writer))
    assert response.status_code in (400, 422), response.content
    assert response["Content-Type"] == PROBLEM_JSON
    body = response.json()
    named = body["detail"].startswith("user_id") or any(
        "user_id" in error.get("loc", []) for error in body.get("errors") or []
    )
    assert named, body
    found = client.get(url, {"user_id": str(writer.pk)}, **token_for(writer))
    assert found.status_code == 200
    assert found.json()["count"] >= 1


@pytest.mark.parametrize(
    "body",
    [
        [{"value": "<p>No type</p>"}],
        [{"": 1}, 7.18e16],
        [{"type": "quote", "value": "not an object"}],
        [{"type": "aid_package", "value": {"items": 5}}],
        "not a list",
    ],
)
def test_a_body_not_in_the_block_json_shape_is_a_422(client, section, writer, token_for, body):
    post = draft(section, writer)
    response = client.patch(
        f"/api/v3/pages/{post.pk}/",
        json.dumps({"meta": {"type": "news.LatestUpdatesPage"}, "body": body}),
        content_type="application/json",
        **token_for(writer),
    )
    assert response.status_code in (400, 422), response.content
    assert response["Content-Type"] == PROBLEM_JSON


@pytest.mark.parametrize("url", ["/api/v3/documents/", "/api/v3/images/", "/api/v3/pages/"])
def test_a_search_with_quotes_and_control_characters_is_not_a_server_error(client, site_tree, url):
    # SQLite's FTS5 refused `"` and control characters (a 503 "database unavailable").
    response = client.get(url, {"search": '¬Aú\x1d@w"\x16\U000d4009óq'})
    assert response.status_code in (200, 400), response.content
    assert client.get(url, {"search": "Brief"}).status_code == 200
