"""The whole story through the admin: an editor registers an endpoint, a writer submits a
post, the editor approves it, and signed deliveries arrive and show in the delivery log."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from cms.webhooks import signing
from news.models import LatestUpdatesPage
from tests.factories import ImageFactory, PersonFactory
from tests.news.test_admin_create import add_url, post_form
from tests.webhooks.conftest import run_queue


def test_editor_registers_writer_submits_editor_approves(
    section, writer, editor, receiver, django_capture_on_commit_callbacks
):
    as_editor, as_writer = Client(), Client()
    as_editor.force_login(editor)
    as_writer.force_login(writer)

    # The editor registers the receiver and copies the secret shown once.
    response = as_editor.post(
        "/admin/webhooks/new/",
        {
            "url": receiver.url("/cms-events"),
            "description": "Front end",
            "events": ["post.submitted", "post.approved", "post.published", "post.updated"],
            "active": "on",
        },
    )
    secret = re.search(r'id="webhook-secret"[^>]*>([^<]+)<', response.content.decode()).group(1)

    # The writer writes a post and submits it for review, in the admin.
    form = post_form(person=PersonFactory(), image=ImageFactory())
    form["action-submit"] = "action-submit"
    with django_capture_on_commit_callbacks(execute=True):
        assert as_writer.post(add_url(section), form).status_code == 302
    post = LatestUpdatesPage.objects.get(slug="allies-meet-in-brussels")

    # The editor approves it, which publishes it.
    task_state = post.current_workflow_task_state
    with django_capture_on_commit_callbacks(execute=True):
        as_editor.post(
            reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", task_state.pk])
        )
    post.refresh_from_db()
    assert post.live

    # The worker sends them; the receiver gets three signed deliveries.
    assert run_queue() == 3
    assert sorted(receiver.events()) == ["post.approved", "post.published", "post.submitted"]
    for request in receiver.requests:
        assert request.path == "/cms-events"
        assert signing.verify(secret, request.headers["x-cms-signature"], request.body)
        assert request.json["id"] == request.headers["x-cms-delivery"]
        assert request.json["page"]["id"] == post.pk
        assert request.json["page"]["title"] == "Allies meet in Brussels"
    published = next(r.json for r in receiver.requests if r.json["event"] == "post.published")
    assert published["page"]["revision_id"] == post.live_revision_id
    assert (
        published["page"]["html_url"] == "http://testserver/latest-updates/allies-meet-in-brussels/"
    )

    # The editor sees them in the endpoint's delivery log.
    listing = as_editor.get("/admin/webhooks/").content.decode()
    detail_url = re.search(r'href="(/admin/webhooks/inspect/\d+/)"', listing).group(1)
    log = as_editor.get(detail_url).content.decode()
    rows = re.findall(r'<tr data-delivery="([^"]+)">(.*?)</tr>', log, re.S)
    assert {delivery_id for delivery_id, _ in rows} == {
        r.headers["x-cms-delivery"] for r in receiver.requests
    }
    for _delivery_id, row in rows:
        assert "Delivered" in row and "<td>200</td>" in row and "<td>1</td>" in row
    assert secret not in log
