"""Outages the app must survive: Redis (cms/delivery/cache.py), PostgreSQL (cms/health/outage.py).

The live drills (bench/faults/, `make test-faults`) break real servers; these
pin the same behaviour down without any server.
"""

from __future__ import annotations

import logging

import pytest
import redis
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCacheClient
from django.db import OperationalError, connections

from cms.delivery import cache as resilient
from cms.delivery import versions
from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db


class FakeRedis:
    """Stands in for the Redis server behind Django's client: a dict that can go down."""

    def __init__(self) -> None:
        self.data: dict = {}
        self.down = False
        self.calls = 0

    def check(self) -> None:
        self.calls += 1
        if self.down:
            raise redis.exceptions.ConnectionError("Error 111 connecting. Connection refused.")


@pytest.fixture
def fake_redis(monkeypatch, settings):
    server = FakeRedis()

    def op(body):
        def run(self, *args):
            server.check()
            return body(*args)

        return run

    data = server.data
    monkeypatch.setattr(RedisCacheClient, "get", op(lambda key, default: data.get(key, default)))
    monkeypatch.setattr(
        RedisCacheClient, "set", op(lambda key, value, timeout: data.update({key: value}))
    )
    monkeypatch.setattr(
        RedisCacheClient,
        "add",
        op(lambda key, value, timeout: data.setdefault(key, value) is value),
    )
    monkeypatch.setattr(
        RedisCacheClient, "get_many", op(lambda keys: {k: data[k] for k in keys if k in data})
    )
    monkeypatch.setattr(
        RedisCacheClient, "set_many", op(lambda values, timeout: data.update(values))
    )
    monkeypatch.setattr(RedisCacheClient, "delete", op(lambda key: data.pop(key, None) is not None))
    monkeypatch.setattr(resilient, "_OUTAGES", {})
    settings.CACHES = {
        "default": {
            "BACKEND": "cms.delivery.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # never contacted: the methods above are
            "KEY_PREFIX": "cms",
        }
    }
    return server


def test_reads_miss_and_writes_are_dropped_while_redis_is_down(fake_redis, caplog):
    cache.set("kept", "before")
    fake_redis.down = True
    with caplog.at_level(logging.WARNING, logger="cms.delivery.cache"):
        assert cache.get("kept", "default") == "default"
        cache.set("lost", "value")
        assert cache.get_many(["kept"]) == {}
        assert cache.add("other", 1) is False
    warnings = [r for r in caplog.records if "Cache unreachable" in r.getMessage()]
    assert len(warnings) == 1  # once per outage, not once per operation


def test_an_unreachable_redis_is_not_retried_on_every_operation(fake_redis, monkeypatch):
    monkeypatch.setattr(resilient, "RETRY_AFTER_SECONDS", 60)
    fake_redis.down = True
    cache.get("a")
    calls = fake_redis.calls
    for _ in range(20):
        cache.get("a")
        cache.set("b", 1)
    assert fake_redis.calls == calls


def test_a_bump_lost_in_an_outage_invalidates_everything_when_redis_returns(
    fake_redis, monkeypatch, caplog
):
    monkeypatch.setattr(resilient, "RETRY_AFTER_SECONDS", 0)
    before = versions.current([versions.STRUCTURE, versions.LISTINGS])
    fake_redis.down = True
    versions.bump_listings()  # a publish while Redis is unreachable: the bump is lost
    fake_redis.down = False  # Redis returns with its old data, old tokens included
    with caplog.at_level(logging.WARNING, logger="cms.delivery.cache"):
        after = versions.current([versions.STRUCTURE, versions.LISTINGS])
    assert after.split(".")[0] != before.split(".")[0]  # structure: every answer depends on it
    assert after.split(".")[1] != before.split(".")[1]
    assert any("invalidated" in r.getMessage() for r in caplog.records)
    # Once only: later operations use the new tokens as they are.
    assert versions.current([versions.STRUCTURE, versions.LISTINGS]) == after


def test_failed_reads_alone_do_not_invalidate(fake_redis, monkeypatch):
    monkeypatch.setattr(resilient, "RETRY_AFTER_SECONDS", 0)
    before = versions.current([versions.STRUCTURE, versions.LISTINGS])
    fake_redis.down = True
    cache.get("anything")
    fake_redis.down = False
    assert versions.current([versions.STRUCTURE, versions.LISTINGS]) == before


def test_a_post_published_during_a_redis_outage_is_not_served_stale_afterwards(
    fake_redis, monkeypatch, client, section, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(resilient, "RETRY_AFTER_SECONDS", 0)
    with django_capture_on_commit_callbacks(execute=True):
        post = publish(LatestUpdatesPageFactory(parent=section, title="Before the outage"))
    url = f"/api/v2/pages/{post.pk}/"
    assert client.get(url).json()["title"] == "Before the outage"  # now cached
    fake_redis.down = True
    post.title = "During the outage"
    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
    assert client.get(url).json()["title"] == "During the outage"  # from the database
    fake_redis.down = False  # back, with the answer cached before the outage
    assert client.get(url).json()["title"] == "During the outage"


class TestDatabaseOutage:
    @pytest.fixture
    def broken_database(self, monkeypatch):
        def refuse(*args, **kwargs):
            raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

        monkeypatch.setattr(connections["default"], "cursor", refuse)

    @pytest.mark.parametrize(
        "path",
        ["/api/v2/pages/", "/api/v3/news/posts/", "/latest-updates/"],
    )
    def test_answers_503_problem_json_with_retry_after(
        self, client, section, broken_database, caplog, path
    ):
        with caplog.at_level(logging.WARNING):
            response = client.get(path, HTTP_ACCEPT="text/html")
        assert response.status_code == 503
        assert response["Content-Type"] == "application/problem+json"
        assert response["Retry-After"] == "5"
        assert response.json()["status"] == 503
        assert b"Traceback" not in response.content
        messages = [r.getMessage() for r in caplog.records]
        assert any("Database unavailable" in m for m in messages)
        assert not any(r.exc_info for r in caplog.records)

    def test_an_outage_after_the_view_answered_is_a_503_too(
        self, section, monkeypatch, caplog, django_capture_on_commit_callbacks
    ):
        """The page was served, then PostgreSQL went away while middleware labelled it."""
        from django.test import Client

        from cms.delivery import surrogate

        with django_capture_on_commit_callbacks(execute=True):
            post = publish(LatestUpdatesPageFactory(parent=section, title="Labelled late"))

        def refuse(page):
            raise OperationalError("consuming input failed: server closed the connection")

        monkeypatch.setattr(surrogate, "page_keys", refuse)
        client = Client(raise_request_exception=False)
        with caplog.at_level(logging.WARNING):
            response = client.get(post.url, HTTP_ACCEPT="text/html")
        assert response.status_code == 503
        assert response["Content-Type"] == "application/problem+json"
        assert response["Retry-After"] == "5"
        assert any("Database unavailable" in r.getMessage() for r in caplog.records)
        assert not any(r.exc_info for r in caplog.records)  # one line, no traceback

    def test_other_errors_are_not_disguised(self, client, monkeypatch):
        from cms.health.outage import DatabaseOutageMiddleware

        middleware = DatabaseOutageMiddleware(lambda request: None)
        assert middleware.process_exception(None, ValueError("a bug")) is None
