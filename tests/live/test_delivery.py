"""What readers get of a live story: the post detail's `live` and the update feed."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.live.coverage import end_coverage
from news.live.models import LiveUpdate, UpdateEvent
from news.live.publishing import withdraw
from news.live.representation import DETAIL_UPDATES
from tests.factories import PersonFactory
from tests.live.conftest import publish_update

pytestmark = pytest.mark.django_db

PROBLEM_JSON = "application/problem+json"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on-commit work (cache tokens, warm-up) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def shown_rows(post, count, author=None, body=None, start=None):
    """Published updates written straight to the table: the fast way to have many.

    The review path is tested elsewhere; reading needs only rows readers may see.
    """
    start = start or timezone.now() - datetime.timedelta(minutes=count + 1)
    return [
        LiveUpdate.objects.create(
            post=post,
            author=author,
            headline=f"Update number {i}",
            body=body or [{"type": "paragraph", "value": f"<p>Words of update {i}.</p>"}],
            live=True,
            posted_at=start + datetime.timedelta(minutes=i),
        )
        for i in range(count)
    ]


def detail(client, post, version):
    response = client.get(f"/api/{version}/pages/{post.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def feed(client, post, query="", **headers):
    return client.get(f"/api/v3/news/posts/{post.pk}/updates/{query}", **headers)


# The post detail's `live`


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_a_story_that_never_had_coverage_says_live_null(client, demo, version):
    assert demo.coverage_started_at is None
    assert detail(client, demo, version)["live"] is None


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_coverage_starting_in_the_future_is_no_coverage_yet(client, demo, version):
    later = timezone.now() + datetime.timedelta(hours=2)
    type(demo).objects.filter(pk=demo.pk).update(coverage_started_at=later)
    assert detail(client, demo, version)["live"] is None


def test_the_detail_shows_coverage_and_the_newest_updates(
    client, live_story, writer, editor, second_editor
):
    first = publish_update(live_story, writer, editor, headline="Talks begin")
    pinned = publish_update(live_story, writer, second_editor, headline="Deal agreed", pinned=True)
    writer.first_name, writer.last_name = "Wanda", "Writer"
    writer.save()

    v2 = detail(client, live_story, "v2")["live"]
    v3 = detail(client, live_story, "v3")["live"]
    assert v2 == v3
    assert v2["status"] == "live"
    assert v2["started_at"].endswith("Z") and v2["ended_at"] is None
    assert [u["headline"] for u in v2["updates"]] == ["Deal agreed", "Talks begin"]
    assert [u["id"] for u in v2["pinned"]] == [pinned.pk]
    shown = v2["updates"][1]
    assert shown == {
        "id": first.pk,
        "posted_at": shown["posted_at"],
        "headline": "Talks begin",
        "body": shown["body"],
        "pinned": False,
        "author": {"name": "Wanda Writer"},
        "corrections": [],
        "embargoed": False,
        "embargo_until": None,
    }
    # The body is the post body's block JSON: typed blocks with their ids.
    (block,) = shown["body"]
    assert block["type"] == "paragraph" and block["id"]
    assert "Brussels" in block["value"]
    base = f"http://testserver/api/v3/news/posts/{live_story.pk}/updates/"
    assert v2["updates_url"] == base
    assert v2["stream_url"] == base + "stream/"


def test_the_detail_shows_the_newest_twenty_and_every_pinned_update(client, live_story):
    rows = shown_rows(live_story, DETAIL_UPDATES + 3)
    oldest = rows[0]
    LiveUpdate.objects.filter(pk=oldest.pk).update(pinned=True)

    live = detail(client, live_story, "v3")["live"]
    assert [u["id"] for u in live["updates"]] == [u.pk for u in reversed(rows)][:DETAIL_UPDATES]
    # A key event stays in view after it has dropped off the newest twenty.
    assert [u["id"] for u in live["pinned"]] == [oldest.pk]


def test_an_ended_story_says_so(client, live_story, editor):
    end_coverage(live_story, editor)
    live = detail(client, live_story, "v2")["live"]
    assert live["status"] == "ended"
    assert live["ended_at"].endswith("Z")


def test_listings_leave_live_out(client, live_story):
    shown_rows(live_story, 2)
    listing = client.get("/api/v2/pages/?type=news.LatestUpdatesPage&fields=*").json()
    assert "live" not in listing["items"][0]
    assert client.get(f"/api/v2/pages/{live_story.pk}/?fields=live").json()["live"]


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_the_detail_costs_the_same_queries_for_three_or_thirteen_updates(
    client, live_story, writer, settings, version
):
    settings.API_RESPONSE_CACHE = False
    speaker = PersonFactory(name="Mark Rutte")
    quote = [
        {
            "type": "quote",
            "value": {
                "text": "We stand together.",
                "speaker": speaker.pk,
                "attribution": "",
                "provenance": {"method": "press_conference"},
            },
        }
    ]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            detail(client, live_story, version)
        return len(captured)

    shown_rows(live_story, 3, author=writer, body=quote)
    queries()  # fills the per-process caches (sites, content types) first
    few = queries()
    shown_rows(live_story, 10, author=writer, body=quote)
    assert queries() == few
    body = detail(client, live_story, version)["live"]["updates"][0]["body"]
    assert body[0]["value"]["speaker"]["name"] == "Mark Rutte"


# The update feed


def test_the_feed_lists_every_event_oldest_first_with_cursors(
    client, live_story, writer, editor, second_editor
):
    first = publish_update(live_story, writer, editor, headline="Talks begin")
    second = publish_update(live_story, writer, second_editor, headline="Talks end")
    withdraw(first, editor, "Wrong city.")

    response = feed(client, live_story)
    assert response.status_code == 200
    data = response.json()
    events = [(item["event"], item["update_id"]) for item in data["items"]]
    assert events == [
        ("published", first.pk),
        ("published", second.pk),
        ("withdrawn", first.pk),
    ]
    cursors = [int(item["cursor"]) for item in data["items"]]
    assert cursors == sorted(cursors)
    assert data["next_cursor"] == data["items"][-1]["cursor"] and data["has_more"] is False
    # A withdrawn update's text is gone from its older entries too.
    assert data["items"][0]["update"] is None and data["items"][2]["update"] is None
    assert data["items"][1]["update"]["headline"] == "Talks end"
    assert data["items"][0]["occurred_at"].endswith("Z")


def test_the_feed_pages_by_cursor_without_gaps_or_repeats(client, live_story):
    shown_rows(live_story, 5)
    for update in LiveUpdate.objects.order_by("pk"):
        UpdateEvent.objects.create(
            post_id=live_story.pk,
            update_id=update.pk,
            kind=UpdateEvent.PUBLISHED,
            occurred_at=update.posted_at,
        )
    seen, since = [], ""
    while True:
        data = feed(client, live_story, f"?limit=2&since={since}").json()
        seen += [item["cursor"] for item in data["items"]]
        since = data["next_cursor"]
        if not data["has_more"]:
            break
    assert seen == [
        str(pk) for pk in UpdateEvent.objects.order_by("pk").values_list("pk", flat=True)
    ]
    # Asking again from the last cursor: nothing new, and the cursor is kept.
    again = feed(client, live_story, f"?since={since}").json()
    assert again == {"items": [], "next_cursor": since, "has_more": False}


def test_the_end_of_coverage_is_in_the_feed(client, live_story, editor):
    end_coverage(live_story, editor)
    (item,) = feed(client, live_story).json()["items"]
    assert (item["event"], item["update"], item["update_id"]) == ("coverage.ended", None, None)


def test_a_public_story_without_coverage_has_an_empty_feed(client, demo):
    response = feed(client, demo)
    assert response.status_code == 200
    assert response.json() == {"items": [], "next_cursor": None, "has_more": False}


def test_a_token_sees_the_same_feed(client, live_story, writer, editor, token_for):
    publish_update(live_story, writer, editor)
    anonymous = feed(client, live_story).json()
    assert feed(client, live_story, **token_for(writer)).json() == anonymous


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("?since=abc", "since"),
        ("?since=-1", "since"),
        ("?since=" + "9" * 30, "since"),
        ("?limit=0", "limit"),
        ("?limit=201", "limit"),
        ("?limit=two", "limit"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, live_story, query, parameter):
    response = feed(client, live_story, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith(PROBLEM_JSON)
    assert response.json()["detail"].startswith(f"{parameter}:")


def test_only_a_public_story_has_a_feed(client, live_story, site_tree, writer):
    from tests.factories import LatestUpdatesPageFactory

    draft = LatestUpdatesPageFactory(parent=site_tree.section, live=False)
    for page_id in (site_tree.home.pk, draft.pk, 987654, 2**63, 10**30):
        response = client.get(f"/api/v3/news/posts/{page_id}/updates/")
        assert response.status_code == 404, page_id
    assert (
        client.get(f"/api/v3/news/posts/{draft.pk}/updates/")
        .headers["Content-Type"]
        .startswith(PROBLEM_JSON)
    )

    PageViewRestriction.objects.create(
        page=live_story, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert feed(client, live_story).status_code == 404


# Caching: every cached answer showing the story is replaced at once


def test_cached_answers_show_an_approved_update_at_once_and_lose_a_withdrawn_one(
    client, live_story, writer, editor, committed
):
    def headlines():
        return (
            [u["headline"] for u in detail(client, live_story, "v2")["live"]["updates"]],
            [u["headline"] for u in detail(client, live_story, "v3")["live"]["updates"]],
            [
                (item["update"] or {}).get("headline")
                for item in feed(client, live_story).json()["items"]
            ],
        )

    assert headlines() == ([], [], [])  # now cached
    with committed():
        update = publish_update(live_story, writer, editor, headline="Talks begin")
    assert headlines() == (["Talks begin"], ["Talks begin"], ["Talks begin"])

    with committed():
        withdraw(update, editor, "Wrong city.")
    assert headlines() == ([], [], [None, None])


def test_the_feed_is_served_from_the_cache_and_revalidated(
    client, live_story, django_assert_num_queries
):
    first = feed(client, live_story)
    assert first["Cache-Control"] == "public, no-cache"
    with django_assert_num_queries(0):
        again = feed(client, live_story, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_the_change_feed_says_updated(client, live_story, writer, editor):
    publish_update(live_story, writer, editor)
    items = client.get("/api/v3/news/changes/").json()["items"]
    assert (items[-1]["event"], items[-1]["page_id"]) == ("updated", live_story.pk)


def test_renaming_a_person_quoted_only_in_an_update_refreshes_the_story(
    client, live_story, writer, editor, committed
):
    speaker = PersonFactory(name="Mark Rutte")
    quote = [
        {
            "type": "quote",
            "value": {
                "text": "We stand together.",
                "speaker": speaker.pk,
                "attribution": "",
                "provenance": {"method": "press_conference"},
            },
        }
    ]
    with committed():
        publish_update(live_story, writer, editor, body=quote)

    def speaker_name():
        body = detail(client, live_story, "v3")["live"]["updates"][0]["body"]
        return body[0]["value"]["speaker"]["name"]

    assert speaker_name() == "Mark Rutte"
    with committed():
        speaker.name = "Mark Rutte (NATO)"
        speaker.save()
    assert speaker_name() == "Mark Rutte (NATO)"


def test_a_person_in_a_draft_update_refreshes_nothing(live_story, writer):
    from cms.delivery.invalidation import pages_showing
    from tests.live.conftest import draft_update

    speaker = PersonFactory(name="Mark Rutte")
    quote = [{"type": "quote", "value": {"text": "Soon.", "speaker": speaker.pk}}]
    draft_update(live_story, writer, body=quote)
    assert pages_showing(speaker) == []
    LiveUpdate.objects.update(live=True, posted_at=timezone.now())
    assert pages_showing(speaker) == [live_story.pk]


# JSON-LD


def test_a_covered_story_is_a_live_blog_posting_with_one_entry_per_update(
    client, live_story, writer, editor, second_editor
):
    from news.structured_data import post_json_ld

    first = publish_update(live_story, writer, editor, headline="Talks begin")
    body = [
        {"type": "paragraph", "value": "<p>Ministers <b>arrived</b> early.</p>"},
        {
            "type": "quote",
            "value": {
                "text": "We are ready.",
                "speaker": None,
                "attribution": "an aide",
                "context": "",
                "said_on": None,
                "source_url": "",
                "provenance": {"method": "interview"},
            },
        },
    ]
    second = publish_update(live_story, writer, second_editor, headline="", body=body)
    withdrawn = publish_update(live_story, writer, editor, headline="Wrong room")
    withdraw(withdrawn, editor, "Wrong room.")
    type(live_story).objects.filter(pk=live_story.pk).update(is_running_story=False)
    live_story.refresh_from_db()

    data = post_json_ld(live_story)
    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"]
    assert "coverageEndTime" not in data
    entries = data["liveBlogUpdate"]
    story_url = live_story.full_url
    assert [entry["url"] for entry in entries] == [
        f"{story_url}#update-{second.pk}",
        f"{story_url}#update-{first.pk}",
    ]
    newest = entries[0]
    assert newest["@type"] == "BlogPosting"
    assert newest["articleBody"] == "Ministers arrived early.\n\nWe are ready.\n\nan aide"
    assert newest["headline"] == "Ministers arrived early."
    second.refresh_from_db()
    assert newest["datePublished"] == timezone.localtime(second.posted_at).isoformat(
        timespec="seconds"
    )
    assert entries[1]["headline"] == "Talks begin"
    # The page and the APIs carry the same graph.
    assert detail(client, live_story, "v2")["json_ld"] == data


def test_a_running_story_without_updates_keeps_its_one_entry(live_story):
    from news.structured_data import post_json_ld

    (entry,) = post_json_ld(live_story)["liveBlogUpdate"]
    assert entry["headline"] == live_story.title
