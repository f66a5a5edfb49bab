"""Writing, reviewing and withdrawing live updates in the admin, as writers and editors do."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from news.live.models import LiveUpdate, UpdateEvent
from tests.live.conftest import draft_update, publish_update, submit

pytestmark = pytest.mark.django_db


def _form(headline="Ministers agree a new package", text="Allies met again.", **extra):
    return nested_form_data(
        {
            "headline": headline,
            "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
            "pinned": "",
            **extra,
        }
    )


def _add_url(story):
    return f"{reverse('live_updates:add')}?post={story.pk}"


def test_a_writer_adds_and_submits_an_update_from_the_story(client, live_story, writer):
    client.force_login(writer)
    form = client.get(_add_url(live_story))
    assert form.status_code == 200
    html = form.content.decode()
    assert 'name="action-submit"' in html
    assert "action-publish" not in html
    # The story is chosen already; the time readers see is not the writer's to set.
    assert 'name="posted_at"' not in html

    response = client.post(_add_url(live_story), {**_form(), "action-submit": "Submit"})
    assert response.status_code == 302
    update = LiveUpdate.objects.get()
    assert (update.post_id, update.author, update.live) == (live_story.pk, writer, False)
    assert update.current_workflow_state.status == "in_progress"
    assert update.current_workflow_state.requested_by == writer


def test_an_update_cannot_be_added_unless_coverage_is_on(client, live_story, writer):
    type(live_story).objects.filter(pk=live_story.pk).update(coverage_ended_at=timezone.now())
    client.force_login(writer)
    response = client.post(_add_url(live_story), _form())
    assert response.status_code == 200
    assert "Live coverage of this story has ended" in response.content.decode()
    assert not LiveUpdate.objects.exists()


def test_the_story_cannot_be_changed_from_the_query(client, live_story, writer, section):
    client.force_login(writer)
    client.post(_add_url(live_story), {**_form(), "post": section.pk})
    assert LiveUpdate.objects.get().post_id == live_story.pk


def test_writers_see_no_publish_and_editors_review(client, live_story, writer, editor):
    update = submit(draft_update(live_story, writer), writer)
    edit_url = reverse("live_updates:edit", args=[update.pk])
    client.force_login(writer)
    html = client.get(edit_url).content.decode()
    assert "action-publish" not in html and "Approve" not in html
    client.force_login(editor)
    html = client.get(edit_url).content.decode()
    assert "Approve" in html and "Request changes" in html
    assert "action-publish" not in html


def test_the_time_is_an_editors_to_correct(client, live_story, writer, editor, second_editor):
    update = publish_update(live_story, writer, editor)
    edit_url = reverse("live_updates:edit", args=[update.pk])
    client.force_login(writer)
    assert 'name="posted_at"' not in client.get(edit_url).content.decode()

    client.force_login(second_editor)
    assert 'name="posted_at"' in client.get(edit_url).content.decode()
    earlier = (update.posted_at - timezone.timedelta(minutes=10)).replace(second=0, microsecond=0)
    data = _form(headline=update.headline, text="Allies met again in Brussels on Tuesday.")
    data["posted_at"] = timezone.localtime(earlier).strftime("%Y-%m-%d %H:%M")
    response = client.post(edit_url, data)
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.posted_at == earlier
    assert list(UpdateEvent.objects.values_list("kind", flat=True)) == ["published", "updated"]


def test_withdrawal_needs_a_reason(client, live_story, writer, editor):
    update = publish_update(live_story, writer, editor)
    url = reverse("live_updates:withdraw", args=[update.pk])
    client.force_login(writer)
    # Wagtail's admin answers a refusal by sending the user back to the dashboard.
    assert client.get(url).status_code in (302, 403)
    client.post(url, {"reason": "I say so"})
    assert LiveUpdate.objects.get(pk=update.pk).live
    client.force_login(editor)
    assert "Withdraw" in client.get(reverse("live_updates:edit", args=[update.pk])).content.decode()
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 200
    assert "Say why the update is withdrawn." in refused.content.decode()
    assert LiveUpdate.objects.get(pk=update.pk).live
    assert client.post(url, {"reason": "Not confirmed."}).status_code == 302
    update.refresh_from_db()
    assert not update.live and update.withdrawn_reason == "Not confirmed."


def test_the_list_is_filtered_by_story(client, live_story, writer):
    draft_update(live_story, writer, headline="Allies agree")
    client.force_login(writer)
    url = reverse("live_updates:list")
    assert "Allies agree" in client.get(f"{url}?post={live_story.pk}").content.decode()
    assert "Allies agree" not in client.get(f"{url}?post={live_story.pk + 999}").content.decode()


def test_coverage_buttons(client, demo, writer, editor):
    edit_url = reverse("wagtailadmin_pages:edit", args=[demo.pk])
    start = reverse("live_coverage", args=[demo.pk, "start"])
    client.force_login(writer)
    assert start not in client.get(edit_url).content.decode()
    assert client.post(start).status_code in (302, 403)
    demo.refresh_from_db()
    assert demo.coverage_started_at is None

    client.force_login(editor)
    assert start in client.get(edit_url).content.decode()
    assert client.post(start).status_code == 302
    demo.refresh_from_db()
    assert demo.coverage_started_at is not None and demo.coverage_ended_at is None
    # Once live, writers get the New update button.
    client.force_login(writer)
    assert _add_url(demo).replace("&", "&amp;") in client.get(edit_url).content.decode()

    client.force_login(editor)
    again = client.post(start, follow=True)
    assert "already started" in again.content.decode()
    assert client.post(reverse("live_coverage", args=[demo.pk, "end"])).status_code == 302
    demo.refresh_from_db()
    assert demo.coverage_ended_at is not None
    assert UpdateEvent.objects.filter(kind="coverage.ended").count() == 1


def test_the_desk_lists_submitted_updates_of_live_stories_oldest_first(
    client, live_story, writer, editor
):
    first = submit(draft_update(live_story, writer, headline="First in"), writer)
    second = submit(draft_update(live_story, writer, headline="Second in"), writer)
    draft_update(live_story, writer, headline="Still a draft")
    publish_update(live_story, writer, editor, headline="Already out")
    client.force_login(editor)
    html = client.get(reverse("live_desk")).content.decode()
    assert html.index("First in") < html.index("Second in")
    assert "Still a draft" not in html and "Already out" not in html
    assert f'id="update-{first.pk}"' in html and f'id="update-{second.pk}"' in html
    fragment = client.get(reverse("live_desk_items")).content.decode()
    assert "First in" in fragment and "<html" not in fragment

    # Coverage over: nothing of that story waits on the desk.
    type(live_story).objects.filter(pk=live_story.pk).update(coverage_ended_at=timezone.now())
    assert "First in" not in client.get(reverse("live_desk")).content.decode()


def test_writers_have_no_desk(client, live_story, writer):
    client.force_login(writer)
    response = client.get(reverse("live_desk"))
    assert response.status_code in (302, 403) and "No updates" not in response.content.decode()


def test_an_editor_approves_and_requests_changes_on_the_desk(client, live_story, writer, editor):
    to_approve = submit(draft_update(live_story, writer, headline="Approve me"), writer)
    to_reject = submit(draft_update(live_story, writer, headline="Fix me"), writer)
    client.force_login(editor)
    approve = reverse("live_desk_decide", args=[to_approve.pk, "approve"])
    assert client.post(approve).status_code == 302
    to_approve.refresh_from_db()
    assert to_approve.live and to_approve.posted_at is not None

    reject = reverse("live_desk_decide", args=[to_reject.pk, "reject"])
    refused = client.post(reject, {"comment": " "}, follow=True)
    assert "Say what needs to change" in refused.content.decode()
    to_reject.refresh_from_db()
    assert to_reject.current_workflow_state.status == "in_progress"
    client.post(reject, {"comment": "Name the source."})
    to_reject.refresh_from_db()
    assert to_reject.current_workflow_state.status == "needs_changes"


def test_own_work_is_refused_on_the_desk(client, live_story, editor, second_editor):
    own = submit(draft_update(live_story, editor, headline="My own"), editor)
    client.force_login(editor)
    page = client.get(reverse("live_desk")).content.decode()
    assert "another editor must approve" in page
    response = client.post(reverse("live_desk_decide", args=[own.pk, "approve"]), follow=True)
    assert "another editor must approve" in response.content.decode()
    assert not LiveUpdate.objects.get(pk=own.pk).live
