"""/healthz and /readyz: what load balancers see, in health and in outages."""

from __future__ import annotations

import logging

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import OperationalError, connections

pytestmark = pytest.mark.django_db


class BrokenCache(LocMemCache):
    """A cache whose server has gone away."""

    def get(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")

    def set(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")


@pytest.fixture
def broken_database(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connections["default"], "cursor", refuse)


@pytest.fixture
def broken_cache(settings):
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.BrokenCache"}}


def assert_probe_headers(response) -> None:
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_healthz_answers_without_database_or_cache(
    client, broken_database, broken_cache, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert_probe_headers(response)


def test_readyz_reports_each_check_with_its_time(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "cache"}
    for check in body["checks"].values():
        assert check["ok"] is True
        assert isinstance(check["ms"], float)
        assert check["ms"] >= 0
    assert_probe_headers(response)


def test_readyz_leaves_no_probe_keys_in_the_cache(client):
    from django.core.cache import cache

    client.get("/readyz")
    assert not any(key for key in cache._cache if "readyz" in key)


def test_database_outage_is_a_503_problem_not_a_500(client, broken_database, caplog):
    with caplog.at_level(logging.WARNING):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["title"] == "Not ready"
    assert body["status"] == 503
    assert body["detail"] == "database unreachable"
    assert "type" in body
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["cache"]["ok"] is True
    assert "Traceback" not in response.content.decode()
    assert_probe_headers(response)
    # Expected outages are warnings from the probe, not errors from django.request.
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not any(r.exc_info for r in caplog.records)


def test_cache_outage_is_a_503_problem(client, broken_cache, caplog):
    with caplog.at_level(logging.WARNING):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["detail"] == "cache unreachable"
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    assert_probe_headers(response)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_both_outages_are_named(client, broken_database, broken_cache):
    body = client.get("/readyz").json()
    assert body["detail"] == "database and cache unreachable"


def test_a_cache_that_forgets_is_not_ready(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["detail"] == "cache unreachable"


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_read_only(client, path):
    assert client.get(path).status_code == 200
    assert client.head(path).status_code == 200
    assert client.post(path).status_code == 405


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_not_rate_limited(client, settings, path):
    settings.API_RATE_LIMIT_ANON_PER_MINUTE = 1
    answers = [client.get(path) for _ in range(5)]
    assert {a.status_code for a in answers} == {200}
    assert "RateLimit-Limit" not in answers[-1]


def test_probes_follow_host_checking(client):
    # Not exempt from ALLOWED_HOSTS: a probe must send an allowed Host header.
    assert client.get("/healthz", HTTP_HOST="10.1.2.3").status_code == 400
