"""The same approval sent twice, and two editors approving at once: one approval, one publish.

A hundred trials in all, each on a freshly submitted post: the repeated POST
(a double click, a browser retry) through the admin's workflow action and the
editorial API on every database, and two editors racing with real threads and
connections on PostgreSQL. Every trial must end with exactly one approval and
one publish of the approved version, no revert, and no 5xx for the loser.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState

from news.models import LatestUpdatesPage
from tests.editorial.flow import draft, submit
from tests.faults.conftest import make_editor

pytestmark = pytest.mark.faults

SEQUENTIAL_TRIALS = 25  # per route, on every database
RACING_TRIALS = 25  # per route, on PostgreSQL
APPROVE_LOG = "wagtail.workflow.approve"


def submitted_post(section, writer, trial: int) -> tuple[LatestUpdatesPage, TaskState]:
    post = draft(section, writer, title=f"Trial {trial}")
    submit(post, writer)
    post = LatestUpdatesPage.objects.get(pk=post.pk)
    return post, post.current_workflow_task_state


def admin_approve_url(post, task_state) -> str:
    return reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", task_state.pk])


def api_approve_url(post) -> str:
    return f"/api/v3/editorial/pages/{post.pk}/approve/"


def assert_approved_and_published_once(post, task_state, revisions_before: int) -> None:
    post = LatestUpdatesPage.objects.get(pk=post.pk)
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    logs = PageLogEntry.objects.filter(page=post)
    assert logs.filter(action=APPROVE_LOG).count() == 1, "exactly one approval"
    assert logs.filter(action="wagtail.publish").count() == 1, "exactly one publish"
    assert not logs.filter(action="wagtail.revert").exists()
    assert post.live
    assert post.live_revision_id == task_state.revision_id == post.latest_revision_id
    assert post.revisions.count() == revisions_before, "approving writes no version"


def assert_not_a_crash(response) -> None:
    assert response.status_code < 500, response.content[:500]


@pytest.mark.django_db
class TestSameApprovalTwice:
    """Sequential: the second request finds the review already decided."""

    def test_admin_workflow_action(self, section, writer, editors):
        client = Client(raise_request_exception=False)
        client.force_login(editors[0])
        for trial in range(SEQUENTIAL_TRIALS):
            post, task_state = submitted_post(section, writer, trial)
            revisions = post.revisions.count()
            url = admin_approve_url(post, task_state)
            first = client.post(url, {"comment": ""})
            second = client.post(url, {"comment": ""})
            assert first.status_code == 302
            assert_not_a_crash(second)
            assert second.status_code == 302
            said = [str(message) for message in get_messages(second.wsgi_request)]
            assert any("not currently awaiting moderation" in text for text in said), said
            assert_approved_and_published_once(post, task_state, revisions)

    def test_editorial_api(self, section, writer, editors, token_for):
        client = Client(raise_request_exception=False)
        headers = token_for(editors[0])
        for trial in range(SEQUENTIAL_TRIALS):
            post, task_state = submitted_post(section, writer, trial)
            revisions = post.revisions.count()
            url = api_approve_url(post)
            first = client.post(url, {}, content_type="application/json", **headers)
            second = client.post(url, {}, content_type="application/json", **headers)
            assert first.status_code == 200, first.content
            assert second.status_code == 409, second.content
            assert second.json()["detail"] == "This post is not awaiting review."
            assert_approved_and_published_once(post, task_state, revisions)


def race(*requests: Callable[[], object]) -> list:
    """Run each request in its own thread and connection, released together."""
    start = threading.Barrier(len(requests))
    responses: list = [None] * len(requests)

    def run(index: int) -> None:
        try:
            start.wait(timeout=10)
            responses[index] = requests[index]()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(response is not None for response in responses), "a request did not finish"
    return responses


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL's row locks; SQLite serialises every writer, so nothing races",
)
class TestTwoEditorsAtOnce:
    @pytest.fixture
    def desk(self, site_tree, writer, django_user_model):
        # serialized_rollback restores the tree; the fixtures' users are made afresh.
        return [make_editor(django_user_model, name) for name in ("ed", "olga")]

    def test_admin_workflow_action(self, section, writer, desk):
        clients = []
        for editor in desk:
            client = Client(raise_request_exception=False)
            client.force_login(editor)
            clients.append(client)
        for trial in range(RACING_TRIALS):
            post, task_state = submitted_post(section, writer, trial)
            revisions = post.revisions.count()
            url = admin_approve_url(post, task_state)
            responses = race(*(lambda c=c, url=url: c.post(url, {"comment": ""}) for c in clients))
            for response in responses:
                assert_not_a_crash(response)
                # The loser is sent back with a message, whichever check it lost at.
                assert response.status_code == 302
            assert_approved_and_published_once(post, task_state, revisions)

    def test_editorial_api(self, section, writer, desk, token_for):
        headers = [token_for(editor) for editor in desk]
        for trial in range(RACING_TRIALS):
            post, task_state = submitted_post(section, writer, trial)
            revisions = post.revisions.count()
            url = api_approve_url(post)
            responses = race(
                *(
                    lambda h=h, url=url: Client(raise_request_exception=False).post(
                        url, {}, content_type="application/json", **h
                    )
                    for h in headers
                )
            )
            assert sorted(r.status_code for r in responses) == [200, 409], [
                r.content for r in responses
            ]
            assert_approved_and_published_once(post, task_state, revisions)
