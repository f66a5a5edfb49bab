"""Corrections on live updates: shown with the update everywhere it appears."""

from __future__ import annotations

import json

import pytest

from cms.webhooks import events
from cms.webhooks.models import WebhookEvent
from news.corrections.models import Correction
from news.live.models import UpdateEvent
from tests.live.conftest import publish_update
from tests.webhooks.conftest import make_endpoint

pytestmark = pytest.mark.django_db

TEXT = "This update first gave the wrong number of air defence systems: it is four."


@pytest.fixture
def hooks(db):
    return make_endpoint("https://receiver.example/hook")[0]


def _post(client, headers, url, body, capture):
    with capture(execute=True):
        return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def test_an_update_correction_shows_in_the_detail_feed_and_webhook(
    client, live_story, writer, editor, token_for, hooks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        update = publish_update(live_story, writer, editor)
    client.get(f"/api/v2/pages/{live_story.pk}/?fields=live")  # cached before the correction

    answer = _post(
        client,
        token_for(editor),
        f"/api/v3/editorial/updates/{update.pk}/corrections/",
        {"kind": "correction", "text": TEXT},
        django_capture_on_commit_callbacks,
    )

    assert answer.status_code == 201, answer.content
    assert answer.json()["update"] == update.pk and answer.json()["post"] == live_story.pk
    live = client.get(f"/api/v2/pages/{live_story.pk}/?fields=live,corrections").json()
    [shown] = [item for item in live["live"]["updates"] if item["id"] == update.pk]
    assert [c["text"] for c in shown["corrections"]] == [TEXT]
    # The story's own corrections stay its own.
    assert live["corrections"] == []
    feed = client.get(f"/api/v3/news/posts/{live_story.pk}/updates/").json()
    last = feed["items"][-1]
    assert last["event"] == UpdateEvent.UPDATED and last["update"]["corrections"][0]["text"] == TEXT
    [event] = WebhookEvent.objects.filter(name=events.POST_CORRECTED)
    assert event.extra["update_id"] == update.pk
    assert event.extra["update"]["corrections"][0]["text"] == TEXT
    assert not WebhookEvent.objects.filter(name=events.UPDATE_UPDATED).exists()
    assert TEXT in client.get(live_story.url).content.decode()


def test_an_update_retraction_withdraws_it(
    client, live_story, writer, editor, token_for, hooks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        update = publish_update(live_story, writer, editor)

    answer = _post(
        client,
        token_for(editor),
        f"/api/v3/editorial/updates/{update.pk}/corrections/",
        {"kind": "retraction", "text": "The claim in this update could not be verified."},
        django_capture_on_commit_callbacks,
    )

    assert answer.status_code == 201, answer.content
    update.refresh_from_db()
    assert update.withdrawn_at is not None
    assert update.withdrawn_reason == "The claim in this update could not be verified."
    live = client.get(f"/api/v2/pages/{live_story.pk}/?fields=live").json()["live"]
    assert update.pk not in [item["id"] for item in live["updates"]]
    names = list(WebhookEvent.objects.order_by("pk").values_list("name", flat=True))
    assert names[-2:] == [events.UPDATE_WITHDRAWN, events.POST_RETRACTED]
    retracted = WebhookEvent.objects.get(name=events.POST_RETRACTED)
    assert retracted.extra["update_id"] == update.pk and retracted.extra["update"] is None
    assert Correction.objects.get().published_at is not None


def test_a_writers_update_correction_goes_out_with_the_approved_version(
    client, live_story, writer, editor, token_for, django_capture_on_commit_callbacks
):
    from tests.live.conftest import approve, submit

    with django_capture_on_commit_callbacks(execute=True):
        update = publish_update(live_story, writer, editor)
    proposal = _post(
        client,
        token_for(writer),
        f"/api/v3/editorial/updates/{update.pk}/corrections/",
        {"kind": "correction", "text": TEXT},
        django_capture_on_commit_callbacks,
    ).json()
    assert proposal["status"] == "proposed"
    update.headline = "Four air defence systems pledged"
    update.save_revision(user=writer)
    submit(update, writer)
    with django_capture_on_commit_callbacks(execute=True):
        approve(update, editor)

    correction = Correction.objects.get()
    assert correction.published_by == editor
    live = client.get(f"/api/v2/pages/{live_story.pk}/?fields=live").json()["live"]
    [shown] = [item for item in live["updates"] if item["id"] == update.pk]
    assert shown["headline"] == "Four air defence systems pledged"
    assert [c["text"] for c in shown["corrections"]] == [TEXT]
