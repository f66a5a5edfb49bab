"""Standard Webhooks 1.0: real deliveries checked with the reference library (PyPI
`standardwebhooks`), for new `whsec_` secrets and for endpoints made before them."""

from __future__ import annotations

import base64
import io
import itertools
import secrets
import time

import pytest
from django.core.management import call_command
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from cms.webhooks import delivery, encryption, signing
from cms.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish
from tests.webhooks.conftest import make_due, make_endpoint, run_queue


@pytest.fixture
def publish_one(section, django_capture_on_commit_callbacks):
    """Publish a post; its deliveries are queued, not yet sent."""

    def go() -> WebhookDelivery:
        post = LatestUpdatesPageFactory(parent=section, title="Ceasefire talks resume")
        with django_capture_on_commit_callbacks(execute=True):
            publish(post)
        return WebhookDelivery.objects.latest("created_at")

    return go


def legacy_endpoint(url: str) -> tuple[WebhookEndpoint, str]:
    """An endpoint whose secret was made before whsec_ secrets (URL-safe text, no prefix)."""
    old_secret = secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint(url=url, events=["post.published"])
    endpoint.secret_encrypted = encryption.encrypt(old_secret)
    endpoint.save()
    return endpoint, old_secret


def test_new_secrets_are_whsec_base64_of_32_random_bytes(db):
    out = io.StringIO()
    call_command("webhooks", "add", "https://hooks.example.com/cms", stdout=out)
    last = out.getvalue().splitlines()[-1]
    endpoint = WebhookEndpoint.objects.get()
    assert last == f"id={endpoint.pk} secret={endpoint.secret}"
    assert endpoint.secret.startswith("whsec_")
    key = base64.b64decode(endpoint.secret.removeprefix("whsec_"), validate=True)
    assert len(key) == 32
    assert signing.signing_key(endpoint.secret) == key
    assert signing.new_secret() != signing.new_secret()


def test_a_delivery_verifies_with_the_library_and_carries_all_three_headers(
    publish_one, endpoint, receiver
):
    _endpoint, secret = endpoint
    sent = publish_one()
    before = int(time.time())
    run_queue()
    [request] = receiver.requests

    assert request.headers["webhook-id"] == str(sent.pk) == request.headers["x-cms-delivery"]
    assert request.headers["webhook-id"] == request.json["id"]
    assert before - 1 <= int(request.headers["webhook-timestamp"]) <= time.time() + 1
    assert request.headers["webhook-signature"].startswith("v1,")
    # The secret exactly as the CLI and the admin print it, whsec_ prefix and all.
    assert Webhook(secret).verify(request.body, request.headers) == request.json
    # X-CMS-Signature goes on as before, keyed with the printed secret string.
    assert signing.verify(secret, request.headers["x-cms-signature"], request.body)
    # Both signatures are of this one attempt.
    assert request.headers["x-cms-signature"].startswith(
        f"t={request.headers['webhook-timestamp']},"
    )


def test_the_library_refuses_a_tampered_body_id_or_secret(publish_one, endpoint, receiver):
    _endpoint, secret = endpoint
    publish_one()
    run_queue()
    [request] = receiver.requests
    verifier = Webhook(secret)

    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        verifier.verify(request.body.replace(b"Ceasefire", b"Ceasefirs"), request.headers)
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        verifier.verify(request.body + b" ", request.headers)
    other_id = {**request.headers, "webhook-id": "5b2d7e0c-8f4a-4a53-9a3e-2f7d0c1e6b91"}
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        verifier.verify(request.body, other_id)
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        Webhook(signing.new_secret()).verify(request.body, request.headers)


@pytest.mark.parametrize(
    ("offset", "message"), [(-400, "too old"), (400, "too new")], ids=["replayed", "future"]
)
def test_the_library_refuses_an_attempt_signed_outside_five_minutes(
    publish_one, endpoint, receiver, monkeypatch, offset, message
):
    """An attempt whose timestamp is 400 s off, as a captured request replayed later looks."""
    _endpoint, secret = endpoint
    monkeypatch.setattr(delivery, "clock", lambda: time.time() + offset)
    publish_one()
    run_queue()
    [request] = receiver.requests
    with pytest.raises(WebhookVerificationError, match=message):
        Webhook(secret).verify(request.body, request.headers)


def test_retries_keep_the_webhook_id_and_sign_each_attempt_afresh(
    publish_one, endpoint, receiver, monkeypatch
):
    _endpoint, secret = endpoint
    now = time.time()
    # Three attempts a minute apart, all still within the library's five minutes.
    moments = itertools.chain([now - 120, now - 60], itertools.repeat(now))
    monkeypatch.setattr(delivery, "clock", lambda: next(moments))
    receiver.answer(503, 500, 200)
    sent = publish_one()
    run_queue()
    for _ in range(2):
        make_due(sent)
        delivery.attempt(sent.pk)
    sent.refresh_from_db()
    assert sent.status == WebhookDelivery.DELIVERED and sent.attempts == 3

    requests = receiver.requests
    assert [r.headers["webhook-id"] for r in requests] == [str(sent.pk)] * 3
    assert [int(r.headers["webhook-timestamp"]) for r in requests] == [
        int(now - 120),
        int(now - 60),
        int(now),
    ]
    assert len({r.headers["webhook-signature"] for r in requests}) == 3
    assert {r.body for r in requests} == {sent.body.encode()}
    for request in requests:
        assert Webhook(secret).verify(request.body, request.headers)["id"] == str(sent.pk)


def test_an_endpoint_made_before_whsec_secrets_signs_with_its_secrets_utf8_bytes(
    publish_one, receiver
):
    """Its receiver keeps its secret: the library verifies it given the secret's bytes."""
    _endpoint, old_secret = legacy_endpoint(receiver.url())
    publish_one()
    run_queue()
    [request] = receiver.requests

    assert signing.signing_key(old_secret) == old_secret.encode()
    assert Webhook(old_secret.encode()).verify(request.body, request.headers) == request.json
    assert signing.verify(old_secret, request.headers["x-cms-signature"], request.body)
    # Read as base64 (what Webhook(str) does), the old secret is another key, or no key at all.
    with pytest.raises((WebhookVerificationError, ValueError)):
        Webhook(old_secret).verify(request.body, request.headers)


def test_rotating_an_old_endpoints_secret_moves_it_to_whsec(publish_one, receiver):
    endpoint, old_secret = legacy_endpoint(receiver.url())
    new_secret = endpoint.set_new_secret()
    endpoint.save()
    publish_one()
    run_queue()
    [request] = receiver.requests
    assert new_secret.startswith("whsec_")
    assert Webhook(new_secret).verify(request.body, request.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(old_secret.encode()).verify(request.body, request.headers)


@pytest.mark.parametrize(
    "secret",
    ["whsec_", "whsec_not base64!", "plain-old-secret"],
    ids=["empty", "not-base64", "no-prefix"],
)
def test_a_secret_that_is_not_whsec_base64_signs_with_its_own_bytes(secret):
    assert signing.signing_key(secret) == secret.encode()


def test_every_endpoint_of_one_event_gets_its_own_id_and_signature(publish_one, receiver):
    first, first_secret = make_endpoint(receiver.url("/a"))
    second, second_secret = make_endpoint(receiver.url("/b"))
    publish_one()
    run_queue()
    by_path = {r.path: r for r in receiver.requests}
    assert by_path["/a"].headers["webhook-id"] != by_path["/b"].headers["webhook-id"]
    assert Webhook(first_secret).verify(by_path["/a"].body, by_path["/a"].headers)
    assert Webhook(second_secret).verify(by_path["/b"].body, by_path["/b"].headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(first_secret).verify(by_path["/b"].body, by_path["/b"].headers)
