"""Quote provenance through review (docs/trust.md, "Quote provenance").

Submitting or approving is refused while a quote has no method, with the place
named; approving records the editor as every quote's verifier in the version
that is published; the newsroom sees the note and the verifier, readers never do.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from cms.editorial.roles import EDITORS
from news.live.models import LiveUpdate
from news.models import LatestUpdatesPage
from tests.editorial.flow import act, draft, edit, submit
from tests.factories import ImageFactory, PersonFactory
from tests.live.conftest import approve as approve_update
from tests.live.conftest import draft_update
from tests.live.conftest import submit as submit_update
from tests.news.test_admin_create import add_url, post_form

pytestmark = pytest.mark.django_db

BASE = "/api/v3/editorial"
NOTE = "Rang the ministry back to confirm the wording."


def quote(method="interview", **overrides):
    value = {
        "text": "We will stand with Ukraine for as long as it takes.",
        "attribution": "a NATO spokesperson",
        "provenance": {"method": method, "source_url": "https://www.nato.int/", "note": NOTE},
    }
    value.update(overrides)
    return value


def with_body(post, *quotes):
    """Save a revision of `post` (as its owner) whose body is a paragraph and `quotes`."""
    body = [("paragraph", "<p>Ministers met in Brussels.</p>")]
    body += [("quote", value) for value in quotes]
    return edit(post, post.owner, body=body)


def post_json(client, url, data=None, **headers):
    return client.post(url, data or {}, content_type="application/json", **headers)


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def live_quote(post) -> dict:
    """The stored value of the live version's first quote."""
    live = LatestUpdatesPage.objects.get(pk=post.pk)
    return next(block.value for block in live.body if block.block_type == "quote")


@pytest.fixture
def story(demo):
    """The demo post as a story under live coverage (as tests/live's `live_story`)."""
    type(demo).objects.filter(pk=demo.pk).update(
        coverage_started_at=timezone.now() - timezone.timedelta(hours=1),
        coverage_ended_at=None,
        is_running_story=True,
    )
    demo.refresh_from_db()
    return demo


@pytest.fixture
def other_editor(site_tree, django_user_model):
    user = django_user_model.objects.create_user("olga", "olga@example.com", "pass")
    user.first_name, user.last_name = "Olga", "Okafor"
    user.save()
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


# Refusals, named where the writer must act.


def test_submitting_a_quote_without_a_method_is_a_422_naming_the_block_and_field(
    client, section, writer, token_for
):
    post = with_body(draft(section, writer), quote(method=""))
    body = problem(post_json(client, f"{BASE}/pages/{post.pk}/submit/", **token_for(writer)), 422)
    (error,) = body["errors"]
    assert error["loc"] == ["body", 1, "provenance", "method"]
    stored_id = post.get_latest_revision_as_object().body[1].id
    assert error["block"] == {"index": 1, "id": stored_id, "type": "quote"}
    assert "Say how we got this quote" in error["msg"]
    assert LatestUpdatesPage.objects.get(pk=post.pk).current_workflow_state is None


def test_the_admin_shows_the_missing_method_on_the_quotes_method_field(client, section, writer):
    client.force_login(writer)
    form = post_form(
        person=PersonFactory(),
        image=ImageFactory(),
        quote={
            "text": "We stand united.",
            "speaker": "",
            "attribution": "a NATO spokesperson",
            "context": "",
            "said_on": "",
            "source_url": "",
            "provenance": {"method": "", "source_url": "", "note": ""},
        },
    )
    # A draft saves without it...
    response = client.post(add_url(section), form)
    assert response.status_code == 302
    LatestUpdatesPage.objects.all().delete()
    # ...submitting does not, and says so on the method of that quote.
    response = client.post(add_url(section), {**form, "action-submit": "action-submit"})
    assert response.status_code == 200
    assert not LatestUpdatesPage.objects.exists()
    body_error = response.context["form"].errors.as_data()["body"][0]
    quote_errors = body_error.block_errors[2].block_errors
    assert set(quote_errors) == {"provenance"}
    assert set(quote_errors["provenance"].block_errors) == {"method"}
    assert "Say how we got this quote" in response.content.decode()


def test_approving_is_refused_when_an_edit_in_review_left_a_quote_without_a_method(
    client, section, writer, editor, other_editor, token_for
):
    post = with_body(draft(section, writer), quote())
    submit(post, writer)
    # Another editor's reviewing edit drops the method (a draft save allows it).
    with_body(LatestUpdatesPage.objects.get(pk=post.pk), quote(method=""))
    revision = LatestUpdatesPage.objects.get(pk=post.pk).get_latest_revision()
    revision.user = other_editor
    revision.save()

    url = f"{BASE}/pages/{post.pk}/approve/"
    body = problem(post_json(client, url, **token_for(editor)), 422)
    assert ["body", 1, "provenance", "method"] in [error["loc"] for error in body["errors"]]
    assert "cannot be approved" in body["detail"]
    post = LatestUpdatesPage.objects.get(pk=post.pk)
    assert not post.live and post.workflow_in_progress


def test_approving_a_live_update_with_a_quote_without_a_method_is_refused(
    client,
    story,
    writer,
    editor,
    token_for,
):
    update = draft_update(
        story, writer, body=[{"type": "quote", "value": quote(method="interview")}]
    )
    submit_update(update, writer)
    # Changed in review to a version without a method.
    edited = update.get_latest_revision_as_object()
    edited.body = [("quote", quote(method=""))]
    edited.save_revision(user=writer)

    url = f"{BASE}/updates/{update.pk}/approve/"
    body = problem(post_json(client, url, **token_for(editor)), 422)
    assert ["body", 0, "provenance", "method"] in [error["loc"] for error in body["errors"]]
    assert not LiveUpdate.objects.get(pk=update.pk).live


def test_submitting_a_live_update_needs_the_method_too(client, story, writer, token_for):
    update = draft_update(story, writer, body=[{"type": "quote", "value": quote(method="")}])
    url = f"{BASE}/updates/{update.pk}/submit/"
    body = problem(post_json(client, url, **token_for(writer)), 422)
    assert body["errors"][0]["loc"] == ["body", 0, "provenance", "method"]
    assert body["errors"][0]["block"]["type"] == "quote"


# The verifier: the editor who approved the live version.


def test_approval_records_the_editor_as_verifier_in_the_published_body(
    client, section, writer, editor, token_for
):
    post = with_body(draft(section, writer), quote(), quote(method="statement"))
    submit(post, writer)
    response = post_json(client, f"{BASE}/pages/{post.pk}/approve/", **token_for(editor))
    assert response.status_code == 200, response.content

    live = LatestUpdatesPage.objects.get(pk=post.pk)
    stamps = [
        (block.value["provenance"]["verified_by"], block.value["provenance"]["verified_at"])
        for block in live.body
        if block.block_type == "quote"
    ]
    assert [by for by, _at in stamps] == [editor.pk, editor.pk]
    assert all(at is not None for _by, at in stamps)

    # The editorial API shows it, with the note, for each quote of the version.
    quotes = response.json()["quotes"]
    assert [q["index"] for q in quotes] == [1, 2]
    first = quotes[0]
    assert first["provenance"]["method"] == "interview"
    assert first["provenance"]["note"] == NOTE
    assert first["provenance"]["verified_by"] == {
        "id": editor.pk,
        "name": editor.get_full_name() or editor.get_username(),
    }
    assert first["provenance"]["verified_at"]
    status = client.get(f"{BASE}/pages/{post.pk}/", **token_for(writer)).json()
    assert status["quotes"] == quotes


def test_a_writers_later_edit_clears_the_verification_until_the_next_approval(
    client, section, writer, editor, other_editor, token_for
):
    post = with_body(draft(section, writer), quote())
    submit(post, writer)
    act(post, editor, "approve")
    assert live_quote(post)["provenance"]["verified_by"] == editor.pk

    # The writer changes the quote: the new version has no verifier; the live one keeps its.
    with_body(LatestUpdatesPage.objects.get(pk=post.pk), quote(text="We will stand firm."))
    status = client.get(f"{BASE}/pages/{post.pk}/", **token_for(writer)).json()
    assert status["quotes"][0]["text"] == "We will stand firm."
    assert status["quotes"][0]["provenance"]["verified_by"] is None
    assert status["quotes"][0]["provenance"]["verified_at"] is None
    assert live_quote(post)["provenance"]["verified_by"] == editor.pk

    # Approved by another editor: the live version's verifier is now that editor.
    submit(LatestUpdatesPage.objects.get(pk=post.pk), writer)
    act(post, other_editor, "approve")
    assert live_quote(post)["text"] == "We will stand firm."
    assert live_quote(post)["provenance"]["verified_by"] == other_editor.pk
    status = client.get(f"{BASE}/pages/{post.pk}/", **token_for(writer)).json()
    assert status["quotes"][0]["provenance"]["verified_by"]["name"] == "Olga Okafor"


def test_nobody_can_write_a_verification_themselves(client, section, writer, token_for):
    post = draft(section, writer)
    forged = quote()
    forged["provenance"] = {**forged["provenance"], "verified_by": writer.pk}
    forged["provenance"]["verified_at"] = "2024-12-03T10:00:00Z"
    body = [{"type": "quote", "value": forged}]
    response = client.patch(
        f"/api/v3/pages/{post.pk}/",
        json.dumps({"meta": {"type": "news.LatestUpdatesPage"}, "body": body}),
        content_type="application/json",
        **token_for(writer),
    )
    assert response.status_code == 200, response.content
    latest = LatestUpdatesPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    assert latest.body[0].value["provenance"]["method"] == "interview"
    assert latest.body[0].value["provenance"]["verified_by"] is None
    # Nor by saving a revision in code: a new revision never carries a stamp.
    with_body(LatestUpdatesPage.objects.get(pk=post.pk), forged)
    latest = LatestUpdatesPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    assert latest.body[1].value["provenance"]["verified_by"] is None


def test_approving_a_live_update_records_the_verifier_shown_to_the_desk_only(
    client,
    story,
    writer,
    editor,
    token_for,
):
    update = draft_update(story, writer, body=[{"type": "quote", "value": quote()}])
    submit_update(update, writer)
    approve_update(update, editor)

    desk = client.get(f"{BASE}/updates/{update.pk}/", **token_for(writer)).json()
    (entry,) = desk["quotes"]
    assert entry["provenance"]["verified_by"]["id"] == editor.pk
    assert entry["provenance"]["note"] == NOTE
    # Its body is what readers get: the method and the link, nothing else.
    assert desk["body"][0]["value"]["provenance"] == {
        "method": "interview",
        "source_url": "https://www.nato.int/",
    }


# What readers get: never the note, never who verified.


def _assert_public(text: str) -> None:
    assert NOTE not in text
    assert "verified_by" not in text and "verified_at" not in text
    assert '"note"' not in text


def test_public_apis_show_the_method_and_link_but_never_the_note_or_verifier(
    client,
    section,
    story,
    writer,
    editor,
):
    post = with_body(draft(section, writer), quote())
    submit(post, writer)
    act(post, editor, "approve")
    update = draft_update(story, writer, body=[{"type": "quote", "value": quote()}])
    submit_update(update, writer)
    approve_update(update, editor)
    assert live_quote(post)["provenance"]["verified_by"] == editor.pk  # stored, not shown

    v2 = client.get(f"/api/v2/pages/{post.pk}/")
    v3 = client.get(f"/api/v3/pages/{post.pk}/")
    for response in (v2, v3):
        assert response.status_code == 200, response.content
        _assert_public(response.content.decode())
        quotes = [b["value"] for b in response.json()["body"] if b["type"] == "quote"]
        assert quotes[0]["provenance"] == {
            "method": "interview",
            "source_url": "https://www.nato.int/",
        }

    story_v2 = client.get(f"/api/v2/pages/{story.pk}/?fields=live")
    story_v3 = client.get(f"/api/v3/pages/{story.pk}/")
    feed = client.get(f"/api/v3/news/posts/{story.pk}/updates/")
    for response in (story_v2, story_v3, feed):
        assert response.status_code == 200, response.content
        text = response.content.decode()
        assert '"method": "interview"' in text.replace('":"', '": "')
        _assert_public(text)

    page = client.get(post.url)
    assert page.status_code == 200
    assert NOTE not in page.content.decode()


def test_an_editor_approving_from_the_edit_view_sees_the_missing_method_on_its_field(
    client, section, writer, editor
):
    post = with_body(draft(section, writer), quote())
    submit(post, writer)
    client.force_login(editor)
    form = post_form(
        person=PersonFactory(),
        image=ImageFactory(),
        quote={**quote(), "speaker": "", "context": "", "said_on": "", "source_url": ""},
    )
    form["body-2-value-provenance-method"] = ""
    form.update(
        {
            "slug": post.slug,
            "action-workflow-action": "action-workflow-action",
            "workflow-action-name": "approve",
        }
    )
    response = client.post(f"/admin/pages/{post.pk}/edit/", form)
    assert response.status_code == 200
    body_error = response.context["form"].errors.as_data()["body"][0]
    assert set(body_error.block_errors[2].block_errors["provenance"].block_errors) == {"method"}
    assert not LatestUpdatesPage.objects.get(pk=post.pk).live


def test_the_admins_approve_dialog_refuses_a_quote_without_a_method(
    client, section, writer, editor, other_editor
):
    post = with_body(draft(section, writer), quote())
    submit(post, writer)
    with_body(LatestUpdatesPage.objects.get(pk=post.pk), quote(method=""))
    revision = LatestUpdatesPage.objects.get(pk=post.pk).get_latest_revision()
    revision.user = other_editor
    revision.save()
    task_state = LatestUpdatesPage.objects.get(pk=post.pk).current_workflow_task_state
    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    # Refused as the task refuses any approval it cannot record (the admin answers a
    # PermissionDenied by sending the editor back to the dashboard); nothing is published.
    assert response.status_code in (302, 403)
    post = LatestUpdatesPage.objects.get(pk=post.pk)
    assert not post.live and post.workflow_in_progress


def test_a_scheduled_approval_carries_the_verifier_into_the_version_that_goes_live(
    section, writer, editor
):
    from cms.scheduling.publishing import run_once

    post = with_body(draft(section, writer), quote())
    submit(post, writer)
    go_live_at = timezone.now() + timezone.timedelta(minutes=5)
    act(post, editor, "approve", go_live_at=go_live_at)
    post = LatestUpdatesPage.objects.get(pk=post.pk)
    assert not post.live
    scheduled = post.scheduled_revision.as_object()
    assert scheduled.body[1].value["provenance"]["verified_by"] == editor.pk

    run_once(now=go_live_at + timezone.timedelta(seconds=1))
    assert live_quote(post)["provenance"]["verified_by"] == editor.pk
