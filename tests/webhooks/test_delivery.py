"""Sending: signatures, retries with backoff, giving up, the sweep, re-sending, the limits."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import time

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms.webhooks import delivery, signing
from cms.webhooks.models import WebhookDelivery
from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish
from tests.webhooks.conftest import Reply, make_due, make_endpoint, run_queue


@pytest.fixture
def published(section, endpoint, django_capture_on_commit_callbacks):
    """Publish a post with the endpoint listening; its delivery is queued, not yet sent."""

    def go():
        post = LatestUpdatesPageFactory(parent=section)
        with django_capture_on_commit_callbacks(execute=True):
            publish(post)
        return WebhookDelivery.objects.latest("created_at")

    return go


def test_the_signature_verifies_with_the_endpoint_secret(published, endpoint, receiver):
    _endpoint, secret = endpoint
    published()
    run_queue()
    [request] = receiver.requests

    header = request.headers["x-cms-signature"]
    t, v1 = (part.split("=", 1)[1] for part in header.split(","))
    assert header == f"t={t},v1={v1}"
    assert abs(time.time() - int(t)) < 60
    # Recomputed here from the raw bytes received: HMAC-SHA256 of "<t>.<body>".
    expected = hmac.new(secret.encode(), f"{t}.".encode() + request.body, hashlib.sha256)
    assert hmac.compare_digest(v1, expected.hexdigest())

    assert signing.verify(secret, header, request.body)
    assert not signing.verify("another-secret", header, request.body)
    assert not signing.verify(secret, header, request.body.replace(b"Update", b"Updat3"))
    # A replay five minutes later is refused.
    assert not signing.verify(secret, header, request.body, now=int(t) + 301)


def test_500_three_times_then_200_delivers_with_the_same_id(published, receiver):
    receiver.answer(500, 500, 500, 200)
    sent = published()
    run_queue()
    for _ in range(3):
        sent.refresh_from_db()
        assert sent.status == WebhookDelivery.PENDING
        assert sent.last_status_code == 500
        assert sent.next_attempt_at > timezone.now()  # backing off
        make_due(sent)
        delivery.attempt(sent.pk)

    sent.refresh_from_db()
    assert sent.status == WebhookDelivery.DELIVERED
    assert sent.attempts == 4
    assert sent.last_status_code == 200
    assert sent.last_error == ""
    assert len(receiver.requests) == 4
    assert {r.headers["x-cms-delivery"] for r in receiver.requests} == {str(sent.pk)}
    assert {r.body for r in receiver.requests} == {sent.body.encode()}
    # Each attempt signs afresh, but always the same body.
    secret = sent.endpoint.secret
    assert all(
        signing.verify(secret, r.headers["x-cms-signature"], r.body) for r in receiver.requests
    )


def test_a_failure_enqueues_the_retry_for_when_it_is_due(published, receiver):
    receiver.answer(503)
    sent = published()
    run_queue()
    sent.refresh_from_db()
    retry = DBTaskResult.objects.get(status="READY", backend_name="webhooks")
    assert retry.args_kwargs["args"] == [str(sent.pk)]
    assert retry.run_after == sent.next_attempt_at
    assert run_queue() == 0, "not before it is due"


def test_backoff_is_exponential_with_full_jitter_and_capped(settings):
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 30
    settings.WEBHOOKS_RETRY_MAX_DELAY_SECONDS = 3600
    for failed, ceiling in [(1, 30), (2, 60), (3, 120), (4, 240), (8, 3600), (40, 3600)]:
        waits = [delivery.backoff(failed) for _ in range(200)]
        assert all(1 <= wait <= ceiling for wait in waits)
        assert max(waits) > ceiling * 0.7, "spread over the whole range"
        assert min(waits) < ceiling * 0.3 or ceiling < 5


def test_retries_stop_after_the_retry_window(published, receiver, settings):
    receiver.answer(*[500] * 10)
    sent = published()
    run_queue()
    # Almost a day later, the last retry is due exactly at the end of the window.
    WebhookDelivery.objects.filter(pk=sent.pk).update(
        retry_until=timezone.now() + datetime.timedelta(seconds=2)
    )
    make_due(sent)
    delivery.attempt(sent.pk)
    sent.refresh_from_db()
    assert sent.status == WebhookDelivery.PENDING
    assert sent.next_attempt_at <= sent.retry_until

    WebhookDelivery.objects.filter(pk=sent.pk).update(
        retry_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    make_due(sent)
    delivery.attempt(sent.pk)
    sent.refresh_from_db()
    assert sent.status == WebhookDelivery.FAILED
    assert sent.next_attempt_at is None
    assert sent.attempts == 3
    assert sent.last_error.startswith("HTTP 500")


def test_the_retry_window_is_a_setting(published, settings):
    settings.WEBHOOKS_RETRY_HOURS = 2
    sent = published()
    assert sent.retry_until - sent.created_at == datetime.timedelta(hours=2)


def test_a_redirect_is_a_failure_and_is_not_followed(published, receiver):
    receiver.answer(Reply(status=302, headers={"Location": receiver.url("/elsewhere")}))
    sent = published()
    run_queue()
    sent.refresh_from_db()
    assert [r.path for r in receiver.requests] == ["/hook"]
    assert sent.status == WebhookDelivery.PENDING
    assert sent.last_status_code == 302
    assert sent.last_error == f"Redirect to {receiver.url('/elsewhere')} not followed."


def test_a_receiver_slower_than_the_timeout_is_a_failure(published, receiver, settings):
    settings.WEBHOOKS_READ_TIMEOUT = 0.5
    receiver.answer(Reply(delay=3))
    sent = published()
    started = time.monotonic()
    run_queue()
    assert time.monotonic() - started < 2.5
    sent.refresh_from_db()
    assert sent.status == WebhookDelivery.PENDING
    assert sent.last_status_code is None
    assert sent.last_error == "Timed out (read) after 0.5 s."


def test_only_the_start_of_a_huge_answer_is_read(receiver, settings, db):
    from cms.webhooks import client

    settings.WEBHOOKS_MAX_RESPONSE_BYTES = 4096
    receiver.answer(Reply(endless=True))
    started = time.monotonic()
    answer = client.post(receiver.url(), b"{}", {"Content-Type": "application/json"})
    assert time.monotonic() - started < 3, "it did not wait for 100 MB"
    assert answer.ok
    assert len(answer.body) == 4096


def test_a_long_error_answer_is_kept_short(published, receiver):
    receiver.answer(Reply(status=500, body=b"E" * 100_000))
    sent = published()
    run_queue()
    sent.refresh_from_db()
    assert sent.last_error.startswith("HTTP 500: EEE")
    assert len(sent.last_error) < 400


def test_an_endpoint_disabled_after_the_event_is_not_sent_to(published, endpoint, receiver):
    sent = published()
    endpoint[0].active = False
    endpoint[0].save()
    run_queue()
    sent.refresh_from_db()
    assert receiver.requests == []
    assert sent.status == WebhookDelivery.FAILED
    assert sent.last_error == "Not sent: the endpoint is disabled."


def test_the_sweep_sends_a_delivery_whose_task_was_lost(published, receiver, settings):
    settings.WEBHOOKS_SWEEP_GRACE_SECONDS = 60
    sent = published()
    DBTaskResult.objects.all().delete()  # e.g. the process died before enqueueing
    assert delivery.sweep() == 0, "not while its own task may still come"
    WebhookDelivery.objects.filter(pk=sent.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=61)
    )
    assert delivery.sweep() == 1
    sent.refresh_from_db()
    assert sent.status == WebhookDelivery.DELIVERED
    assert [r.headers["x-cms-delivery"] for r in receiver.requests] == [str(sent.pk)]


def test_the_sweep_takes_over_a_claim_whose_worker_died(published, receiver):
    sent = published()
    claimed = delivery.claim(sent.pk)  # a worker took it ... and died without finishing
    assert claimed is not None and claimed.attempts == 1
    assert delivery.attempt(sent.pk).startswith("skipped"), "nobody else while it is claimed"
    assert delivery.sweep() == 0

    WebhookDelivery.objects.filter(pk=sent.pk).update(
        claimed_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert delivery.sweep() == 1
    sent.refresh_from_db()
    assert sent.status == WebhookDelivery.DELIVERED
    assert sent.attempts == 2
    assert len(receiver.requests) == 1


def test_only_one_claim_wins(published):
    sent = published()
    first = delivery.claim(sent.pk)
    second = delivery.claim(sent.pk)
    assert first is not None and second is None


def test_resend_sends_the_same_delivery_again(
    published, receiver, django_capture_on_commit_callbacks
):
    sent = published()
    run_queue()
    sent.refresh_from_db()
    assert sent.status == WebhookDelivery.DELIVERED
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.resend(sent)
    run_queue()
    sent.refresh_from_db()
    assert sent.status == WebhookDelivery.DELIVERED
    assert sent.attempts == 2
    assert [r.headers["x-cms-delivery"] for r in receiver.requests] == [str(sent.pk)] * 2
    assert receiver.requests[0].body == receiver.requests[1].body


def test_several_endpoints_get_their_own_delivery_ids(
    section, receiver, django_capture_on_commit_callbacks
):
    make_endpoint(receiver.url("/a"))
    make_endpoint(receiver.url("/b"))
    post = LatestUpdatesPageFactory(parent=section)
    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
    run_queue()
    by_path = {r.path: r for r in receiver.requests}
    assert set(by_path) == {"/a", "/b"}
    assert by_path["/a"].json["id"] != by_path["/b"].json["id"]
    assert by_path["/a"].json["page"] == by_path["/b"].json["page"]
