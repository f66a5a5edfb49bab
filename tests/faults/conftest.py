"""Shared pieces for the fault tests: reviewers, a webhook subscriber, a failing receiver."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import Group
from wagtail.signals import page_published

from cms.editorial.roles import EDITORS
from cms.webhooks import events
from cms.webhooks.models import WebhookEndpoint


class ReceiverFailed(Exception):
    """What the failing `page_published` receiver raises."""


def make_editor(django_user_model, username: str):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", "pass")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def editors(site_tree, django_user_model) -> list:
    """Two editors, neither of whom wrote the posts they review."""
    return [make_editor(django_user_model, name) for name in ("ed", "olga")]


@pytest.fixture
def subscriber(db) -> WebhookEndpoint:
    """An endpoint wanting every event, so a publish writes outbox rows (never sent here)."""
    endpoint = WebhookEndpoint(url="http://127.0.0.1:9/hook", events=list(events.NAMES))
    endpoint.set_new_secret()
    endpoint.save()
    return endpoint


class FailingReceiver:
    """A `page_published` receiver that raises until `heal()` disconnects it.

    It is connected after the change log's receiver, so by the time it raises
    the change-log row (and its outbox event) has already been written.
    """

    uid = "faults_failing_publish"

    def __init__(self) -> None:
        self.calls = 0
        page_published.connect(self, dispatch_uid=self.uid, weak=False)

    def __call__(self, sender, **kwargs) -> None:
        self.calls += 1
        raise ReceiverFailed("a page_published receiver failed")

    def heal(self) -> None:
        page_published.disconnect(dispatch_uid=self.uid)


@pytest.fixture
def failing_publish() -> Iterator[FailingReceiver]:
    """Connected for this test only, whatever the test does."""
    receiver = FailingReceiver()
    try:
        yield receiver
    finally:
        receiver.heal()
