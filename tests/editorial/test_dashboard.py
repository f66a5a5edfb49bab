"""The admin home: writers see what waits on them, editors what waits for their review."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from cms.editorial.roles import EDITORS
from tests.editorial.flow import act, draft, submit

pytestmark = pytest.mark.django_db


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def panel(html: str, panel_id: str) -> str:
    start = html.index(f'id="{panel_id}-section"')
    return html[start : html.index("</section>", start)]


def test_writer_sees_drafts_and_changes_requested_with_the_comment(client, section, writer, editor):
    draft(section, writer, title="Still drafting")
    sent_back = draft(section, writer, title="Sent back")
    submit(sent_back, writer)
    act(sent_back, editor, "reject", comment="Which donor pledged the drones?")
    submit(draft(section, writer, title="Waiting for an editor"), writer)

    mine = panel(dashboard(client, writer), "newsroom-writer-work")
    assert "Your posts waiting on you" in mine
    assert "Still drafting" in mine and "Sent back" in mine
    assert "Which donor pledged the drones?" in mine
    assert mine.index("Sent back") < mine.index("Still drafting"), "changes requested first"
    assert "Waiting for an editor" not in mine


def test_editor_sees_submissions_oldest_first_and_not_their_own(
    client, section, writer, editor, django_user_model
):
    submit(draft(section, writer, title="Filed first"), writer)
    submit(draft(section, writer, title="Filed second"), writer)
    submit(draft(section, editor, title="Editor's own"), editor)

    queue = panel(dashboard(client, editor), "awaiting-review")
    assert queue.index("Filed first") < queue.index("Filed second")
    assert "Editor&#x27;s own" not in queue

    colleague = django_user_model.objects.create_user("olga", "olga@example.com", "pass")
    colleague.groups.add(Group.objects.get(name=EDITORS))
    assert "Editor&#x27;s own" in panel(dashboard(client, colleague), "awaiting-review")


def test_writer_sees_the_comment_at_the_top_of_the_post(client, section, writer, editor):
    post = draft(section, writer, title="Sent back")
    submit(post, writer)
    act(post, editor, "reject", comment="Which donor pledged the drones?")
    client.force_login(writer)
    html = client.get(f"/admin/pages/{post.pk}/edit/").content.decode()
    assert "Changes requested by" in html and "Which donor pledged the drones?" in html
