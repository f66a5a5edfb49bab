"""Malformed v3 requests that crashed Wagtail 8.0 are refused, not 500s (cms/v3_bad_input.py)."""

from __future__ import annotations

import json

import pytest

from cms import v3_bad_input
from tests.editorial.flow import draft

pytestmark = pytest.mark.django_db

PROBLEM_JSON = "application/problem+json"


def test_the_fixes_are_installed():
    assert v3_bad_input.installed()


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


def test_a_revision_filter_by_a_user_id_that_cannot_be_one_is_a_422(
    client, section, writer, token_for
):
    post = draft(section, writer)
    url = f"/api/v3/pages/{post.pk}/revisions/"
    response = client.get(url, {"user_id": "ÆI²"}, **token_for(writer))
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["loc"] == ["query", "user_id"]
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
