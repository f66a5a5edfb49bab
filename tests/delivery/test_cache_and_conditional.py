"""Anonymous API reads: shared cache, strong ETags, 304s and instant invalidation.

A change only reaches readers when its transaction commits, so each change
below runs inside `committed`, which runs the on-commit work the way a real
commit would.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from news.models import Person
from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def post(section, committed):
    with committed():
        return publish(LatestUpdatesPageFactory(parent=section, title="Ministers meet"))


def detail(client, page, version="v2", **headers):
    return client.get(f"/api/{version}/pages/{page.pk}/", **headers)


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_detail_carries_a_strong_etag_and_public_cache_control(client, post, settings, version):
    settings.API_CACHE_MAX_AGE = 11
    settings.API_CACHE_S_MAXAGE = 22
    settings.API_CACHE_STALE_WHILE_REVALIDATE = 33
    response = detail(client, post, version)
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert response["Cache-Control"] == "public, max-age=11, s-maxage=22, stale-while-revalidate=33"
    assert "Authorization" in response["Vary"]


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_second_read_is_served_from_cache_without_sql(
    client, post, version, django_assert_num_queries
):
    first = detail(client, post, version)
    with django_assert_num_queries(0):
        second = detail(client, post, version)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_if_none_match_gets_304_with_no_body_and_no_sql(client, post, django_assert_num_queries):
    etag = detail(client, post)["ETag"]
    with django_assert_num_queries(0):
        response = detail(client, post, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "public" in response["Cache-Control"]
    # A list of tags and a weak form of ours both count as a match.
    assert detail(client, post, HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304
    assert detail(client, post, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_head_answers_headers_only(client, post):
    get = detail(client, post)
    head = client.head(f"/api/v2/pages/{post.pk}/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]


def test_republish_is_visible_on_the_next_request(client, post, committed):
    old = detail(client, post)
    post.title = "Ministers agree a package"
    with committed():
        publish(post)
    new = detail(client, post)
    assert new.json()["title"] == "Ministers agree a package"
    assert new["ETag"] != old["ETag"]
    assert detail(client, post, HTTP_IF_NONE_MATCH=old["ETag"]).status_code == 200


def test_new_post_appears_in_cached_listing_at_once(client, section, post, committed):
    listing = "/api/v2/pages/?type=news.LatestUpdatesPage"
    assert client.get(listing).json()["meta"]["total_count"] == 1
    with committed():
        publish(LatestUpdatesPageFactory(parent=section, title="Second update"))
    titles = [item["title"] for item in client.get(listing).json()["items"]]
    assert titles == ["Second update", "Ministers meet"]


def test_unpublish_and_delete_are_gone_on_the_next_request(client, section, post, committed):
    other = None
    with committed():
        other = publish(LatestUpdatesPageFactory(parent=section, title="To be deleted"))
    assert detail(client, post).status_code == 200
    assert detail(client, other).status_code == 200
    with committed():
        post.unpublish()
    with committed():
        other.delete()
    assert detail(client, post).status_code == 404
    assert detail(client, other).status_code == 404
    assert client.get("/api/v2/pages/?type=news.LatestUpdatesPage").json()["items"] == []


def test_renaming_a_person_updates_posts_that_quote_them(client, demo, committed):
    before = detail(client, demo).json()
    (aid,) = [b["value"] for b in before["body"] if b["type"] == "aid_package"]
    person = Person.objects.get(pk=aid["announced_by"]["id"])
    person.name = "Antony J. Blinken"
    with committed():
        person.save()
    after = detail(client, demo).json()
    (aid,) = [b["value"] for b in after["body"] if b["type"] == "aid_package"]
    assert aid["announced_by"]["name"] == "Antony J. Blinken"


def test_retitling_the_lead_image_updates_the_post(client, demo, committed):
    assert detail(client, demo).json()["lead_image"]["title"] != "Brussels, 3 December"
    image = demo.lead_image
    image.title = "Brussels, 3 December"
    with committed():
        image.save()
    assert detail(client, demo).json()["lead_image"]["title"] == "Brussels, 3 December"


def test_restricting_a_cached_post_hides_it_at_once(client, post, committed):
    assert detail(client, post).status_code == 200
    assert detail(client, post, "v3").status_code == 200
    with committed():
        PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.LOGIN)
    assert detail(client, post).status_code == 404
    assert detail(client, post, "v3").status_code == 404


def test_an_admin_session_does_not_unlock_restricted_pages_in_the_api(
    client, post, admin_user, committed
):
    with committed():
        PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(admin_user)
    # The page itself is readable on the site by a logged-in reader...
    assert client.get(post.url).status_code == 200
    # ...but the API answers as it does to everyone, so its answer can be shared.
    assert detail(client, post).status_code == 404


def test_rolled_back_publish_changes_nothing(client, post, django_capture_on_commit_callbacks):
    cached = detail(client, post)
    post.title = "Never committed"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(post)
    # The callbacks were captured, not run: as after a rollback, the cache still
    # names the old state (the database here did change, but a real rollback would undo it).
    assert callbacks
    assert detail(client, post).content == cached.content


def test_token_holders_are_not_served_from_the_shared_cache(client, post, editor, token_for):
    detail(client, post)  # warm the shared cache
    response = detail(client, post, "v3", **token_for(editor))
    assert response.status_code == 200
    assert "ETag" not in response
    assert response["Cache-Control"] == "private, no-cache"


def test_errors_are_not_cached_as_public(client, section):
    response = client.get("/api/v2/pages/999999/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-cache"


def test_first_read_after_publish_is_already_cached(
    client, post, committed, django_assert_num_queries
):
    post.title = "Ministers agree a package"
    with committed():
        publish(post)
    for version in ("v2", "v3"):
        with django_assert_num_queries(0):
            response = detail(client, post, version)
        assert response.json()["title"] == "Ministers agree a package"


def test_warm_up_can_be_switched_off(client, post, committed, settings):
    settings.API_CACHE_WARM_ON_PUBLISH = False
    with committed():
        publish(post)
    with CaptureQueriesContext(connection) as queries:
        detail(client, post)
    assert len(queries) > 0


def test_without_a_shared_cache_answers_are_built_each_time_but_still_revalidate(
    client, post, settings
):
    settings.API_RESPONSE_CACHE = False
    first = detail(client, post)
    with CaptureQueriesContext(connection) as queries:
        second = detail(client, post, HTTP_IF_NONE_MATCH=first["ETag"])
    assert len(queries) > 0  # built again: nothing was stored
    assert second.status_code == 304
    assert second["ETag"] == first["ETag"]
    assert "public" in second["Cache-Control"]


def test_renaming_the_section_moves_cached_posts_at_once(client, post, section, committed):
    assert (
        detail(client, post).json()["meta"]["html_url"].endswith("/latest-updates/ministers-meet/")
    )
    section.slug = "live"
    with committed():
        publish(section)
    html_url = detail(client, post).json()["meta"]["html_url"]
    assert html_url.endswith("/live/ministers-meet/")


@pytest.fixture
def redis_cache(settings):
    """Django's Redis cache on the local server (database 15), as production uses it.

    Under a key prefix of its own, removed afterwards, rather than FLUSHDB: CI
    runs the suite on SQLite and on PostgreSQL at the same time.
    """
    import uuid

    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"conditional-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    yield prefix
    server = redis.Redis.from_url(url)
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def test_the_cache_works_the_same_on_redis(client, post, committed, redis_cache):
    import redis
    from django.core.cache import caches

    assert type(caches["default"]).__name__ == "RedisCache"
    first = detail(client, post)
    assert any(redis.Redis.from_url("redis://127.0.0.1:6379/15").scan_iter(f"{redis_cache}:*"))
    with CaptureQueriesContext(connection) as queries:
        again = detail(client, post, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and len(queries) == 0
    post.title = "Ministers agree a package"
    with committed():
        publish(post)
    assert detail(client, post).json()["title"] == "Ministers agree a package"
