"""A live story's public page: key events first, then the newest updates, kept current."""

from __future__ import annotations

import pytest
from django.utils import timezone

from news.live.models import LiveUpdate, UpdateEvent
from news.live.publishing import withdraw
from tests.live.conftest import draft_update, publish_update, submit

pytestmark = pytest.mark.django_db


def _posted(update, minutes_ago):
    when = timezone.now() - timezone.timedelta(minutes=minutes_ago)
    LiveUpdate.objects.filter(pk=update.pk).update(posted_at=when)
    return update


def test_pinned_first_then_newest_first(client, live_story, writer, editor):
    older = _posted(publish_update(live_story, writer, editor, headline="Older news"), 30)
    pinned = _posted(
        publish_update(live_story, writer, editor, headline="Key event", pinned=True), 40
    )
    newer = _posted(publish_update(live_story, writer, editor, headline="Newer news"), 5)
    draft_update(live_story, writer, headline="Draft text")
    submit(draft_update(live_story, writer, headline="Submitted text"), writer)
    gone = publish_update(live_story, writer, editor, headline="Withdrawn text")
    withdraw(gone, editor, "Wrong.")

    response = client.get(live_story.url)
    html = response.content.decode()
    assert response.status_code == 200
    positions = [html.index(f'id="update-{u.pk}"') for u in (pinned, newer, older)]
    assert positions == sorted(positions)
    for text in ("Draft text", "Submitted text", "Withdrawn text"):
        assert text not in html
    assert '<time class="live-update__time" datetime="' in html
    assert 'src="/static/news/live-page.js"' in html
    # The stream resumes after the newest event the page already shows (the withdrawal).
    newest = UpdateEvent.objects.filter(post_id=live_story.pk).latest("pk")
    assert newest.kind == "withdrawn"
    stream = f"/api/v3/news/posts/{live_story.pk}/updates/stream/?last_event_id={newest.pk}"
    assert f'data-stream-url="{stream}"' in html
    assert "<script>" not in html  # nothing inline: the CSP allows scripts from the site only


def test_a_story_without_coverage_has_no_live_section(client, demo):
    html = client.get(demo.url).content.decode()
    assert "data-live-coverage" not in html and "live-page.js" not in html


def test_an_ended_story_shows_its_updates_without_the_script(client, live_story, writer, editor):
    update = publish_update(live_story, writer, editor, headline="Last word")
    type(live_story).objects.filter(pk=live_story.pk).update(coverage_ended_at=timezone.now())
    html = client.get(live_story.url).content.decode()
    assert f'id="update-{update.pk}"' in html and "has ended" in html
    assert "live-page.js" not in html
