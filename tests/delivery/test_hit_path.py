"""What a cached API hit costs, and why it is still never stale.

- Production form (Redis): one round trip per hit, rate limit included
  (cms/delivery/roundtrip.py); the body from this process's memory
  (cms/delivery/local.py), fetched again only when the tokens move.
- Embedded default (no Redis): the tokens in files every process on the
  machine reads (cms/delivery/tokens.py), so a publish made by another
  process is served on the next request.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCacheClient
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cms.delivery import cache as resilient
from cms.delivery import local, versions
from cms.delivery.tokens import FileTokenStore
from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/15"
PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_local_answers():
    local.responses.clear()
    yield
    local.responses.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def post(section, committed):
    with committed():
        return publish(LatestUpdatesPageFactory(parent=section, title="Ministers meet"))


@pytest.fixture
def production_cache(settings, monkeypatch):
    """The production cache (ResilientRedisCache on the local Redis), under a prefix of its own.

    A prefix rather than FLUSHDB: the PostgreSQL run of the suite may be using
    the same database at the same time.
    """
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"hit-{uuid.uuid4().hex[:12]}"
    monkeypatch.setattr(resilient, "_OUTAGES", {})
    settings.CACHES = {
        "default": {
            "BACKEND": "cms.delivery.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.API_CACHE_TOKEN_STORE = "cache"
    yield prefix
    server = redis.Redis.from_url(REDIS_URL)
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


@pytest.fixture
def round_trips(monkeypatch):
    """Counts the commands (or pipelines) sent to Redis: one call is one round trip."""
    sent = []
    original = redis.connection.AbstractConnection.send_packed_command

    def counting(self, command, check_health=True):
        sent.append(command)
        return original(self, command, check_health)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counting)
    return sent


def detail(client, page, **headers):
    return client.get(f"/api/v2/pages/{page.pk}/", **headers)


def test_a_cached_hit_costs_one_redis_round_trip_with_the_rate_limit_counted(
    client, post, production_cache, round_trips, settings
):
    settings.API_RATE_LIMIT_ANON_PER_MINUTE = 1000
    first = detail(client, post)
    assert first.status_code == 200
    round_trips.clear()
    with CaptureQueriesContext(connection) as queries:
        again = detail(client, post)
    assert again.status_code == 200
    assert again.content == first.content
    assert len(round_trips) == 1  # the count and the tokens, pipelined
    assert len(queries) == 0
    # The one trip did count the request.
    assert int(first["RateLimit-Remaining"]) - int(again["RateLimit-Remaining"]) == 1


def test_a_304_costs_the_same_one_round_trip(client, post, production_cache, round_trips):
    etag = detail(client, post)["ETag"]
    round_trips.clear()
    assert detail(client, post, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(round_trips) == 1


def test_the_rate_limit_still_refuses_over_the_one_trip(client, post, production_cache, settings):
    settings.API_RATE_LIMIT_ANON_PER_MINUTE = 2
    statuses = [detail(client, post).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_a_publish_seen_only_in_redis_replaces_this_processs_copy(
    client, post, production_cache, django_capture_on_commit_callbacks
):
    assert detail(client, post).json()["title"] == "Ministers meet"
    # Another app server publishes: the data changes, and that server bumps the
    # shared tokens. Here the commit hooks are not run, so only Redis says so.
    post.title = "Ministers agree a package"
    with django_capture_on_commit_callbacks(execute=False):
        publish(post)
    assert detail(client, post).json()["title"] == "Ministers meet"  # still this copy
    caches["default"].set_many(versions.fresh_tokens([versions.page_key(post.pk)]), None)
    assert detail(client, post).json()["title"] == "Ministers agree a package"


def test_redis_failing_mid_hit_answers_uncached(
    client, post, production_cache, monkeypatch, settings
):
    settings.API_RATE_LIMIT_ANON_PER_MINUTE = 5
    assert detail(client, post).status_code == 200

    def unreachable(self, *args):
        raise redis.exceptions.ConnectionError("Error 111 connecting. Connection refused.")

    # Redis stops answering: our pipeline and every plain command Django's client sends.
    monkeypatch.setattr(resilient.ResilientRedisCacheClient, "_count_and_read", unreachable)
    for operation in ("get", "get_many", "set", "add", "set_many", "delete", "incr"):
        monkeypatch.setattr(RedisCacheClient, operation, unreachable)
    for _ in range(8):  # past the limit: an outage neither counts nor refuses
        with CaptureQueriesContext(connection) as queries:
            response = detail(client, post)
        assert response.status_code == 200
        assert response.json()["title"] == "Ministers meet"
        assert "RateLimit-Remaining" not in response
    assert len(queries) > 0  # built: nothing cached could be trusted


# The embedded default: no Redis, tokens in files.


@pytest.fixture
def token_files(settings, tmp_path):
    settings.API_CACHE_TOKEN_STORE = "files"
    settings.API_CACHE_TOKEN_DIR = str(tmp_path / "tokens")
    return tmp_path / "tokens"


def test_without_redis_answers_are_cached_in_the_process(client, post, token_files):
    first = detail(client, post)
    with CaptureQueriesContext(connection) as queries:
        again = detail(client, post)
    assert len(queries) == 0
    assert again.content == first.content
    assert (token_files / versions.page_key(post.pk).replace(":", "_")).exists()


def test_without_redis_a_publish_here_is_served_at_once(client, post, token_files, committed):
    assert detail(client, post).json()["title"] == "Ministers meet"
    post.title = "Ministers agree a package"
    with committed():
        publish(post)
    assert detail(client, post).json()["title"] == "Ministers agree a package"


def test_without_redis_a_bump_by_another_process_is_served_next_request(
    client, post, token_files, django_capture_on_commit_callbacks
):
    assert detail(client, post).json()["title"] == "Ministers meet"
    post.title = "Ministers agree a package"
    with django_capture_on_commit_callbacks(execute=False):
        publish(post)
    assert detail(client, post).json()["title"] == "Ministers meet"  # nothing told us yet
    # The publishing worker (another OS process) bumps the post's token file.
    bump = (
        "import sys; from pathlib import Path; from cms.delivery.tokens import FileTokenStore; "
        "FileTokenStore(Path(sys.argv[1])).bump(sys.argv[2:])"
    )
    subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", bump, str(token_files), versions.page_key(post.pk)],
        check=True,
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    assert detail(client, post).json()["title"] == "Ministers agree a package"


def test_without_redis_a_lost_token_file_means_a_rebuild(client, post, token_files, committed):
    detail(client, post)
    Page.objects.filter(pk=post.pk).update(title="Changed behind the cache's back")
    for path in token_files.iterdir():
        path.unlink()
    with CaptureQueriesContext(connection) as queries:
        detail(client, post)
    assert len(queries) > 0


def test_the_first_process_to_create_a_token_wins(tmp_path):
    store = FileTokenStore(tmp_path)
    assert store.read(["delivery:v:listings"]) == {}
    first = store.create("delivery:v:listings", "a" * 32)
    second = store.create("delivery:v:listings", "b" * 32)
    assert first == second == "a" * 32
    store.bump(["delivery:v:listings"])
    assert store.read(["delivery:v:listings"])["delivery:v:listings"] not in ("a" * 32, "b" * 32)
    assert [p.name for p in tmp_path.iterdir()] == ["delivery_v_listings"]  # no temporaries left


def test_local_answers_stay_within_their_byte_budget(settings):
    settings.API_CACHE_LOCAL_BYTES = 100
    answers = local.LocalResponses()
    for number in range(5):
        answers.put(f"k{number}", number, 30)
    assert len(answers) == 3
    assert answers.get("k0") is None and answers.get("k4") == 4
    answers.put("huge", "x", 101)  # bigger than the whole budget: not kept
    assert answers.get("huge") is None


@pytest.mark.parametrize(
    ("redis_url", "store"), [(None, "files"), ("redis://127.0.0.1:6379/0", "cache")]
)
def test_the_default_token_store_follows_redis(redis_url, store):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "API_CACHE_TOKEN_STORE")}
    if redis_url:
        env["REDIS_URL"] = redis_url
    shown = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-c",
            "from django.conf import settings; "
            "print(settings.API_CACHE_TOKEN_STORE, settings.API_RESPONSE_CACHE)",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "cms.settings.base"},
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert shown == [store, "True"]


def test_an_unknown_token_store_is_refused_at_startup():
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", "from django.conf import settings; settings.DEBUG"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.base",
            "API_CACHE_TOKEN_STORE": "memcached",
        },
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "API_CACHE_TOKEN_STORE must be 'cache' or 'files'" in result.stderr


def test_a_redis_that_forgot_the_script_is_taught_it_again(client, post, production_cache):
    detail(client, post)
    redis.Redis.from_url(REDIS_URL).script_flush()  # as after a Redis restart
    with CaptureQueriesContext(connection) as queries:
        again = detail(client, post)
    assert again.status_code == 200
    assert len(queries) == 0  # still a hit: the tokens were read after reloading the script


def test_clear_api_cache_makes_every_process_rebuild(client, post, token_files, committed):
    import io

    from django.core.management import call_command

    detail(client, post)
    Page.objects.filter(pk=post.pk).update(title="Changed behind the cache's back")
    assert detail(client, post).json()["title"] == "Ministers meet"
    out = io.StringIO()
    with committed():  # the suite's transaction; the command itself runs in autocommit
        call_command("clear_api_cache", stdout=out)
    assert "invalidated" in out.getvalue()
    assert detail(client, post).json()["title"] == "Changed behind the cache's back"


def test_with_redis_and_token_files_the_limit_is_still_shared_in_redis(
    client, post, production_cache, settings, tmp_path
):
    settings.API_CACHE_TOKEN_STORE = "files"
    settings.API_CACHE_TOKEN_DIR = str(tmp_path / "tokens")
    settings.API_RATE_LIMIT_ANON_PER_MINUTE = 2
    statuses = [detail(client, post).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    counters = list(
        redis.Redis.from_url(REDIS_URL).scan_iter(f"{production_cache}:*:delivery:rl:*")
    )
    assert len(counters) == 1  # counted where every app server counts
