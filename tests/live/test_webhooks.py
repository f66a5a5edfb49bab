"""update.* webhooks are recorded in the outbox with the update, its story's id and URL."""

from __future__ import annotations

import json

import pytest
from wagtail.models import PageViewRestriction

from cms.webhooks import events
from cms.webhooks.models import WebhookDelivery, WebhookEvent
from news.live.publishing import withdraw
from tests.live.conftest import approve, draft_update, publish_update, submit
from tests.webhooks.conftest import make_endpoint

pytestmark = pytest.mark.django_db

UPDATE_EVENTS = [name for name in events.NAMES if name.startswith("update.")]


@pytest.fixture
def endpoint(db):
    endpoint, _secret = make_endpoint("https://receiver.example/hook", names=UPDATE_EVENTS)
    return endpoint


def bodies(name: str) -> list[dict]:
    deliveries = WebhookDelivery.objects.filter(event__name=name).order_by("created_at")
    return [json.loads(delivery.body) for delivery in deliveries]


def recorded() -> list[str]:
    return list(WebhookEvent.objects.order_by("pk").values_list("name", flat=True))


def test_the_review_and_publish_of_an_update_are_recorded(
    endpoint, live_story, writer, editor, second_editor
):
    update = submit(draft_update(live_story, writer, pinned=True), writer)
    approve(update, editor)

    # Publishing is the workflow's last step, so it is recorded just before the approval.
    assert recorded() == ["update.submitted", "update.published", "update.approved"]
    [body] = bodies("update.published")
    assert body["event"] == "update.published"
    assert body["update_id"] == update.pk
    assert body["update"]["id"] == update.pk
    assert body["update"]["headline"] == "Ministers agree a new package"
    assert body["update"]["pinned"] is True and body["update"]["posted_at"]
    assert body["update"]["body"][0]["type"] == "paragraph"
    assert body["page"]["id"] == live_story.pk
    assert body["page"]["html_url"].endswith(live_story.url_path.split("/", 2)[-1])
    [submitted] = bodies("update.submitted")
    assert submitted["update"]["id"] == update.pk and submitted["page"]["id"] == live_story.pk
    assert all(delivery.endpoint == endpoint for delivery in WebhookDelivery.objects.all())


def test_a_rejection_is_recorded(endpoint, live_story, writer, editor):
    update = submit(draft_update(live_story, writer), writer)
    state = update.current_workflow_task_state
    state.task.specific.on_action(state, editor, "reject", comment="Source the figure.")

    assert recorded() == ["update.submitted", "update.rejected"]
    [body] = bodies("update.rejected")
    assert body["update_id"] == update.pk and body["page"]["id"] == live_story.pk


def test_a_change_while_live_and_a_withdrawal_are_recorded(
    endpoint, live_story, writer, editor, second_editor
):
    update = publish_update(live_story, writer, editor)
    update.headline = "Ministers agree a larger package"
    update.save_revision(user=writer)
    approve(submit(update, writer), second_editor)
    withdraw(update, editor, "The figure was not confirmed.")

    published = [name for name in recorded() if name in ("update.published", "update.updated")]
    assert published == ["update.published", "update.updated"]
    assert recorded()[-1] == "update.withdrawn"
    [changed] = bodies("update.updated")
    assert changed["update"]["headline"] == "Ministers agree a larger package"
    [gone] = bodies("update.withdrawn")
    # A withdrawn update's text is off the record: its id and its story only.
    assert gone["update"] is None and gone["update_id"] == update.pk
    assert gone["page"]["id"] == live_story.pk


def test_nothing_is_published_to_receivers_for_a_story_that_is_not_public(
    endpoint, live_story, writer, editor, second_editor
):
    PageViewRestriction.objects.create(page=live_story, restriction_type=PageViewRestriction.LOGIN)
    update = publish_update(live_story, writer, editor)
    update.headline = "Changed"
    update.save_revision(user=writer)
    approve(submit(update, writer), second_editor)
    withdraw(update, editor, "Not confirmed.")

    names = set(recorded())
    assert not names & {"update.published", "update.updated", "update.withdrawn"}


def test_nothing_is_recorded_without_a_subscriber(live_story, writer, editor):
    make_endpoint("https://receiver.example/posts", names=[events.POST_PUBLISHED])
    publish_update(live_story, writer, editor)
    assert recorded() == []


def test_update_events_are_filtered_by_their_storys_tags(live_story, writer, editor):
    """The demo story is tagged NATO, Ukraine and military aid."""
    ukraine, _ = make_endpoint("https://ukraine.example/hook", UPDATE_EVENTS, tags=["UKRAINE"])
    elections, _ = make_endpoint(
        "https://elections.example/hook", UPDATE_EVENTS, tags=["Elections"]
    )
    update = publish_update(live_story, writer, editor)
    withdraw(update, editor, "The figure was not confirmed.")

    sent = WebhookDelivery.objects.filter(endpoint=ukraine).order_by("created_at", "pk")
    assert [d.event.name for d in sent] == [
        "update.submitted",
        "update.published",
        "update.approved",
        "update.withdrawn",
    ]
    assert {tuple(json.loads(d.body)["page"]["tags"]) for d in sent} == {
        ("NATO", "Ukraine", "military aid")
    }
    assert not WebhookDelivery.objects.filter(endpoint=elections).exists()
