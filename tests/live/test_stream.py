"""The update stream: format, resume, heartbeats, 404s, the polling fallback and GRIP answers."""

from __future__ import annotations

import json

import pytest
from wagtail.models import Page, PageViewRestriction

from news.live import grip
from news.live.models import UpdateEvent
from news.live.publishing import withdraw
from tests.live.conftest import approve, draft_update, publish_update, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def short_streams(settings):
    settings.LIVE_STREAM_BACKEND = "auto"
    settings.LIVE_STREAM_POLL_LIFETIME = 0.3
    settings.LIVE_STREAM_HEARTBEAT_SECONDS = 10
    settings.PUSHPIN_PUBLISH_URL = ""


def url(post_id) -> str:
    return f"/api/v3/news/posts/{post_id}/updates/stream/"


def parse(text: str) -> list[dict]:
    """SSE text as a list of events (comments as {"comment": ...})."""
    out = []
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        event: dict = {}
        for line in block.split("\n"):
            if line.startswith(":"):
                event.setdefault("comment", line[1:].strip())
                continue
            field, _, value = line.partition(": ")
            event[field] = json.loads(value) if field == "data" else value
        out.append(event)
    return out


def read_all(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def events_of(text: str) -> list[dict]:
    return [e for e in parse(text) if "id" in e]


def test_event_format_is_the_feed_entry(client, live_story, writer, editor):
    update = publish_update(live_story, writer, editor)
    response = client.get(url(live_story.pk), HTTP_LAST_EVENT_ID="0")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    assert response["Cache-Control"] == "no-store"
    [event] = events_of(read_all(response))
    row = UpdateEvent.objects.get()
    assert event["id"] == str(row.pk)
    assert event["event"] == "update.published"
    assert event["data"]["cursor"] == str(row.pk)
    assert event["data"]["event"] == "published"
    assert event["data"]["update_id"] == update.pk
    assert event["data"]["update"]["headline"] == update.headline
    assert set(event["data"]) == {"cursor", "event", "update", "update_id", "occurred_at"}


def test_withdrawn_and_ended_events_carry_no_text(client, live_story, writer, editor):
    from news.live.coverage import end_coverage

    update = publish_update(live_story, writer, editor)
    withdraw(update, editor, "Wrong figures")
    end_coverage(live_story, editor)
    events = events_of(read_all(client.get(url(live_story.pk) + "?last_event_id=0")))
    assert [e["event"] for e in events] == [
        "update.published",
        "update.withdrawn",
        "coverage.ended",
    ]
    assert all(e["data"]["update"] is None for e in events)
    assert "Ministers" not in json.dumps(events)


def test_resume_after_last_event_id_sends_nothing_twice(client, live_story, writer, editor):
    for n in range(3):
        publish_update(live_story, writer, editor, headline=f"Update {n}")
    ids = list(UpdateEvent.objects.values_list("pk", flat=True))
    first = events_of(read_all(client.get(url(live_story.pk), HTTP_LAST_EVENT_ID="0")))
    assert [int(e["id"]) for e in first] == ids
    resumed = client.get(url(live_story.pk), HTTP_LAST_EVENT_ID=str(ids[0]))
    assert [int(e["id"]) for e in events_of(read_all(resumed))] == ids[1:]
    # The query parameter does the same for clients that cannot set headers; the
    # later cursor wins when both are sent (EventSource adds the header on reconnect).
    by_query = client.get(url(live_story.pk) + f"?last_event_id={ids[1]}")
    assert [int(e["id"]) for e in events_of(read_all(by_query))] == ids[2:]
    both = client.get(
        url(live_story.pk) + f"?last_event_id={ids[0]}", HTTP_LAST_EVENT_ID=str(ids[1])
    )
    assert [int(e["id"]) for e in events_of(read_all(both))] == ids[2:]


def test_without_a_cursor_the_stream_starts_now(client, live_story, writer, editor):
    publish_update(live_story, writer, editor)
    text = read_all(client.get(url(live_story.pk)))
    assert events_of(text) == []
    assert parse(text)[0] == {"comment": "stream open"}


def test_heartbeat_comments(client, live_story, settings):
    settings.LIVE_STREAM_HEARTBEAT_SECONDS = 0.2
    settings.LIVE_STREAM_POLL_LIFETIME = 1.3
    comments = [e["comment"] for e in parse(read_all(client.get(url(live_story.pk))))]
    assert comments.count("heartbeat") >= 3


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "9" * 30])
def test_bad_cursor_is_a_400_naming_it(client, live_story, value):
    response = client.get(url(live_story.pk), HTTP_LAST_EVENT_ID=value)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "Last-Event-ID" in response.json()["detail"]
    response = client.get(url(live_story.pk) + f"?last_event_id={value}")
    assert response.status_code == 400
    assert "last_event_id" in response.json()["detail"]


def _not_found(client, post_id) -> None:
    response = client.get(url(post_id))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_unknown_and_non_post_ids_are_404(client, live_story):
    _not_found(client, 999999)
    _not_found(client, 2**63)
    _not_found(client, 0)
    _not_found(client, Page.objects.get(depth=2).pk)  # the home page: not a post


def test_unpublished_story_is_404(client, live_story, editor):
    live_story.unpublish(user=editor)
    _not_found(client, live_story.pk)


def test_restricted_story_is_404(client, live_story):
    PageViewRestriction.objects.create(
        page=live_story, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    _not_found(client, live_story.pk)


def test_polling_stream_delivers_an_approved_update(client, live_story, writer, editor, settings):
    settings.LIVE_STREAM_POLL_LIFETIME = 5
    update = submit(draft_update(live_story, writer), writer)
    response = client.get(url(live_story.pk))
    chunks = iter(response.streaming_content)
    assert next(chunks) == b": stream open\n\n"
    approve(update, editor)
    [event] = events_of(next(chunks).decode())
    assert event["event"] == "update.published"
    assert event["data"]["update_id"] == update.pk
    response.close()


def test_polling_stream_ends_when_the_story_stops_being_public(
    client, live_story, editor, settings
):
    settings.LIVE_STREAM_POLL_LIFETIME = 30
    settings.LIVE_STREAM_HEARTBEAT_SECONDS = 0.1
    chunks = iter(client.get(url(live_story.pk)).streaming_content)
    next(chunks)
    live_story.unpublish(user=editor)
    assert list(chunks) == []


def test_streams_are_not_cached(client, live_story):
    for _ in range(2):
        response = client.get(url(live_story.pk))
        read_all(response)
        assert "ETag" not in response
        assert response["Cache-Control"] == "no-store"


# Through Pushpin: the app answers once with the backlog and GRIP instructions.


def test_grip_answer_holds_the_stream_after_the_backlog(client, live_story, writer, editor):
    publish_update(live_story, writer, editor)
    publish_update(live_story, writer, editor, headline="Second")
    first, second = UpdateEvent.objects.values_list("pk", flat=True)
    response = client.get(url(live_story.pk), HTTP_LAST_EVENT_ID=str(first), HTTP_GRIP_SIG="x")
    assert not response.streaming
    assert response["Grip-Hold"] == "stream"
    assert response["Grip-Channel"] == f"live-post-{live_story.pk}; prev-id={second}"
    assert "timeout=10" in response["Grip-Keep-Alive"]
    assert f"last_event_id={second}" in response["Grip-Link"]
    assert [int(e["id"]) for e in events_of(response.content.decode())] == [second]


def test_grip_recovery_reads_grip_last(client, live_story, writer, editor):
    publish_update(live_story, writer, editor)
    publish_update(live_story, writer, editor, headline="Second")
    first, second = UpdateEvent.objects.values_list("pk", flat=True)
    response = client.get(
        url(live_story.pk) + f"?last_event_id={second}",
        HTTP_GRIP_SIG="x",
        HTTP_GRIP_LAST=f"live-post-{live_story.pk}; last-id={first}",
    )
    # A recovery appends to a stream already open: no opening comment.
    assert [e.get("id") for e in parse(response.content.decode())] == [str(second)]


def test_grip_backlog_arrives_page_by_page(client, live_story, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr("news.live.sse.BACKLOG_PAGE", 2)
    for _ in range(3):
        UpdateEvent.objects.create(
            post_id=live_story.pk, kind="coverage.ended", occurred_at=timezone.now()
        )
    ids = list(UpdateEvent.objects.values_list("pk", flat=True))
    response = client.get(url(live_story.pk), HTTP_LAST_EVENT_ID="0", HTTP_GRIP_SIG="x")
    assert "Grip-Hold" not in response
    assert f"last_event_id={ids[1]}" in response["Grip-Link"]


def test_publishing_pushes_after_commit(
    live_story, writer, editor, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PUSHPIN_PUBLISH_URL = "http://127.0.0.1:9/publish/"
    sent = []
    monkeypatch.setattr(grip, "publish", lambda items: sent.extend(items))
    publish_update(live_story, writer, editor)
    with django_capture_on_commit_callbacks(execute=True):
        publish_update(live_story, writer, editor, headline="Second")
    first, second = UpdateEvent.objects.values_list("pk", flat=True)
    [item] = sent
    assert item["channel"] == f"live-post-{live_story.pk}"
    assert (item["id"], item["prev-id"]) == (str(second), str(first))
    [event] = events_of(item["formats"]["http-stream"]["content"])
    assert event["event"] == "update.published" and event["id"] == str(second)


def test_unpublishing_closes_held_streams(
    live_story, editor, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PUSHPIN_PUBLISH_URL = "http://127.0.0.1:9/publish/"
    sent = []
    monkeypatch.setattr(grip, "publish", lambda items: sent.extend(items))
    with django_capture_on_commit_callbacks(execute=True):
        live_story.unpublish(user=editor)
    assert sent == [grip.close_item(f"live-post-{live_story.pk}")]


def test_a_pushpin_outage_never_fails_a_publish(
    live_story, writer, editor, settings, django_capture_on_commit_callbacks, caplog
):
    # Port 9 (discard) refuses on loopback: the publish commits and is logged.
    settings.PUSHPIN_PUBLISH_URL = "http://127.0.0.1:9/publish/"
    with django_capture_on_commit_callbacks(execute=True):
        update = publish_update(live_story, writer, editor)
    assert update.live
    assert "Could not publish live update events to Pushpin" in caplog.text
