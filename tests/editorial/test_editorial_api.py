"""/api/v3/editorial/: the same review process for newsroom tools, with the admin's rules."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from cms.editorial.roles import EDITORS
from news.models import LatestUpdatesPage
from tests.editorial.flow import draft, submit

pytestmark = pytest.mark.django_db
BASE = "/api/v3/editorial"


@pytest.fixture
def other_editor(site_tree, django_user_model):
    user = django_user_model.objects.create_user("olga", "olga@example.com", "pass")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def post_json(client, url, data=None, **headers):
    return client.post(url, data or {}, content_type="application/json", **headers)


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def test_full_review_over_the_api(client, section, writer, editor, token_for):
    post = draft(section, writer)
    as_writer, as_editor = token_for(writer), token_for(editor)

    status = client.get(f"{BASE}/pages/{post.pk}/", **as_writer).json()
    assert status == {
        "stage": "draft",
        "workflow": "Editorial review",
        "task": None,
        "submitted_by": None,
        "submitted_at": None,
        "comments": [],
        "quotes": [],
    }

    status = post_json(client, f"{BASE}/pages/{post.pk}/submit/", **as_writer).json()
    assert status["stage"] == "in review" and status["task"] == "Editor approval"
    assert status["submitted_by"]["username"] == writer.username

    queue = client.get(f"{BASE}/queue/", **as_editor).json()
    assert [item["id"] for item in queue] == [post.pk]

    status = post_json(
        client, f"{BASE}/pages/{post.pk}/reject/", {"comment": "Source the €65bn."}, **as_editor
    ).json()
    assert status["stage"] == "changes requested"
    assert status["comments"][-1]["comment"] == "Source the €65bn."
    assert status["comments"][-1]["action"] == "changes requested"
    assert status["comments"][-1]["by"]["username"] == editor.username

    assert post_json(client, f"{BASE}/pages/{post.pk}/submit/", **as_writer).status_code == 200
    status = post_json(client, f"{BASE}/pages/{post.pk}/approve/", **as_editor).json()
    assert status["stage"] == "published"
    assert LatestUpdatesPage.objects.get(pk=post.pk).live


def test_approve_needs_no_body(client, section, writer, editor, token_for):
    post = draft(section, writer)
    submit(post, writer)
    # As curl -X POST sends it: no body, no content type.
    response = client.generic("POST", f"{BASE}/pages/{post.pk}/approve/", **token_for(editor))
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == "published"


def test_approve_with_go_live_at_schedules(client, section, writer, editor, token_for):
    post = draft(section, writer)
    submit(post, writer)
    go_live = (timezone.now() + datetime.timedelta(hours=3)).isoformat()
    response = post_json(
        client, f"{BASE}/pages/{post.pk}/approve/", {"go_live_at": go_live}, **token_for(editor)
    )
    assert response.json()["stage"] == "scheduled"
    assert not LatestUpdatesPage.objects.get(pk=post.pk).live


def test_anonymous_callers_get_401(client, section, writer):
    post = draft(section, writer)
    for url in (f"{BASE}/pages/{post.pk}/", f"{BASE}/queue/"):
        assert problem(client.get(url), 401)["detail"]
    problem(post_json(client, f"{BASE}/pages/{post.pk}/approve/"), 401)


def test_a_session_cookie_is_not_enough(client, section, writer, editor):
    post = draft(section, writer)
    submit(post, writer)
    client.force_login(editor)
    problem(post_json(client, f"{BASE}/pages/{post.pk}/approve/"), 401)
    assert not LatestUpdatesPage.objects.get(pk=post.pk).live


def test_writer_token_cannot_approve(client, section, writer, token_for):
    post = draft(section, writer)
    submit(post, writer)
    body = problem(post_json(client, f"{BASE}/pages/{post.pk}/approve/", **token_for(writer)), 403)
    assert "another editor" in body["detail"] or "Only editors" in body["detail"]
    assert not LatestUpdatesPage.objects.get(pk=post.pk).live


def test_editor_cannot_approve_their_own_work(client, section, editor, other_editor, token_for):
    post = draft(section, editor)
    submit(post, editor)
    body = problem(post_json(client, f"{BASE}/pages/{post.pk}/approve/", **token_for(editor)), 403)
    assert "another editor" in body["detail"]
    assert (
        post_json(client, f"{BASE}/pages/{post.pk}/approve/", **token_for(other_editor)).json()[
            "stage"
        ]
        == "published"
    )


def test_own_work_is_not_in_the_queue(client, section, editor, token_for):
    submit(draft(section, editor), editor)
    assert client.get(f"{BASE}/queue/", **token_for(editor)).json() == []


def test_reject_needs_a_comment(client, section, writer, editor, token_for):
    post = draft(section, writer)
    submit(post, writer)
    url = f"{BASE}/pages/{post.pk}/reject/"
    body = problem(post_json(client, url, {}, **token_for(editor)), 422)
    assert "Say what needs to change" in str(body)
    body = problem(client.generic("POST", url, **token_for(editor)), 422)  # no body at all
    assert "Say what needs to change" in str(body)
    body = problem(post_json(client, url, {"comment": "  "}, **token_for(editor)), 422)
    assert "Say what needs to change" in str(body)
    assert LatestUpdatesPage.objects.get(pk=post.pk).current_workflow_state.status == "in_progress"


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ({"go_live_at": "tomorrow-ish"}, "go_live_at"),
        ({"go_live_at": "2001-01-01T00:00:00Z"}, "must be in the future"),
    ],
)
def test_bad_go_live_at_is_a_clear_422(
    client, section, writer, editor, token_for, payload, fragment
):
    post = draft(section, writer)
    submit(post, writer)
    body = problem(
        post_json(client, f"{BASE}/pages/{post.pk}/approve/", payload, **token_for(editor)), 422
    )
    assert fragment in str(body)


def test_pages_outside_the_section_are_404(client, site_tree, writer, token_for):
    for page_id in (site_tree.home.pk, site_tree.section.pk, 999_999):
        body = problem(client.get(f"{BASE}/pages/{page_id}/", **token_for(writer)), 404)
        assert str(page_id) in body["detail"]


def test_absurd_ids_are_422_not_500(client, site_tree, writer, token_for):
    problem(client.get(f"{BASE}/pages/{10**30}/", **token_for(writer)), 422)


def test_submitting_twice_or_approving_a_draft_is_a_409(client, section, writer, editor, token_for):
    post = draft(section, writer)
    problem(post_json(client, f"{BASE}/pages/{post.pk}/approve/", **token_for(editor)), 409)
    post_json(client, f"{BASE}/pages/{post.pk}/submit/", **token_for(writer))
    body = problem(post_json(client, f"{BASE}/pages/{post.pk}/submit/", **token_for(writer)), 409)
    assert "already in review" in body["detail"]


def test_submitting_a_post_that_breaks_publishing_rules_is_a_422(
    client, section, writer, token_for
):
    post = draft(section, writer)
    revision = post.get_latest_revision()
    revision.content["body"] = [{"type": "quote", "value": {"text": "Unattributed."}, "id": "q1"}]
    revision.save()
    body = problem(post_json(client, f"{BASE}/pages/{post.pk}/submit/", **token_for(writer)), 422)
    assert "speaker or write an attribution" in str(body)
    assert ["body", 0, "attribution"] in [error["loc"] for error in body["errors"]]
    assert LatestUpdatesPage.objects.get(pk=post.pk).current_workflow_state is None


def test_openapi_documents_the_editorial_routes(client, site_tree):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    assert {
        "/api/v3/editorial/pages/{page_id}/",
        "/api/v3/editorial/pages/{page_id}/submit/",
        "/api/v3/editorial/pages/{page_id}/approve/",
        "/api/v3/editorial/pages/{page_id}/reject/",
        "/api/v3/editorial/queue/",
    } <= set(paths)
