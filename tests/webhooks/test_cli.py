"""`manage.py webhooks add|list|remove`."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cms.webhooks import events
from cms.webhooks.models import WebhookEndpoint
from tests.webhooks.conftest import database_url

ROOT = Path(__file__).resolve().parents[2]


def webhooks(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("webhooks", *args, stdout=out)
    return out.getvalue().splitlines()


def test_add_prints_the_id_and_secret_last_and_only_once(db):
    lines = webhooks(
        "add",
        "https://hooks.example.com/cms",
        "--events",
        "post.published,post.deleted",
        "--description",
        "Front end cache",
    )
    endpoint = WebhookEndpoint.objects.get()
    assert lines[-1] == f"id={endpoint.pk} secret={endpoint.secret}"
    assert len(endpoint.secret) >= 40
    assert endpoint.url == "https://hooks.example.com/cms"
    assert endpoint.events == ["post.published", "post.deleted"]
    assert endpoint.description == "Front end cache"
    assert endpoint.active
    assert sum(endpoint.secret in line for line in lines) == 1
    # Stored encrypted, not as typed.
    assert endpoint.secret not in endpoint.secret_encrypted


def test_add_without_events_subscribes_to_all(db):
    webhooks("add", "http://receiver:8080/hook")  # a single-label host is fine
    assert WebhookEndpoint.objects.get().events == list(events.NAMES)


def test_list_never_shows_secrets(db):
    first = webhooks("add", "https://a.example.com/hook", "--description", "Site A")[-1]
    second = webhooks("add", "https://b.example.com/hook", "--events", "post.submitted")[-1]
    secrets = [line.split("secret=")[1] for line in (first, second)]
    WebhookEndpoint.objects.filter(url__contains="b.example").update(active=False)

    lines = webhooks("list")
    output = "\n".join(lines)
    assert lines[0].split() == ["ID", "ACTIVE", "EVENTS", "TAGS", "URL", "DESCRIPTION"]
    assert "https://a.example.com/hook" in lines[1] and "Site A" in lines[1]
    assert lines[2].split()[1:] == ["no", "post.submitted", "-", "https://b.example.com/hook"]
    for endpoint, secret in zip(WebhookEndpoint.objects.order_by("pk"), secrets, strict=True):
        assert secret not in output
        assert endpoint.secret_encrypted not in output


def test_list_when_empty(db):
    assert webhooks("list") == ["No webhook endpoints."]


def test_remove(db):
    endpoint_id = webhooks("add", "https://hooks.example.com/")[-1].split()[0].split("=")[1]
    assert webhooks("remove", endpoint_id) == [
        f"Removed webhook endpoint {endpoint_id}: https://hooks.example.com/"
    ]
    assert not WebhookEndpoint.objects.exists()
    with pytest.raises(CommandError, match=f"No webhook endpoint with id {endpoint_id}."):
        webhooks("remove", endpoint_id)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ftp://hooks.example.com/"], "URL 'ftp://hooks.example.com/': Enter a URL starting"),
        (["https://user:pw@hooks.example.com/"], "Leave user names and passwords out"),
        (
            ["https://hooks.example.com/", "--events", "post.published,post.created"],
            "--events: unknown event 'post.created'; choose from post.published, ",
        ),
        (["https://hooks.example.com/", "--events", ","], "--events: name at least one event"),
    ],
)
def test_bad_input_is_a_clear_error(db, args, message):
    with pytest.raises(CommandError, match=message.replace(".", r"\.")):
        webhooks("add", *args)
    assert not WebhookEndpoint.objects.exists()


def test_private_targets_are_refused_when_the_guard_is_on(db, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(CommandError, match="localhost \\(127.0.0.1\\) is a loopback address"):
        webhooks("add", "http://localhost:9000/hook")
    with pytest.raises(CommandError, match="169.254.169.254 is a cloud metadata address"):
        webhooks("add", "http://169.254.169.254/latest/")


def test_errors_exit_non_zero_with_one_line(db):
    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [
            sys.executable,
            "manage.py",
            "webhooks",
            "add",
            "https://hooks.example.com/",
            "--events",
            "post.created",
        ],
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
        "CommandError: --events: unknown event 'post.created'; choose from "
        + ", ".join(events.NAMES)
    ]
