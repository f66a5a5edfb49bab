"""/api/v3/editorial/updates/: a desk tool runs a live story's updates with the admin's rules."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone
from wagtail.models import Revision

from news.live.models import LiveUpdate
from news.live.publishing import withdraw
from tests.editorial.flow import draft
from tests.editorial.flow import submit as submit_page
from tests.live.conftest import PARAGRAPH, approve, draft_update, publish_update, submit

pytestmark = pytest.mark.django_db
BASE = "/api/v3/editorial"
UPDATES = f"{BASE}/updates/"


def send(client, method, url, data=None, **headers):
    body = json.dumps(data) if data is not None else ""
    return client.generic(method, url, body, content_type="application/json", **headers)


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def error_locs(body) -> list[list]:
    # ninja's own schema checks put the request body's fields under ["body", "data", ...].
    return [e["loc"][2:] if e["loc"][:2] == ["body", "data"] else e["loc"] for e in body["errors"]]


def fingerprint():
    """What the database holds of updates, to prove a refused call wrote nothing."""
    return (
        list(LiveUpdate.objects.order_by("pk").values("pk", "headline", "pinned", "live")),
        Revision.objects.count(),
    )


def create(client, story, headers, **fields):
    data = {"post": story.pk, "headline": "Ministers agree", "body": PARAGRAPH, **fields}
    return send(client, "POST", UPDATES, data, **headers)


# The whole path.


def test_write_submit_review_and_publish_over_the_api(
    client, live_story, writer, editor, token_for
):
    as_writer, as_editor = token_for(writer), token_for(editor)

    response = create(client, live_story, as_writer, pinned=True)
    assert response.status_code == 201, response.content
    created = response.json()
    update = LiveUpdate.objects.get(pk=created["id"])
    assert update.author == writer and not update.live
    assert update.get_latest_revision().user == writer
    assert response["ETag"].startswith(f'"rev-{update.latest_revision_id}-')
    assert created["post"] == live_story.pk
    assert created["stage"] == "draft" and created["live"] is False
    assert created["posted_at"] is None and created["pinned"] is True
    assert created["author"] == {"name": writer.get_username()}
    assert created["body"][0]["type"] == "paragraph"
    assert created["workflow"] == "Update review" and created["task"] is None

    status = send(client, "POST", f"{UPDATES}{update.pk}/submit/", **as_writer).json()
    assert status["stage"] == "in review" and status["task"] == "Editor approval"
    assert status["submitted_by"]["username"] == writer.username

    queue = client.get(f"{BASE}/queue/", **as_editor).json()
    assert [(item["kind"], item["id"], item["post"]) for item in queue] == [
        ("update", update.pk, live_story.pk)
    ]
    assert queue[0]["title"] == "Ministers agree"

    status = send(
        client, "POST", f"{UPDATES}{update.pk}/approve/", {"comment": "Good."}, **as_editor
    )
    status = status.json()
    assert status["stage"] == "published" and status["live"] is True
    assert status["posted_at"] is not None
    assert status["comments"][-1]["comment"] == "Good."
    assert LiveUpdate.objects.public().filter(pk=update.pk).exists()
    assert client.get(f"{BASE}/queue/", **as_editor).json() == []


def test_approve_needs_no_body(client, live_story, writer, editor, token_for):
    update = submit(draft_update(live_story, writer), writer)
    # As curl -X POST sends it: no body, no content type.
    response = client.generic("POST", f"{UPDATES}{update.pk}/approve/", **token_for(editor))
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == "published"


def test_read_shows_the_latest_revision_not_the_live_one(
    client, live_story, writer, editor, token_for
):
    update = publish_update(live_story, writer, editor)
    send(client, "PATCH", f"{UPDATES}{update.pk}/", {"headline": "Corrected"}, **token_for(writer))
    data = client.get(f"{UPDATES}{update.pk}/", **token_for(writer)).json()
    assert data["headline"] == "Corrected"
    # Readers still see the approved version; the correction waits for review.
    assert data["live"] is True and data["stage"] == "draft"
    assert LiveUpdate.objects.get(pk=update.pk).headline == "Ministers agree a new package"


# Bad input: a 422 naming the field, and nothing written.


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"headline": "x" * 121}, ["headline"]),
        ({"body": []}, ["body"]),
        ({"body": [{"type": "no_such_block", "value": "x"}]}, ["body", 0]),
        ({"body": [{"type": "paragraph"}]}, ["body", 0]),
        ({"body": [PARAGRAPH[0], {"type": "heading", "value": "h" * 121}]}, ["body", 1]),
        ({"body": "<p>not a list</p>"}, ["body"]),
        ({"body": [{"type": "quote", "value": "a string"}]}, ["body", 0]),
        (
            {"body": [{"type": "quote", "value": {"text": "Yes.", "source_url": "not a url"}}]},
            ["body", 0, "source_url"],
        ),
        ({"pinned": "perhaps"}, ["pinned"]),
        ({"go_live_at": "2030-01-01T00:00:00Z"}, ["go_live_at"]),
    ],
)
def test_bad_fields_are_refused_by_name_and_write_nothing(
    client, live_story, writer, token_for, fields, named
):
    before = fingerprint()
    body = problem(create(client, live_story, token_for(writer), **fields), 422)
    assert named in error_locs(body), body
    assert fingerprint() == before


def test_a_missing_body_or_post_is_named(client, live_story, writer, token_for):
    body = problem(send(client, "POST", UPDATES, {"post": live_story.pk}, **token_for(writer)), 422)
    assert ["body"] in error_locs(body)
    body = problem(send(client, "POST", UPDATES, {"body": PARAGRAPH}, **token_for(writer)), 422)
    assert ["post"] in error_locs(body)
    assert not LiveUpdate.objects.exists()


def test_publishing_rules_wait_for_submission(client, live_story, writer, token_for):
    # A quote with no attribution may be saved as a draft, as in the admin...
    unattributed = [{"type": "quote", "value": {"text": "We will stand together."}}]
    response = create(client, live_story, token_for(writer), body=unattributed)
    assert response.status_code == 201, response.content
    update_id = response.json()["id"]
    # ...but not sent to an editor.
    body = problem(send(client, "POST", f"{UPDATES}{update_id}/submit/", **token_for(writer)), 422)
    assert ["body", 0, "attribution"] in [error["loc"] for error in body["errors"]]
    assert LiveUpdate.objects.get(pk=update_id).current_workflow_state is None


# The story: found, editable, covered live.


def test_unknown_story_or_a_page_that_is_not_a_post_is_404(client, site_tree, writer, token_for):
    for page_id in (site_tree.home.pk, site_tree.section.pk, 999_999):
        body = problem(
            send(
                client, "POST", UPDATES, {"post": page_id, "body": PARAGRAPH}, **token_for(writer)
            ),
            404,
        )
        assert str(page_id) in body["detail"]


def test_a_story_not_yet_covered_live_is_409(client, section, writer, token_for):
    story = draft(section, writer)
    body = problem(create(client, story, token_for(writer)), 409)
    assert "not started" in body["detail"]
    future = timezone.now() + timezone.timedelta(hours=1)
    type(story).objects.filter(pk=story.pk).update(coverage_started_at=future)
    problem(create(client, story, token_for(writer)), 409)
    assert not LiveUpdate.objects.exists()


def test_a_story_whose_coverage_ended_is_409(client, live_story, writer, token_for):
    type(live_story).objects.filter(pk=live_story.pk).update(coverage_ended_at=timezone.now())
    body = problem(create(client, live_story, token_for(writer)), 409)
    assert "ended" in body["detail"]
    assert not LiveUpdate.objects.exists()


# Who may do what.


def test_anonymous_callers_get_401_everywhere(client, live_story, writer):
    update = draft_update(live_story, writer)
    for method, url in [
        ("POST", UPDATES),
        ("GET", f"{UPDATES}{update.pk}/"),
        ("PATCH", f"{UPDATES}{update.pk}/"),
        *[("POST", f"{UPDATES}{update.pk}/{step}/") for step in ("submit", "approve", "reject")],
        ("POST", f"{UPDATES}{update.pk}/withdraw/"),
    ]:
        problem(send(client, method, url, {}), 401)
    assert fingerprint()[0][0]["headline"] == "Ministers agree a new package"


def test_a_session_cookie_is_not_enough(client, live_story, writer, editor):
    update = submit(draft_update(live_story, writer), writer)
    client.force_login(editor)
    problem(send(client, "POST", f"{UPDATES}{update.pk}/approve/"), 401)
    assert not LiveUpdate.objects.get(pk=update.pk).live


def test_someone_who_cannot_edit_the_story_sees_nothing(
    client, live_story, writer, token_for, django_user_model
):
    outsider = django_user_model.objects.create_user("partner-site", "p@example.com", "pass")
    update = draft_update(live_story, writer)
    headers = token_for(outsider)
    problem(create(client, live_story, headers), 403)
    problem(client.get(f"{UPDATES}{update.pk}/", **headers), 403)
    problem(send(client, "PATCH", f"{UPDATES}{update.pk}/", {"headline": "x"}, **headers), 403)
    problem(send(client, "POST", f"{UPDATES}{update.pk}/submit/", **headers), 403)
    problem(client.get(f"{UPDATES}999999/", **token_for(writer)), 404)
    problem(client.get(f"{UPDATES}{10**30}/", **token_for(writer)), 422)
    assert LiveUpdate.objects.count() == 1


def test_writers_cannot_approve_or_withdraw(client, live_story, writer, editor, token_for):
    update = submit(draft_update(live_story, writer), writer)
    body = problem(send(client, "POST", f"{UPDATES}{update.pk}/approve/", **token_for(writer)), 403)
    assert "another editor" in body["detail"] or "Only editors" in body["detail"]
    assert not LiveUpdate.objects.get(pk=update.pk).live

    published = publish_update(live_story, writer, editor, headline="Second")
    reason = {"reason": "Wrong."}
    url = f"{UPDATES}{published.pk}/withdraw/"
    problem(send(client, "POST", url, reason, **token_for(writer)), 403)
    assert LiveUpdate.objects.get(pk=published.pk).withdrawn_at is None


def test_nobody_approves_their_own_update(client, live_story, editor, second_editor, token_for):
    response = create(client, live_story, token_for(editor))
    update_id = response.json()["id"]
    send(client, "POST", f"{UPDATES}{update_id}/submit/", **token_for(editor))
    url = f"{UPDATES}{update_id}/approve/"
    body = problem(send(client, "POST", url, **token_for(editor)), 403)
    assert "another editor" in body["detail"]
    assert client.get(f"{BASE}/queue/", **token_for(editor)).json() == []
    assert send(client, "POST", url, **token_for(second_editor)).json()["stage"] == "published"


# Review decisions.


def test_approving_what_is_not_in_review_or_twice_is_409(
    client, live_story, writer, editor, second_editor, token_for
):
    update = draft_update(live_story, writer)
    url = f"{UPDATES}{update.pk}/approve/"
    problem(send(client, "POST", url, **token_for(editor)), 409)
    submit(update, writer)
    assert send(client, "POST", url, **token_for(editor)).status_code == 200
    body = problem(send(client, "POST", url, **token_for(second_editor)), 409)
    assert "not awaiting review" in body["detail"]


def test_the_task_refuses_a_second_decision_made_at_the_same_time(
    client, live_story, writer, editor, second_editor, token_for, monkeypatch
):
    """Two editors who both loaded the update in review: the second is told, nothing changes."""
    from cms.editorial.models import EditorApprovalTask

    update = submit(draft_update(live_story, writer), writer)
    original = EditorApprovalTask.on_action

    def first_editor_wins(self, task_state, user, action_name, **kwargs):
        # The other editor's approval lands between our read and our decision.
        monkeypatch.setattr(EditorApprovalTask, "on_action", original)
        approve(LiveUpdate.objects.get(pk=update.pk), second_editor)
        return original(self, task_state, user, action_name, **kwargs)

    monkeypatch.setattr(EditorApprovalTask, "on_action", first_editor_wins)
    url = f"{UPDATES}{update.pk}/reject/"
    body = problem(send(client, "POST", url, {"comment": "Hold it."}, **token_for(editor)), 409)
    assert "already reviewed" in body["detail"]
    assert LiveUpdate.objects.get(pk=update.pk).live


def test_approve_with_go_live_at_is_422_naming_it(client, live_story, writer, editor, token_for):
    update = submit(draft_update(live_story, writer), writer)
    later = (timezone.now() + timezone.timedelta(hours=2)).isoformat()
    url = f"{UPDATES}{update.pk}/approve/"
    body = problem(send(client, "POST", url, {"go_live_at": later}, **token_for(editor)), 422)
    assert ["go_live_at"] in error_locs(body)
    assert "cannot be scheduled" in str(body)
    assert not LiveUpdate.objects.get(pk=update.pk).live


def test_reject_needs_a_comment_and_the_writer_resubmits(
    client, live_story, writer, editor, token_for
):
    update = submit(draft_update(live_story, writer), writer)
    url = f"{UPDATES}{update.pk}/reject/"
    for payload in ({}, {"comment": "   "}, None):
        body = problem(send(client, "POST", url, payload, **token_for(editor)), 422)
        assert ["comment"] in error_locs(body)
        assert "Say what needs to change" in str(body)
    assert LiveUpdate.objects.get(pk=update.pk).current_workflow_state.status == "in_progress"

    status = send(client, "POST", url, {"comment": "Source the figure."}, **token_for(editor))
    status = status.json()
    assert status["stage"] == "changes requested"
    assert status["comments"][-1] == {
        "action": "changes requested",
        "comment": "Source the figure.",
        "by": {"id": editor.pk, "username": editor.username, "name": ""},
        "at": status["comments"][-1]["at"],
    }
    edited = send(
        client, "PATCH", f"{UPDATES}{update.pk}/", {"headline": "Sourced"}, **token_for(writer)
    )
    assert edited.status_code == 200, edited.content
    status = send(client, "POST", f"{UPDATES}{update.pk}/submit/", **token_for(writer)).json()
    assert status["stage"] == "in review" and status["headline"] == "Sourced"


def test_submitting_twice_a_published_or_a_withdrawn_update_is_409(
    client, live_story, writer, editor, token_for
):
    update = draft_update(live_story, writer)
    url = f"{UPDATES}{update.pk}/submit/"
    assert send(client, "POST", url, **token_for(writer)).status_code == 200
    assert (
        "already in review"
        in problem(send(client, "POST", url, **token_for(writer)), 409)["detail"]
    )
    approve(update, editor)
    problem(send(client, "POST", url, **token_for(writer)), 409)  # nothing new to review
    withdraw(update, editor, "Not confirmed.")
    body = problem(send(client, "POST", url, **token_for(writer)), 409)
    assert "withdrawn" in body["detail"]


# Withdrawal.


def test_withdrawal_needs_an_editor_a_reason_and_a_published_update(
    client, live_story, writer, editor, token_for
):
    draft_one = draft_update(live_story, writer, headline="Draft")
    problem(
        send(
            client,
            "POST",
            f"{UPDATES}{draft_one.pk}/withdraw/",
            {"reason": "x"},
            **token_for(editor),
        ),
        409,
    )
    update = publish_update(live_story, writer, editor)
    url = f"{UPDATES}{update.pk}/withdraw/"
    for payload in ({}, {"reason": "  "}):
        body = problem(send(client, "POST", url, payload, **token_for(editor)), 422)
        assert ["reason"] in error_locs(body)
    assert LiveUpdate.objects.get(pk=update.pk).live

    data = send(client, "POST", url, {"reason": "The figure was wrong."}, **token_for(editor))
    data = data.json()
    assert data["stage"] == "withdrawn" and data["live"] is False
    assert data["withdrawn_reason"] == "The figure was wrong." and data["withdrawn_at"]
    body = problem(send(client, "POST", url, {"reason": "Again."}, **token_for(editor)), 409)
    assert "already" in body["detail"]
    assert not LiveUpdate.objects.public().exists()


# Editing with If-Match.


def test_a_patch_with_the_current_etag_saves_a_revision_by_that_user(
    client, live_story, writer, token_for
):
    headers = token_for(writer)
    update = draft_update(live_story, writer)
    etag = client.get(f"{UPDATES}{update.pk}/", **headers)["ETag"]
    response = send(
        client, "PATCH", f"{UPDATES}{update.pk}/", {"pinned": True}, HTTP_IF_MATCH=etag, **headers
    )
    assert response.status_code == 200, response.content
    assert response["ETag"] != etag
    assert response["ETag"] == client.get(f"{UPDATES}{update.pk}/", **headers)["ETag"]
    data = response.json()
    # Partial: only what was sent changes.
    assert data["pinned"] is True and data["headline"] == "Ministers agree a new package"
    update.refresh_from_db()
    assert update.get_latest_revision().user == writer and update.revisions.count() == 2


def test_a_patch_sending_null_leaves_those_fields_as_they_are(
    client, live_story, writer, token_for
):
    # Found by fuzzing: `"pinned": null` was stored, and the update could no longer be read.
    headers = token_for(writer)
    update = draft_update(live_story, writer, pinned=True)
    nulls = {"headline": None, "pinned": None, "body": None}
    response = send(client, "PATCH", f"{UPDATES}{update.pk}/", nulls, **headers)
    assert response.status_code == 200, response.content
    again = client.get(f"{UPDATES}{update.pk}/", **headers)
    assert again.status_code == 200, again.content
    data = again.json()
    assert data["pinned"] is True and data["headline"] == "Ministers agree a new package"
    assert [block["type"] for block in data["body"]] == ["paragraph"]


def test_a_patch_with_a_stale_etag_is_412_and_writes_nothing(
    client, live_story, writer, editor, token_for
):
    headers = token_for(writer)
    update = draft_update(live_story, writer)
    stale = client.get(f"{UPDATES}{update.pk}/", **headers)["ETag"]
    send(client, "PATCH", f"{UPDATES}{update.pk}/", {"headline": "By a colleague"}, **headers)
    before = fingerprint()

    response = send(
        client,
        "PATCH",
        f"{UPDATES}{update.pk}/",
        {"headline": "Mine"},
        HTTP_IF_MATCH=stale,
        **headers,
    )
    body = problem(response, 412)
    assert body["title"] == "Stale draft" and stale in body["detail"]
    assert response["ETag"] == client.get(f"{UPDATES}{update.pk}/", **headers)["ETag"]
    assert fingerprint() == before
    # Without If-Match the last save wins, as for pages.
    response = send(client, "PATCH", f"{UPDATES}{update.pk}/", {"headline": "Mine"}, **headers)
    assert response.json()["headline"] == "Mine"


def test_a_bad_patch_is_422_and_writes_nothing(client, live_story, writer, token_for):
    update = draft_update(live_story, writer)
    before = fingerprint()
    url = f"{UPDATES}{update.pk}/"
    for change, named in [
        ({"headline": "x" * 121}, ["headline"]),
        ({"body": []}, ["body"]),
        ({"post": 1}, ["post"]),
    ]:
        body = problem(send(client, "PATCH", url, change, **token_for(writer)), 422)
        assert named in error_locs(body)
    assert fingerprint() == before


def test_a_withdrawn_update_cannot_be_edited(client, live_story, writer, editor, token_for):
    update = publish_update(live_story, writer, editor)
    withdraw(update, editor, "Not confirmed.")
    before = fingerprint()
    body = problem(
        send(client, "PATCH", f"{UPDATES}{update.pk}/", {"headline": "x"}, **token_for(editor)), 409
    )
    assert "withdrawn" in body["detail"]
    assert fingerprint() == before


def test_editing_in_review(client, live_story, writer, editor, second_editor, token_for):
    """As in the admin: the writer waits for the decision; an editor's edit is what gets
    reviewed next, by another editor."""
    update = submit(draft_update(live_story, writer), writer)
    url = f"{UPDATES}{update.pk}/"
    body = problem(send(client, "PATCH", url, {"headline": "Mine"}, **token_for(writer)), 409)
    assert "in review" in body["detail"]

    data = send(client, "PATCH", url, {"headline": "Tightened"}, **token_for(editor)).json()
    assert data["stage"] == "in review"
    problem(send(client, "POST", f"{url}approve/", **token_for(editor)), 403)
    data = send(client, "POST", f"{url}approve/", **token_for(second_editor)).json()
    assert data["stage"] == "published" and data["headline"] == "Tightened"
    assert LiveUpdate.objects.get(pk=update.pk).headline == "Tightened"


# The queue, beside pages.


def test_the_queue_lists_pages_and_updates_oldest_first(
    client, section, live_story, writer, editor, token_for
):
    post = draft(section, writer, title="A post in review")
    submit_page(post, writer)
    update = submit(draft_update(live_story, writer, headline=""), writer)

    queue = client.get(f"{BASE}/queue/", **token_for(editor)).json()
    assert [(item["kind"], item["id"]) for item in queue] == [
        ("page", post.pk),
        ("update", update.pk),
    ]
    page_item, update_item = queue
    assert set(page_item) == {
        "kind", "id", "title", "post", "task", "submitted_by", "submitted_at", "admin_url"
    }  # fmt: skip
    assert page_item["title"] == "A post in review" and page_item["post"] is None
    assert page_item["admin_url"].endswith(f"/admin/pages/{post.pk}/edit/")
    # Without a headline, the update is named by its first words.
    assert update_item["title"].startswith("Allies met again in Brussels")
    assert update_item["post"] == live_story.pk
    assert update_item["submitted_by"]["username"] == writer.username
    assert update_item["admin_url"] == f"http://testserver/admin/live-updates/edit/{update.pk}/"


def test_openapi_documents_the_update_routes_and_their_errors(client, site_tree):
    document = client.get("/api/v3/openapi.json").json()
    paths = document["paths"]
    item = f"{UPDATES}{{update_id}}/"
    assert paths[UPDATES]["post"]["responses"].keys() >= {"201", "401", "403", "404", "409", "422"}
    assert paths[item]["get"]["responses"].keys() >= {"200", "401", "403", "404"}
    assert paths[item]["patch"]["responses"].keys() >= {"200", "409", "412", "422"}
    assert "If-Match" in [p["name"] for p in paths[item]["patch"]["parameters"]]
    for step in ("submit", "approve", "reject", "withdraw"):
        assert "409" in paths[f"{item}{step}/"]["post"]["responses"]
    schema = document["components"]["schemas"]["EditorialUpdate"]
    assert {"stage", "post", "live", "withdrawn_at", "comments", "body"} <= set(
        schema["properties"]
    )
    queue_item = document["components"]["schemas"]["QueueItem"]["properties"]
    assert queue_item["kind"]["enum"] == ["page", "update"]
