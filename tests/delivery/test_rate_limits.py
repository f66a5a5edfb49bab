"""Anonymous clients are held to a per-minute limit; token holders are not."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v2/pages/"


@pytest.fixture
def limit_of_three(settings, site_tree):
    settings.API_RATE_LIMIT_ANON_PER_MINUTE = 3
    settings.API_RATE_LIMIT_TOKEN_PER_MINUTE = 0


def test_fourth_anonymous_request_in_a_minute_gets_429(client, limit_of_three):
    answers = [client.get(URL) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a["RateLimit-Remaining"] for a in answers] == ["2", "1", "0"]
    refused = client.get(URL)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 60
    body = refused.json()
    assert body["status"] == 429
    assert "3 requests per minute" in body["detail"]


def test_limits_count_each_client_address_apart(client, limit_of_three):
    for _ in range(3):
        client.get(URL, REMOTE_ADDR="10.0.0.1")
    assert client.get(URL, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get(URL, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(client, limit_of_three, settings):
    settings.API_TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        client.get(URL, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client.get(URL, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert client.get(URL, HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 200


def test_token_holders_are_exempt(client, limit_of_three, editor, token_for):
    headers = token_for(editor)
    statuses = {client.get("/api/v3/pages/", **headers).status_code for _ in range(6)}
    assert statuses == {200}


def test_token_holders_can_have_their_own_limit(
    client, limit_of_three, settings, editor, token_for
):
    settings.API_RATE_LIMIT_TOKEN_PER_MINUTE = 5
    headers = token_for(editor)
    statuses = [client.get("/api/v3/pages/", **headers).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_a_made_up_token_is_counted_as_anonymous(client, limit_of_three):
    junk = {"HTTP_AUTHORIZATION": "Bearer not-a-real-token"}
    statuses = [client.get("/api/v3/pages/", **junk).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_limit_zero_switches_limits_off(client, site_tree, settings):
    settings.API_RATE_LIMIT_ANON_PER_MINUTE = 0
    assert {client.get(URL).status_code for _ in range(5)} == {200}
    assert "RateLimit-Limit" not in client.get(URL)


def test_pages_outside_the_api_are_not_limited(client, limit_of_three):
    assert {client.get("/").status_code for _ in range(5)} == {200}
