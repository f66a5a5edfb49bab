"""A publish that fails half-way leaves nothing behind: all of it commits, or none of it.

A `page_published` receiver raising stands for any failure inside the publish
(a bug in a receiver, a lost connection). Wagtail saves the page as live and
writes its audit entry before it sends the signal, so each route must run the
whole publish in one transaction: the live flag, the live revision, the
change-log row, the webhook outbox event and the audit entry go together.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState
from wagtail.signals import page_unpublished

from cms.changelog.models import PageChange
from cms.webhooks.models import WebhookEvent
from news.models import LatestUpdatesPage
from tests.editorial.flow import act, draft, submit
from tests.faults.conftest import ReceiverFailed

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

PROBLEM_JSON = "application/problem+json"


def assert_not_published(post) -> None:
    post = LatestUpdatesPage.objects.get(pk=post.pk)
    assert not post.live, "live without its change-log row"
    assert post.live_revision_id is None
    assert post.first_published_at is None
    assert not PageChange.objects.filter(page_id=post.pk).exists(), "a log row for no publish"
    assert not WebhookEvent.objects.filter(page_id=post.pk, name__startswith="post.pub").exists()
    assert not PageLogEntry.objects.filter(page=post, action="wagtail.publish").exists()


def assert_published_once(post) -> None:
    post = LatestUpdatesPage.objects.get(pk=post.pk)
    assert post.live
    assert post.live_revision_id == post.latest_revision_id
    changes = PageChange.objects.filter(page_id=post.pk)
    assert [(c.event, c.revision_id) for c in changes] == [("published", post.live_revision_id)]
    assert WebhookEvent.objects.filter(page_id=post.pk, name="post.published").count() == 1
    assert PageLogEntry.objects.filter(page=post, action="wagtail.publish").count() == 1


def assert_still_in_review(post) -> None:
    post = LatestUpdatesPage.objects.get(pk=post.pk)
    assert post.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert not PageLogEntry.objects.filter(page=post, action="wagtail.workflow.approve").exists()


def assert_no_traceback(response) -> None:
    assert b"Traceback" not in response.content
    assert b"ReceiverFailed" not in response.content


def assert_api_failure(response) -> None:
    """API clients get a problem+json answer, never an HTML error page."""
    assert response.status_code >= 500 or response.status_code == 409, response.status_code
    assert response["Content-Type"].startswith(PROBLEM_JSON), response["Content-Type"]
    assert_no_traceback(response)


@pytest.fixture
def post(section, writer, subscriber):
    return draft(section, writer)


@pytest.fixture
def submitted(post, writer):
    submit(post, writer)
    return LatestUpdatesPage.objects.get(pk=post.pk)


@pytest.fixture
def api_post(editors, token_for):
    """POST an empty JSON body as the first editor, seeing what an API client would."""
    headers = token_for(editors[0])
    client = Client(raise_request_exception=False)

    def post(url: str):
        return client.post(url, {}, content_type="application/json", **headers)

    return post


def client_for(user) -> Client:
    # As a browser or API client sees it: the server's answer, not the exception.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


class TestInCode:
    def test_revision_publish(self, post, failing_publish):
        with pytest.raises(ReceiverFailed):
            post.get_latest_revision().publish()
        assert_not_published(post)

        failing_publish.heal()
        LatestUpdatesPage.objects.get(pk=post.pk).get_latest_revision().publish()
        assert_published_once(post)

    def test_unpublish(self, post, subscriber):
        post.get_latest_revision().publish()
        post = LatestUpdatesPage.objects.get(pk=post.pk)

        def explode(sender, **kwargs):
            raise ReceiverFailed("a page_unpublished receiver failed")

        page_unpublished.connect(explode, dispatch_uid="faults_failing_unpublish", weak=False)
        try:
            with pytest.raises(ReceiverFailed):
                post.unpublish()
        finally:
            page_unpublished.disconnect(dispatch_uid="faults_failing_unpublish")
        assert LatestUpdatesPage.objects.get(pk=post.pk).live
        assert not PageChange.objects.filter(page_id=post.pk, event="unpublished").exists()

    def test_workflow_approval(self, submitted, editors, failing_publish):
        with pytest.raises(ReceiverFailed):
            act(submitted, editors[0], "approve")
        assert_not_published(submitted)
        assert_still_in_review(submitted)

        failing_publish.heal()
        act(submitted, editors[0], "approve")
        assert_published_once(submitted)


class TestAdmin:
    def approve(self, post, user):
        task_state = LatestUpdatesPage.objects.get(pk=post.pk).current_workflow_task_state
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[post.pk, "approve", task_state.pk]
        )
        return client_for(user).post(url, {"comment": ""})

    def test_editor_approving(self, submitted, editors, failing_publish):
        response = self.approve(submitted, editors[0])
        # Wagtail's admin answers an unexpected error with the site's 500 page; what
        # matters is that nothing was half-done, so the editor can simply try again.
        assert response.status_code == 500
        assert_no_traceback(response)
        assert failing_publish.calls == 1
        assert_not_published(submitted)
        assert_still_in_review(submitted)

        failing_publish.heal()
        assert self.approve(submitted, editors[0]).status_code == 302
        assert_published_once(submitted)

    def test_publish_button(self, post, django_user_model, failing_publish):
        from tests.editorial.test_no_route_around_the_editor import edit_form

        # Only a superuser may publish a version they saved themselves, as this button does.
        chief = django_user_model.objects.create_superuser("chief", "chief@example.com", "pass")
        url = reverse("wagtailadmin_pages:edit", args=[post.pk])
        form = {**edit_form(slug=post.slug), "action-publish": "action-publish"}
        response = client_for(chief).post(url, form)
        assert response.status_code == 500
        assert_no_traceback(response)
        assert failing_publish.calls == 1
        assert_not_published(post)

        failing_publish.heal()
        assert client_for(chief).post(url, form).status_code == 302
        assert_published_once(post)


class TestAPI:
    def test_editorial_approve(self, submitted, api_post, failing_publish):
        url = f"/api/v3/editorial/pages/{submitted.pk}/approve/"
        response = api_post(url)
        assert_api_failure(response)
        assert failing_publish.calls == 1
        assert_not_published(submitted)
        assert_still_in_review(submitted)

        failing_publish.heal()
        response = api_post(url)
        assert response.status_code == 200, response.content
        assert_published_once(submitted)

    def test_publish_action(self, post, api_post, failing_publish):
        url = f"/api/v3/pages/{post.pk}/actions/publish/"
        response = api_post(url)
        assert_api_failure(response)
        assert failing_publish.calls == 1
        assert_not_published(post)

        failing_publish.heal()
        response = api_post(url)
        assert response.status_code == 200, response.content
        assert_published_once(post)
