"""API v2 errors come as application/problem+json naming what is wrong, like v3's."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("type=news.LatestUpdatesPage&published_after=yesterday", "published_after"),
        ("type=news.LatestUpdatesPage&published_before=2024-13-01", "published_before"),
        ("limit=1000", "limit"),
        ("offset=-1", "offset"),
        ("type=news.NoSuchPage", "type"),
        ("order=no_such_field", "no_such_field"),
        ("unknown_param=1", "unknown_param"),
    ],
)
def test_bad_query_is_a_400_problem_naming_the_parameter(client, site_tree, query, named):
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and body["title"] == "Bad Request"
    assert named in body["detail"]
    # Clients written for stock Wagtail read `message`.
    assert body["message"] == body["detail"]


@pytest.mark.parametrize("path", ["/api/v2/pages/999999/", "/api/v2/images/999999/"])
def test_missing_object_is_a_404_problem(client, site_tree, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


@pytest.mark.parametrize("body", ["[null, null]", "42", '"text"', "null"])
@pytest.mark.parametrize(
    ("method", "path"), [("post", "/api/v3/pages/"), ("patch", "/api/v3/pages/{id}/")]
)
def test_v3_write_with_a_body_that_is_not_an_object_is_a_422(
    client, section, editor, token_for, body, method, path
):
    response = getattr(client, method)(
        path.format(id=section.pk), data=body, content_type="application/json", **token_for(editor)
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"] == ["body"]


@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/"])
@pytest.mark.parametrize("query", ['"', 'NATO "allies', "(", "*", "a AND"])
def test_search_punctuation_is_searched_not_a_server_error(client, demo, path, query):
    response = client.get(path, {"search": query})
    assert response.status_code == 200


def test_search_finds_words_next_to_a_stray_quote(client, demo):
    response = client.get(
        "/api/v2/pages/", {"search": 'Brussels"', "type": "news.LatestUpdatesPage"}
    )
    assert [item["id"] for item in response.json()["items"]] == [demo.pk]


@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/"])
def test_search_with_a_nul_is_a_400(client, site_tree, path):
    response = client.get(path, {"search": "a\x00b"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("search:")
