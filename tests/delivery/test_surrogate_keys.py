"""Surrogate keys: every shareable answer names what it shows, and each change
purges exactly the keys of what it changed.

Purges are sent to a recording stand-in for Varnish (tests/delivery/edge.py),
through the outbox, after the change commits.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.live.models import LiveUpdate
from news.models import Person
from tests.delivery.edge import PurgeRecorder
from tests.factories import LatestUpdatesPageFactory, PersonFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def varnish(settings):
    recorder = PurgeRecorder()
    settings.EDGE_CACHES = {
        "varnish": {
            "BACKEND": "cms.delivery.purge.backends.VarnishBackend",
            "LOCATION": recorder.url,
        }
    }
    yield recorder
    recorder.stop()


def purged(recorder) -> list[set[str]]:
    return [set(seen.headers["xkey-purge"].split()) for seen in recorder.seen]


def keys(response) -> set[str]:
    found = set(response["xkey"].split())
    assert set(response["Surrogate-Key"].split()) == found
    assert set(response["Cache-Tag"].split(",")) == found
    return found


# What answers carry


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_a_post_detail_names_itself_its_section_and_what_it_shows(client, demo, version):
    first = client.get(f"/api/{version}/pages/{demo.pk}/")
    person_ids = set(Person.objects.values_list("pk", flat=True))
    expected = {"structure", f"page-{demo.pk}", f"page-{demo.get_parent().pk}"}
    found = keys(first)
    assert expected <= found
    assert f"image-{demo.lead_image_id}" in found
    assert {k for k in found if k.startswith("person-")} <= {f"person-{pk}" for pk in person_ids}
    assert any(k.startswith("person-") for k in found)
    # A hit from the app's own cache repeats them.
    second = client.get(f"/api/{version}/pages/{demo.pk}/")
    assert keys(second) == found


def test_listings_and_searches_carry_the_listings_key(client, demo):
    for url in (
        "/api/v2/pages/?type=news.LatestUpdatesPage",
        "/api/v2/pages/?search=Brussels",
        "/api/v3/news/posts/",
        "/api/v3/news/changes/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert keys(response) == {"listings", "structure"}, url


def test_token_and_preview_answers_carry_no_keys(client, demo, editor, token_for):
    response = client.get(f"/api/v3/pages/{demo.pk}/", **token_for(editor))
    assert response.status_code == 200
    assert "xkey" not in response and "Surrogate-Key" not in response
    assert (
        client.get("/api/v2/page_preview/?content_type=news.latestupdatespage&token=x").get("xkey")
        is None
    )


def test_public_pages_are_shareable_for_anonymous_readers_only(client, demo, admin_user, settings):
    settings.API_CACHE_S_MAXAGE = 45
    response = client.get(demo.url)
    assert response.status_code == 200
    # Shared caches keep it (they are purged); browsers revalidate each time.
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=45"
    assert "Cookie" in response["Vary"]
    assert {f"page-{demo.pk}", f"page-{demo.get_parent().pk}", "structure"} <= keys(response)
    assert f"image-{demo.lead_image_id}" in keys(response)

    client.force_login(admin_user)
    signed_in = client.get(demo.url)
    assert signed_in.status_code == 200
    assert "private" in signed_in["Cache-Control"]
    assert "xkey" not in signed_in


def test_section_home_feeds_search_and_sitemap_are_listings(client, demo):
    section = demo.get_parent()
    for url in (section.url, "/", "/latest-updates/rss.xml", "/search/?query=nato", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"listings", "structure"} <= keys(response), url
        assert "public" in response["Cache-Control"], url
    assert f"page-{section.pk}" in keys(client.get(section.url))


def test_a_restricted_page_is_never_marked_shareable(client, demo, committed):
    with committed():
        PageViewRestriction.objects.create(
            page=demo, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
        )
    response = client.get(demo.url)
    assert "xkey" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_people_in_published_live_updates_are_keys_of_the_story(client, demo, writer, editor):
    from tests.live.conftest import draft_update

    type(demo).objects.filter(pk=demo.pk).update(
        coverage_started_at=timezone.now(), is_running_story=True
    )
    speaker = PersonFactory(name="Mark Rutte")
    quote = [{"type": "quote", "value": {"text": "Soon.", "speaker": speaker.pk}}]
    draft_update(demo, writer, body=quote)
    assert f"person-{speaker.pk}" not in keys(client.get(f"/api/v3/pages/{demo.pk}/"))
    LiveUpdate.objects.update(live=True, posted_at=timezone.now())
    from django.core.cache import cache

    cache.clear()  # the update was published by hand here, without its event
    assert f"person-{speaker.pk}" in keys(client.get(f"/api/v3/pages/{demo.pk}/"))


# What changes purge


def test_publishing_purges_the_post_and_every_listing(varnish, section, committed):
    with committed():
        post = publish(LatestUpdatesPageFactory(parent=section))
    assert {f"page-{post.pk}", "listings"} in purged(varnish)
    (seen,) = [s for s in varnish.seen if f"page-{post.pk}" in s.headers["xkey-purge"]]
    assert seen.method == "PURGE"


def test_unpublishing_and_deleting_purge_the_post(varnish, section, committed):
    with committed():
        post = publish(LatestUpdatesPageFactory(parent=section))
    varnish.seen.clear()
    with committed():
        post.unpublish()
    assert {f"page-{post.pk}", "listings"} in purged(varnish)
    varnish.seen.clear()
    page_id = post.pk
    with committed():
        post.delete()
    assert {f"page-{page_id}", "listings"} in purged(varnish)


def test_editing_a_shown_person_purges_them_and_the_posts_showing_them(varnish, demo, committed):
    person = Person.objects.filter(name__icontains="Blinken").first() or Person.objects.first()
    varnish.seen.clear()
    person.name = "Antony J. Blinken"
    with committed():
        person.save()
    assert purged(varnish) == [{f"person-{person.pk}", f"page-{demo.pk}", "listings"}]


def test_editing_a_shown_image_purges_it_and_the_post(varnish, demo, committed):
    image = demo.lead_image
    varnish.seen.clear()
    image.title = "Brussels, 3 December"
    with committed():
        image.save()
    assert purged(varnish) == [{f"image-{image.pk}", f"page-{demo.pk}", "listings"}]


def test_a_person_in_a_live_update_purges_the_story(varnish, demo, writer, committed):
    from tests.live.conftest import draft_update

    speaker = PersonFactory(name="Mark Rutte")
    quote = [{"type": "quote", "value": {"text": "Soon.", "speaker": speaker.pk}}]
    draft_update(demo, writer, body=quote)
    LiveUpdate.objects.update(live=True, posted_at=timezone.now())
    varnish.seen.clear()
    speaker.name = "Mark Rutte (NATO)"
    with committed():
        speaker.save()
    assert purged(varnish) == [{f"person-{speaker.pk}", f"page-{demo.pk}", "listings"}]


def test_a_restriction_or_a_section_change_purges_the_structure(varnish, demo, committed):
    varnish.seen.clear()
    with committed():
        PageViewRestriction.objects.create(page=demo, restriction_type=PageViewRestriction.LOGIN)
    # The change log also records the post as gone from readers' view.
    assert {"structure"} in purged(varnish)
    assert {f"page-{demo.pk}", "listings"} in purged(varnish)
    varnish.seen.clear()
    section = demo.get_parent().specific
    section.title = "Latest"
    with committed():
        publish(section)
    assert {"structure"} in purged(varnish)
