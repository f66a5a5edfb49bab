"""A post as IPTC ninjs 3.1: GET /api/v3/news/posts/{id}/ninjs/ and the detail's Accept variant.

The properties are asserted one by one, with the names, types and formats of
the ninjs 3.1 JSON Schema (docs/interchange.md says how the documents were
validated against IPTC's schema itself).
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.interchange import ninjs
from news.models import LatestUpdatesPage
from tests.factories import ImageFactory, LatestUpdatesPageFactory, PersonFactory
from tests.helpers import publish
from tests.live.conftest import publish_update

pytestmark = pytest.mark.django_db

NINJS = "application/ninjs+json"
# RFC 3339 in UTC to the second, as every ninjs date-time here is written.
UTC_DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def ninjs_url(post_id: int) -> str:
    return f"/api/v3/news/posts/{post_id}/ninjs/"


def detail_url(post_id: int) -> str:
    return f"/api/v3/pages/{post_id}/"


def document(client, post) -> dict:
    response = client.get(ninjs_url(post.pk))
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def moment(value: str) -> datetime.datetime:
    assert UTC_DATE_TIME.match(value), value
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))


def text(role: str, value: str) -> dict[str, str]:
    return {"role": role, "contentType": "text/plain", "value": value}


def post(section, title="Allies meet", **fields) -> LatestUpdatesPage:
    return publish(
        section.add_child(instance=LatestUpdatesPageFactory.build(title=title, **fields))
    )


def test_the_demo_post_as_ninjs(client, demo):
    demo.tags.add("Ukraine", "NATO")
    demo = publish(demo)
    doc = document(client, demo)

    day = demo.first_published_at.astimezone(datetime.UTC).date().isoformat()
    assert doc["uri"] == f"tag:{demo.get_site().hostname},{day}:post:{demo.pk}"
    assert doc["standard"] == {
        "name": "ninjs",
        "version": "3.1",
        "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
    }
    assert doc["type"] == "text"
    assert doc["representationType"] == "full"
    assert doc["pubStatus"] == "usable"
    assert "embargoedUntil" not in doc
    assert doc["language"] == "en-GB"
    # Published by the bootstrap and once more here: two versions, as a string.
    assert doc["version"] == "2"
    assert moment(doc["firstCreated"]) == demo.first_published_at.replace(microsecond=0)
    assert moment(doc["versionCreated"]) >= moment(doc["firstCreated"])
    assert moment(doc["contentCreated"]) <= moment(doc["firstCreated"])

    assert doc["headlines"] == [text("main", demo.title)]
    assert doc["descriptions"] == [text("summary", demo.standfirst)]
    assert doc["by"] == "Wren Writer"
    [body] = doc["bodies"]
    assert body["role"] == "main" and body["contentType"] == "text/html"
    assert "<h2" in body["value"] and "Foreign ministers of all 32 NATO members" in body["value"]
    # The body's image points at the CMS, not at a path only the site understands.
    assert 'src="http://testserver/media/' in body["value"]

    # Tags, by name.
    tags = sorted(demo.tags.all(), key=lambda tag: tag.name)
    assert {"NATO", "Ukraine"} <= {tag.name for tag in tags}
    assert doc["subjects"] == [{"name": tag.name, "literal": tag.slug} for tag in tags]
    people_ids = {
        block.value["speaker"].name: block.value["speaker"].pk
        for block in demo.body
        if block.block_type == "quote" and block.value["speaker"]
    }
    assert doc["people"] == [
        {
            "name": "Volodymyr Zelenskyy",
            "rel": "quoted",
            "literal": f"person:{people_ids['Volodymyr Zelenskyy']}",
        },
        {
            "name": "Antony Blinken",
            "rel": "announced",
            "literal": f"person:{people_ids['Antony Blinken']}",
        },
        {
            "name": "Antony Blinken",
            "rel": "quoted",
            "literal": f"person:{people_ids['Antony Blinken']}",
        },
    ]
    # Anonymous sources are sources, not people.
    assert doc["infoSources"] == [
        {"name": "a senior NATO diplomat, speaking anonymously", "role": "quoted"},
        {"name": "a senior US official", "role": "quoted"},
        {"name": "Volodymyr Zelenskyy", "role": "quoted"},
        {"name": "Antony Blinken", "role": "quoted"},
    ]
    assert doc["altIds"] == [
        {"role": "url", "value": demo.get_full_url()},
        {"role": "cms-id", "value": str(demo.pk)},
    ]
    assert "associations" not in doc


def test_lead_image_renditions(client, section, settings):
    image = ImageFactory(title="Ministers at the table")
    doc = document(client, post(section, lead_image=image))
    renditions = {item["name"]: item for item in doc["renditions"]}
    assert list(renditions) == list(settings.NEWS_IMAGE_RENDITIONS)
    large = renditions["large"]
    assert large["href"].startswith("http://testserver/media/images/")
    assert large["contentType"] == "image/png"
    assert large["title"] == "Ministers at the table"
    # The factory's image is 1200x800: "max-1600x1600" leaves it, "fill-400x225" crops it.
    assert (large["width"], large["height"]) == (1200, 800)
    assert (renditions["thumbnail"]["width"], renditions["thumbnail"]["height"]) == (400, 225)
    assert all(isinstance(item["width"], int) for item in doc["renditions"])


def test_a_post_without_tags_image_or_people_leaves_those_out(client, section):
    doc = document(client, post(section))
    for absent in ("subjects", "people", "infoSources", "renditions", "associations"):
        assert absent not in doc
    assert None not in doc.values()


def test_version_grows_with_each_publish(client, section, committed):
    page = post(section)
    first = document(client, page)
    page.title = "Allies meet again"
    with committed():
        page = publish(page)
    second = document(client, page)
    assert (first["version"], second["version"]) == ("1", "2")
    assert second["uri"] == first["uri"]
    assert second["headlines"] == [text("main", "Allies meet again")]
    assert moment(second["versionCreated"]) >= moment(first["versionCreated"])
    assert second["firstCreated"] == first["firstCreated"]


def test_live_updates_are_associations(client, live_story, writer, editor, committed):
    before = document(client, live_story)
    with committed():
        first = publish_update(live_story, writer, editor, headline="Ministers agree a package")
    quote = {
        "type": "quote",
        "value": {
            "text": "We will stay the course.",
            "attribution": "a NATO official",
            "provenance": {"method": "press_conference"},
        },
    }
    with committed():
        second = publish_update(live_story, writer, editor, headline="", body=[quote])
    doc = document(client, live_story)

    # Each update is a new version of what the post shows.
    assert int(doc["version"]) == int(before["version"]) + 2
    newest, oldest = doc["associations"]
    day = second.posted_at.astimezone(datetime.UTC).date().isoformat()
    assert newest["uri"] == f"tag:{live_story.get_site().hostname},{day}:update:{second.pk}"
    assert newest["rel"] == "update" and newest["type"] == "text"
    assert newest["name"] == "We will stay the course."  # no headline: its first words
    assert "headlines" not in newest
    assert newest["infoSources"] == [{"name": "a NATO official", "role": "quoted"}]
    assert newest["pubStatus"] == "usable"
    assert moment(newest["firstCreated"]) == second.posted_at.replace(microsecond=0)
    assert oldest["uri"].endswith(f":update:{first.pk}")
    assert oldest["headlines"] == [text("main", "Ministers agree a package")]
    assert oldest["by"] == writer.get_username()
    [body] = oldest["bodies"]
    assert body["contentType"] == "text/html" and "Allies met again in Brussels" in body["value"]


def test_withdrawn_updates_are_not_associated(live_story, writer, editor):
    # Read without the response cache: withdrawing is news/live's business, tested there.
    update = publish_update(live_story, writer, editor)
    type(update).objects.filter(pk=update.pk).update(withdrawn_at=timezone.now())
    assert "associations" not in ninjs.post_ninjs(live_story)


def test_the_hooks_decide_status_embargo_and_corrections(client, section, monkeypatch):
    page = post(section)
    until = datetime.datetime(2030, 1, 2, 9, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(ninjs, "pub_status", lambda post: "canceled")
    monkeypatch.setattr(ninjs, "embargoed_until", lambda post: until)
    monkeypatch.setattr(
        ninjs, "corrections", lambda post: ["An earlier version misnamed the minister."]
    )
    doc = document(client, page)
    assert doc["pubStatus"] == "canceled"
    assert doc["embargoedUntil"] == "2030-01-02T09:30:00Z"
    assert doc["descriptions"] == [
        text("summary", page.standfirst),
        text("correction", "An earlier version misnamed the minister."),
    ]


def test_people_appear_once_per_relationship(client, section):
    speaker = PersonFactory(name="Mark Rutte")
    quote = {"text": "We stand together.", "speaker": speaker.pk}
    page = post(section, body=[{"type": "quote", "value": quote}] * 2)
    doc = document(client, page)
    assert doc["people"] == [
        {"name": "Mark Rutte", "rel": "quoted", "literal": f"person:{speaker.pk}"}
    ]
    assert doc["infoSources"] == [{"name": "Mark Rutte", "role": "quoted"}]


# --- Not found ---------------------------------------------------------------------


def test_drafts_restricted_unknown_and_other_pages_are_the_detail_404(client, section):
    draft = section.add_child(instance=LatestUpdatesPageFactory.build())
    restricted = post(section, title="Restricted")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    unknown = client.get(detail_url(999999))
    assert unknown.status_code == 404
    assert unknown["Content-Type"] == "application/problem+json"

    for page_id in (draft.pk, restricted.pk, section.pk, 999999, 2**70):
        for response in (
            client.get(ninjs_url(page_id)),
            client.get(detail_url(page_id), HTTP_ACCEPT=NINJS),
        ):
            assert response.status_code == 404, (page_id, response.content)
            assert response["Content-Type"] == "application/problem+json"
            problem = response.json()
            assert {key: problem[key] for key in ("type", "title", "status")} == {
                key: unknown.json()[key] for key in ("type", "title", "status")
            }
    assert client.get("/api/v3/news/posts/abc/ninjs/").status_code == 404


# --- The Accept variant and caching ---------------------------------------------------


def test_the_detail_serves_ninjs_to_who_asks(client, demo):
    route = client.get(ninjs_url(demo.pk))
    variant = client.get(detail_url(demo.pk), HTTP_ACCEPT=NINJS)
    assert variant.status_code == 200
    assert variant["Content-Type"].startswith(NINJS)
    assert variant.json() == route.json()
    plain = client.get(detail_url(demo.pk), HTTP_ACCEPT="application/json")
    assert plain["Content-Type"].startswith("application/json")
    assert plain.json()["title"] == demo.title
    for response in (variant, plain):
        assert "Accept" in [v.strip() for v in response["Vary"].split(",")]
    # Refused with q=0, or not asked for: the JSON detail.
    refused = client.get(detail_url(demo.pk), HTTP_ACCEPT=f"{NINJS};q=0, application/json")
    assert refused.json()["title"] == demo.title


def test_the_response_cache_keeps_the_variants_apart(client, demo, settings):
    assert settings.API_RESPONSE_CACHE
    url = detail_url(demo.pk)
    for first, second in ((NINJS, "application/json"), ("application/json", NINJS)):
        from django.core.cache import caches

        from cms.delivery import local

        local.responses.clear()
        for cache in caches.all():
            cache.clear()
        a1 = client.get(url, HTTP_ACCEPT=first)
        b1 = client.get(url, HTTP_ACCEPT=second)
        a2 = client.get(url, HTTP_ACCEPT=first)
        b2 = client.get(url, HTTP_ACCEPT=second)
        # Each answered from the cache the second time (same bytes and ETag), never the other's.
        assert a2.content == a1.content and a2["ETag"] == a1["ETag"]
        assert b2.content == b1.content and b2["ETag"] == b1["ETag"]
        assert a1["ETag"] != b1["ETag"]
        ninjs_doc = (a2 if first == NINJS else b2).json()
        json_doc = (b2 if first == NINJS else a2).json()
        assert ninjs_doc["type"] == "text" and "title" not in ninjs_doc
        assert json_doc["title"] == demo.title and "pubStatus" not in json_doc
        # An ETag of one variant does not revalidate the other.
        other = client.get(url, HTTP_ACCEPT=second, HTTP_IF_NONE_MATCH=a1["ETag"])
        assert other.status_code == 200


def test_a_publish_replaces_the_cached_document(client, section, committed):
    page = post(section)
    before = client.get(ninjs_url(page.pk)).json()
    assert client.get(detail_url(page.pk), HTTP_ACCEPT=NINJS).json() == before
    page.title = "Allies meet again"
    with committed():
        publish(page)
    for response in (
        client.get(ninjs_url(page.pk)),
        client.get(detail_url(page.pk), HTTP_ACCEPT=NINJS),
    ):
        assert response.json()["headlines"] == [text("main", "Allies meet again")]
        assert response.json()["version"] == "2"


def test_the_document_carries_the_posts_surrogate_keys(client, section):
    page = post(section)
    for response in (
        client.get(ninjs_url(page.pk)),
        client.get(detail_url(page.pk), HTTP_ACCEPT=NINJS),
    ):
        keys = response["xkey"].split()
        assert f"page-{page.pk}" in keys and "structure" in keys


# --- OpenAPI --------------------------------------------------------------------------


def test_the_route_is_documented(client):
    spec = client.get("/api/v3/openapi.json").json()
    operation = spec["paths"]["/api/v3/news/posts/{post_id}/ninjs/"]["get"]
    assert operation["operationId"] == "news_post_ninjs"
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/NinjsDocument")
    assert "404" in operation["responses"]
    properties = spec["components"]["schemas"]["NinjsDocument"]["properties"]
    assert {"uri", "type", "version", "firstCreated", "pubStatus", "headlines", "bodies"} <= set(
        properties
    )
