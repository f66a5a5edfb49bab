"""Nothing of an update readers may not see reaches a public URL.

One update per hidden state (draft, submitted, rejected, withdrawn, and an
unapproved edit of a published one), each with its own marker word in its
headline and body; one published update carries a marker that must be found,
so the sweep is known to reach what it looks through.
"""

from __future__ import annotations

import pytest
from django.test import Client

from news.live.publishing import withdraw
from tests.live.conftest import approve, draft_update, publish_update, submit

pytestmark = pytest.mark.django_db

HIDDEN = ("draftmarker", "submittedmarker", "rejectedmarker", "withdrawnmarker", "editmarker")
SHOWN = "shownmarker"


def paragraph(word):
    return [{"type": "paragraph", "value": f"<p>Body text {word} here.</p>"}]


@pytest.fixture
def story(live_story, writer, editor, second_editor, django_capture_on_commit_callbacks):
    def write(word):
        return draft_update(live_story, writer, headline=f"Headline {word}", body=paragraph(word))

    with django_capture_on_commit_callbacks(execute=True):
        publish_update(
            live_story, writer, editor, headline=f"Headline {SHOWN}", body=paragraph(SHOWN)
        )
        # Fetched while only the shown update is public, so cached copies exist.
        for url in urls(live_story):
            Client().get(url)
        write("draftmarker")
        submit(write("submittedmarker"), writer)
        rejected = submit(write("rejectedmarker"), writer)
        state = rejected.current_workflow_task_state
        state.task.specific.on_action(state, editor, "reject", comment="Source it.")
        withdrawn = approve(submit(write("withdrawnmarker"), writer), second_editor)
        withdraw(withdrawn, editor, "Not confirmed.")
        edited = publish_update(live_story, writer, editor, headline="Headline quiet")
        edited.headline = "Headline editmarker"
        edited.body = paragraph("editmarker")
        submit(edited.save_revision(user=writer).as_object(), writer)
    return live_story


def urls(post):
    yield from [
        f"/api/v2/pages/{post.pk}/",
        f"/api/v3/pages/{post.pk}/",
        f"/api/v2/pages/{post.pk}/?fields=*",
        f"/api/v3/news/posts/{post.pk}/updates/",
        f"/api/v3/news/posts/{post.pk}/updates/?limit=200",
        "/api/v2/pages/?type=news.LatestUpdatesPage&fields=*&limit=100",
        "/api/v3/news/posts/?limit=100",
        "/api/v3/news/changes/",
        post.url,
        "/latest-updates/",
        "/latest-updates/rss.xml",
        "/latest-updates/atom.xml",
        "/latest-updates/feed.json",
        "/sitemap.xml",
    ]


def test_no_hidden_update_text_on_any_public_url(story):
    client = Client()
    seen = ""
    for url in urls(story):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for word in HIDDEN:
            assert word not in text, (word, url)
        seen += text
    assert SHOWN in seen


@pytest.mark.parametrize("word", HIDDEN)
def test_searching_for_a_hidden_update_finds_nothing(story, word):
    client = Client()
    for url in (
        f"/api/v2/pages/?search={word}",
        f"/api/v2/pages/?type=news.LatestUpdatesPage&search={word}&fields=*",
        f"/api/v3/news/posts/?search={word}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        data = response.json()
        assert data["items"] == [], url
        assert word not in response.content.decode(), url
