"""Settings → Webhooks, driven through the admin's real views as an editor and as a writer."""

from __future__ import annotations

import re

import pytest

from cms.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish
from tests.webhooks.conftest import Reply, make_endpoint, run_queue

INDEX = "/admin/webhooks/"
ADD = "/admin/webhooks/new/"


def detail(endpoint) -> str:
    return f"/admin/webhooks/inspect/{endpoint.pk}/"


def form(url: str, *event_names: str, **extra) -> dict:
    return {
        "url": url,
        "description": "Front end cache",
        "events": list(event_names or ["post.published"]),
        "active": "on",
        **extra,
    }


def shown_secret(response) -> str:
    match = re.search(r'<code id="webhook-secret"[^>]*>([^<]+)</code>', response.content.decode())
    assert match, "the page shows the secret"
    return match.group(1)


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def test_an_editor_creates_an_endpoint_and_sees_its_secret_once(as_editor, receiver, editor):
    menu = as_editor.get("/admin/").content.decode()
    assert '"/admin/webhooks/"' in menu  # the sidebar, under Settings

    response = as_editor.post(ADD, form(receiver.url(), "post.published", "post.updated"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    endpoint = WebhookEndpoint.objects.get()
    assert shown_secret(response) == endpoint.secret
    assert endpoint.events == ["post.published", "post.updated"]
    assert endpoint.created_by == editor
    assert "not shown again" in response.content.decode()

    # Never again: not in the listing, the endpoint's page or its edit form.
    for url in (INDEX, detail(endpoint), f"/admin/webhooks/edit/{endpoint.pk}/"):
        page = as_editor.get(url)
        assert page.status_code == 200, url
        assert endpoint.secret not in page.content.decode(), url
        assert endpoint.secret_encrypted not in page.content.decode(), url


def test_the_form_explains_a_bad_url_on_the_url_field(as_editor, settings):
    response = as_editor.post(ADD, form("ftp://hooks.example.com/"))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "url": ["Enter a URL starting with http:// or https://."]
    }
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    response = as_editor.post(ADD, form("http://169.254.169.254/latest/meta-data/"))
    [error] = response.context["form"].errors["url"]
    assert error.startswith("169.254.169.254 is a cloud metadata address")
    response = as_editor.post(ADD, form("https://hooks.example.com/", events=[]))
    assert "events" in response.context["form"].errors
    assert not WebhookEndpoint.objects.exists()


def test_rotating_the_secret_shows_the_new_one_once(as_editor, receiver):
    endpoint, old_secret = make_endpoint(receiver.url())
    confirm = as_editor.get(f"/admin/webhooks/rotate/{endpoint.pk}/")
    assert confirm.status_code == 200
    assert old_secret not in confirm.content.decode()

    response = as_editor.post(f"/admin/webhooks/rotate/{endpoint.pk}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    endpoint.refresh_from_db()
    assert shown_secret(response) == endpoint.secret != old_secret


def test_the_endpoint_page_lists_deliveries_and_re_sends_one(
    as_editor, section, receiver, django_capture_on_commit_callbacks
):
    endpoint, _secret = make_endpoint(receiver.url())
    receiver.answer(Reply(status=500, body=b"receiver is down"))
    post = LatestUpdatesPageFactory(parent=section, title="Talks in Geneva")
    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
    run_queue()
    sent = WebhookDelivery.objects.get()

    page = as_editor.get(detail(endpoint)).content.decode()
    row = page[page.index(f'data-delivery="{sent.pk}"') :]
    row = row[: row.index("</tr>")]
    for shown in (
        "post.published",
        "Talks in Geneva",
        str(sent.pk),
        "Pending",
        "500",
        "HTTP 500: receiver is down",
        "Re-send",
    ):
        assert shown in row, shown

    with django_capture_on_commit_callbacks(execute=True):
        response = as_editor.post(f"/admin/webhooks/resend/{endpoint.pk}/{sent.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == detail(endpoint)
    assert "will be sent again" in response.content.decode()
    run_queue()
    sent.refresh_from_db()
    assert sent.status == WebhookDelivery.DELIVERED
    assert sent.attempts == 2
    assert [r.headers["x-cms-delivery"] for r in receiver.requests] == [str(sent.pk)] * 2


def test_resend_needs_a_post_and_the_right_endpoint(
    as_editor, receiver, section, django_capture_on_commit_callbacks
):
    endpoint, _ = make_endpoint(receiver.url())
    other, _ = make_endpoint(receiver.url("/other"), names=[])
    post = LatestUpdatesPageFactory(parent=section)
    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
    sent = WebhookDelivery.objects.get()
    assert as_editor.get(f"/admin/webhooks/resend/{endpoint.pk}/{sent.pk}/").status_code == 405
    assert as_editor.post(f"/admin/webhooks/resend/{other.pk}/{sent.pk}/").status_code == 404


def test_writers_cannot_see_or_use_webhooks(
    client, writer, receiver, section, django_capture_on_commit_callbacks
):
    endpoint, secret = make_endpoint(receiver.url())
    post = LatestUpdatesPageFactory(parent=section)
    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
    sent = WebhookDelivery.objects.get()
    client.force_login(writer)
    assert '"/admin/webhooks/"' not in client.get("/admin/").content.decode()
    for method, url in [
        ("get", INDEX),
        ("get", ADD),
        ("post", ADD),
        ("get", detail(endpoint)),
        ("get", f"/admin/webhooks/edit/{endpoint.pk}/"),
        ("post", f"/admin/webhooks/delete/{endpoint.pk}/"),
        ("get", f"/admin/webhooks/rotate/{endpoint.pk}/"),
        ("post", f"/admin/webhooks/rotate/{endpoint.pk}/"),
        ("post", f"/admin/webhooks/resend/{endpoint.pk}/{sent.pk}/"),
    ]:
        response = getattr(client, method)(url, form(receiver.url("/writer")))
        # Wagtail sends those without the right back to the dashboard.
        assert response.status_code == 302 and response["Location"] == "/admin/", (method, url)
        assert secret not in response.content.decode()
    endpoint.refresh_from_db()
    assert endpoint.secret == secret
    assert WebhookEndpoint.objects.count() == 1
    sent.refresh_from_db()
    assert sent.attempts == 0
