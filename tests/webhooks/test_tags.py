"""Endpoints filtered by the post's tags: from the CLI, the admin, and on publish and review."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cms.webhooks.models import WebhookDelivery, WebhookEndpoint
from cms.webhooks.tags import InvalidTags, parse_tags
from tests.editorial import flow
from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish
from tests.webhooks.conftest import database_url, make_endpoint, run_queue

ROOT = Path(__file__).resolve().parents[2]


def webhooks(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("webhooks", *args, stdout=out)
    return out.getvalue().splitlines()


def received_by(endpoint: WebhookEndpoint) -> list[str]:
    deliveries = WebhookDelivery.objects.filter(endpoint=endpoint).order_by("created_at", "pk")
    return [d.event.name for d in deliveries.select_related("event")]


@pytest.fixture
def endpoints(db):
    """One endpoint per filter: lower-case "ukraine", "Elections", and none (every post)."""
    ukraine, _ = make_endpoint("https://ukraine.example/hook", tags=["ukraine"])
    elections, _ = make_endpoint("https://elections.example/hook", tags=["Elections"])
    everything, _ = make_endpoint("https://all.example/hook")
    return ukraine, elections, everything


def test_parsing_what_is_typed():
    assert parse_tags("Ukraine, NATO ,ukraine,, military   aid ") == [
        "Ukraine",
        "NATO",
        "military aid",
    ]
    assert parse_tags("") == [] == parse_tags(" , ")
    with pytest.raises(InvalidTags, match="longer than 100 characters"):
        parse_tags("x" * 101)
    with pytest.raises(InvalidTags, match="control character"):
        parse_tags("Ukraine\x00")
    with pytest.raises(InvalidTags, match="at most 50 tags"):
        parse_tags(",".join(f"tag{n}" for n in range(51)))


def test_a_post_goes_to_endpoints_whose_tags_it_carries_in_any_case(
    section, endpoints, receiver, django_capture_on_commit_callbacks
):
    ukraine, elections, everything = endpoints
    tagged = LatestUpdatesPageFactory(parent=section, title="Strikes on Kharkiv")
    tagged.tags.add("Ukraine", "Energy")
    untagged = LatestUpdatesPageFactory(parent=section, title="Weather warning")
    with django_capture_on_commit_callbacks(execute=True):
        publish(tagged)
        publish(untagged)

    assert received_by(ukraine) == ["post.published"]
    assert received_by(elections) == []
    assert received_by(everything) == ["post.published", "post.published"]
    [sent] = WebhookDelivery.objects.filter(endpoint=ukraine)
    assert sent.event.page["id"] == tagged.pk
    assert sent.event.page["tags"] == ["Energy", "Ukraine"]


def test_a_tagged_endpoint_hears_a_tagged_posts_whole_life(
    section, receiver, django_capture_on_commit_callbacks
):
    endpoint, _ = make_endpoint(receiver.url(), tags=["NATO"])
    post = LatestUpdatesPageFactory(parent=section, title="Allies meet in Brussels")
    post.tags.add("nato")
    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
        publish(post)
        post.unpublish()
        publish(post)
        post.delete()
    assert run_queue() == 6
    assert receiver.events() == [
        "post.published",
        "post.updated",
        "post.unpublished",
        "post.published",
        "post.unpublished",  # deleting a live post unpublishes it first
        "post.deleted",
    ]
    assert {tuple(r.json["page"]["tags"]) for r in receiver.requests} == {("nato",)}


def test_review_events_match_the_tags_of_the_version_under_review(
    section, writer, editor, endpoints, django_capture_on_commit_callbacks
):
    ukraine, elections, everything = endpoints
    with django_capture_on_commit_callbacks(execute=True):
        post = flow.draft(section, writer, title="Polls open")
        flow.submit(post, writer)
        flow.act(post, editor, "reject", comment="Tag it")
        draft = post.get_latest_revision_as_object()
        draft.tags.add("ELECTIONS")
        draft.save_revision(user=writer)
        post.current_workflow_state.resume(writer)
        flow.act(post, editor, "approve")

    assert received_by(everything) == [
        "post.submitted",
        "post.rejected",
        "post.submitted",
        "post.published",
        "post.approved",
    ]
    # Untagged when first submitted and rejected; tagged from the resubmission on.
    assert received_by(elections) == ["post.submitted", "post.published", "post.approved"]
    assert received_by(ukraine) == []


def test_cli_add_with_tags_and_list_shows_them(db):
    lines = webhooks("add", "https://hooks.example.com/", "--tags", "Ukraine, military aid")
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.tags == ["Ukraine", "military aid"]
    assert "Tags: Ukraine, military aid" in lines
    assert lines[-1] == f"id={endpoint.pk} secret={endpoint.secret}"
    listing = webhooks("list")
    assert listing[0].split()[3] == "TAGS"
    assert "Ukraine,military aid" in listing[1]

    webhooks("add", "https://all.example.com/")
    assert WebhookEndpoint.objects.get(url="https://all.example.com/").tags == []


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        (",", "--tags: name at least one tag, or leave --tags out for every post"),
        ("x" * 101, "--tags: tag 'xxxxxxxxxxxxxxxxxxxx'… is longer than 100 characters"),
        ("Ukraine,\tNATO\x07", "--tags: tag 'NATO\\x07' has a control character"),
    ],
)
def test_cli_bad_tags_are_a_clear_error(db, tags, message):
    with pytest.raises(CommandError) as raised:
        webhooks("add", "https://hooks.example.com/", "--tags", tags)
    assert str(raised.value) == message
    assert not WebhookEndpoint.objects.exists()


def test_cli_bad_tags_exit_non_zero_with_one_line(db):
    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "webhooks", "add", "https://hooks.example.com/", "--tags="],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": database_url(),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "CommandError: --tags: name at least one tag, or leave --tags out for every post"
    ]


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def endpoint_form(**extra) -> dict:
    return {
        "url": "https://hooks.example.com/cms",
        "description": "Ukraine desk",
        "events": ["post.published"],
        "active": "on",
        **extra,
    }


def test_the_admin_form_saves_shows_and_edits_tags(as_editor):
    as_editor.post("/admin/webhooks/new/", endpoint_form(tags="Ukraine,  NATO, ukraine"))
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.tags == ["Ukraine", "NATO"]

    edit_url = f"/admin/webhooks/edit/{endpoint.pk}/"
    form = as_editor.get(edit_url).context["form"]
    assert 'value="Ukraine, NATO"' in str(form["tags"])
    assert "Ukraine, NATO" in as_editor.get("/admin/webhooks/").content.decode()
    assert (
        "Ukraine, NATO" in as_editor.get(f"/admin/webhooks/inspect/{endpoint.pk}/").content.decode()
    )

    response = as_editor.post(edit_url, endpoint_form(tags=""))
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.tags == []


def test_the_admin_form_explains_bad_tags_on_the_tags_field(as_editor):
    response = as_editor.post("/admin/webhooks/new/", endpoint_form(tags="Ukraine, " + "x" * 101))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "tags": ["Tag 'xxxxxxxxxxxxxxxxxxxx'… is longer than 100 characters."]
    }
    assert not WebhookEndpoint.objects.exists()
