"""Events are recorded with the change, in its transaction, for the endpoints that want them."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import PageViewRestriction, Revision

from cms.changelog.models import PageChange
from cms.webhooks import events
from cms.webhooks.models import WebhookDelivery, WebhookEvent
from tests.editorial import flow
from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish
from tests.webhooks.conftest import make_endpoint, run_queue


@pytest.fixture
def post(section):
    return LatestUpdatesPageFactory(parent=section, title="Allies meet in Brussels")


def sent_events(receiver) -> list[str]:
    return [request.headers["x-cms-event"] for request in receiver.requests]


def test_a_publish_is_delivered_with_the_contract_payload(
    post, endpoint, receiver, django_capture_on_commit_callbacks
):
    post.tags.add("Ukraine", "NATO")
    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
    assert run_queue() == 1

    [request] = receiver.requests
    delivery = WebhookDelivery.objects.get()
    change = PageChange.objects.get(page_id=post.pk)
    assert request.path == "/hook"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["x-cms-event"] == "post.published"
    assert request.headers["x-cms-delivery"] == str(delivery.pk)
    assert request.body == delivery.body.encode()
    assert request.json == {
        "id": str(delivery.pk),
        "event": "post.published",
        "occurred_at": change.occurred_at.isoformat().replace("+00:00", "Z"),
        "page": {
            "id": post.pk,
            "type": "news.LatestUpdatesPage",
            "title": "Allies meet in Brussels",
            "slug": "allies-meet-in-brussels",
            "url_path": "/latest-updates/allies-meet-in-brussels/",
            "html_url": "http://testserver/latest-updates/allies-meet-in-brussels/",
            "api_url": f"http://testserver/api/v2/pages/{post.pk}/",
            "revision_id": post.live_revision_id,
            "tags": ["NATO", "Ukraine"],
        },
    }
    assert list(json.loads(request.body)) == ["id", "event", "occurred_at", "page"]
    assert delivery.status == WebhookDelivery.DELIVERED
    assert delivery.attempts == 1
    assert delivery.last_status_code == 200
    assert WebhookEvent.objects.get().change_id == change.pk


def test_republishing_a_live_post_is_an_update_and_unpublish_and_delete_follow(
    post, endpoint, receiver, django_capture_on_commit_callbacks
):
    post.tags.add("Brussels")
    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
        post.title = "Allies agree in Brussels"
        publish(post)
        post.unpublish()
        publish(post)  # live again after an unpublish: published, not updated
    run_queue()
    assert sent_events(receiver) == [
        "post.published",
        "post.updated",
        "post.unpublished",
        "post.published",
    ]
    update = receiver.requests[1].json
    assert update["page"]["title"] == "Allies agree in Brussels"
    assert receiver.requests[2].json["page"]["revision_id"] is None

    page_id, url_path = post.pk, "/latest-updates/allies-meet-in-brussels/"
    with django_capture_on_commit_callbacks(execute=True):
        post.delete()
    run_queue()
    deleted = receiver.requests[-1].json
    assert deleted["event"] == "post.deleted"
    # Described as it was, tags and all: the page itself is gone.
    assert deleted["page"] == {
        "id": page_id,
        "type": "news.LatestUpdatesPage",
        "title": "Allies agree in Brussels",
        "slug": "allies-meet-in-brussels",
        "url_path": url_path,
        "html_url": f"http://testserver{url_path}",
        "api_url": f"http://testserver/api/v2/pages/{page_id}/",
        "revision_id": None,
        "tags": ["Brussels"],
    }


def test_a_publish_that_rolls_back_records_and_sends_nothing(
    post, endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            publish(post)
            assert WebhookDelivery.objects.count() == 1  # written in the publish's transaction
            raise RuntimeError("the request failed after publishing")
    assert callbacks == []
    assert run_queue() == 0
    assert not PageChange.objects.filter(page_id=post.pk).exists()
    assert not WebhookEvent.objects.exists()
    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


def test_inactive_endpoints_get_nothing_and_subscriptions_are_respected(
    post, receiver, django_capture_on_commit_callbacks
):
    make_endpoint(receiver.url("/inactive"), active=False)
    make_endpoint(receiver.url("/reviews"), names=[events.POST_SUBMITTED, events.POST_APPROVED])
    make_endpoint(receiver.url("/published"), names=[events.POST_PUBLISHED])
    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
        publish(post)  # post.updated: nobody asked for it
    run_queue()
    assert [(r.path, r.headers["x-cms-event"]) for r in receiver.requests] == [
        ("/published", "post.published")
    ]
    assert WebhookEvent.objects.count() == 1  # nothing is recorded that nobody wants


def test_nothing_is_recorded_without_endpoints(post, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publish(post)
    assert PageChange.objects.filter(page_id=post.pk).exists()
    assert not WebhookEvent.objects.exists()
    assert len(callbacks) >= 1  # the change log's cache invalidation, not ours
    assert run_queue() == 0


def test_restricting_a_post_is_unpublished_for_receivers_as_for_the_feed(
    post, endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
        restriction = PageViewRestriction.objects.create(
            page=post, restriction_type=PageViewRestriction.LOGIN
        )
        restriction.delete()
    run_queue()
    assert sent_events(receiver) == ["post.published", "post.unpublished", "post.published"]


def test_review_steps_are_events(
    section, writer, editor, endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = flow.draft(section, writer, title="Ceasefire talks resume")
        flow.submit(post, writer)
        flow.act(post, editor, "reject", comment="Add a source")
        post = flow.edit(post, writer, title="Ceasefire talks resume in Doha")
        post.current_workflow_state.resume(writer)
        flow.act(post, editor, "approve")
    run_queue()
    assert sent_events(receiver) == [
        "post.submitted",
        "post.rejected",
        "post.submitted",
        "post.published",
        "post.approved",
    ]
    submitted, rejected, resubmitted, published, approved = (r.json for r in receiver.requests)
    assert submitted["page"]["title"] == "Ceasefire talks resume"
    assert resubmitted["page"]["title"] == "Ceasefire talks resume in Doha"
    post.refresh_from_db()
    # The approved revision is the one published; the approval came first.
    assert approved["page"]["revision_id"] == published["page"]["revision_id"]
    assert approved["page"]["revision_id"] == post.live_revision_id
    assert approved["occurred_at"] <= published["occurred_at"]
    assert rejected["page"]["revision_id"] == submitted["page"]["revision_id"]


def test_a_scheduled_approval_publishes_only_when_it_goes_live(
    section, writer, editor, endpoint, receiver, django_capture_on_commit_callbacks
):
    go_live = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        post = flow.draft(section, writer)
        flow.submit(post, writer)
        flow.act(post, editor, "approve", go_live_at=go_live.isoformat())
    run_queue()
    assert sent_events(receiver) == ["post.submitted", "post.approved"]

    # The go-live time arrives (moved into the past rather than waited for).
    past = timezone.now() - datetime.timedelta(seconds=1)
    for revision in Revision.objects.filter(approved_go_live_at__isnull=False):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", stdout=io.StringIO())
    run_queue()
    assert sent_events(receiver) == ["post.submitted", "post.approved", "post.published"]
