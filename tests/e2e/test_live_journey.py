"""A breaking story in Chromium: a writer posts an update, an editor approves it on the
live desk, and a reader whose story page was already open sees it without a reload.

Three browser contexts against one live server: the reader's page keeps its EventSource
on the update stream open throughout (under the test server the stream is the polling
fallback, news/live/stream_api.py; with Pushpin in front it is the same URL and events).
Screenshots go to $E2E_ARTIFACTS (else tests/e2e/artifacts/) with the prefix `live-`.
"""

from __future__ import annotations

import re
import time

import pytest
from django.utils import timezone

# test_editorial_journey skips the whole module when Chromium or Playwright is missing;
# importing it first runs that check before Playwright is imported here.
from tests.e2e.test_editorial_journey import (  # isort: skip
    Site,
    artifacts,  # noqa: F401 - a fixture
    browser,  # noqa: F401 - a fixture
    more_actions,
)
from playwright.sync_api import expect  # noqa: E402, I001

from news.live.models import LiveUpdate  # noqa: E402
from tests.helpers import publish  # noqa: E402

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADLINE = "Ministers agree air defence for the winter"
QUOTE = "Every system we send keeps a city's lights on."
SPEAKER = "a NATO official"


@pytest.fixture
def story(section, writer):
    from tests.editorial.flow import draft

    post = publish(draft(section, writer))
    type(post).objects.filter(pk=post.pk).update(
        coverage_started_at=timezone.now() - timezone.timedelta(minutes=30),
        is_running_story=True,
    )
    post.refresh_from_db()
    return post


def test_an_approved_update_reaches_an_open_story_page(
    live_server,
    browser,  # noqa: F811 - the imported fixture
    artifacts,  # noqa: F811 - the imported fixture
    story,
    writer,
    editor,
    record_property,  # noqa: F811
):
    site = Site(browser, live_server.url, artifacts)

    # A reader has the story open before anything is written.
    reader = site.new_page()
    reader.goto(story.url)
    expect(reader.locator("h1")).to_contain_text(story.title)
    expect(reader.get_by_text(HEADLINE)).to_have_count(0)

    # The writer opens "New update" from the story and posts a quote.
    started = time.monotonic()
    wanda = site.log_in(writer.username)
    wanda.goto(f"/admin/pages/{story.pk}/edit/")
    wanda.get_by_role("link", name="New update").first.click()
    expect(wanda).to_have_url(re.compile(r"/admin/live-updates/add/"))
    wanda.locator("#id_headline").fill(HEADLINE)
    # Replace the ready paragraph with a quote: plain fields, no rich-text editor.
    wanda.locator("#body-root button.c-sf-add-button").last.click()
    wanda.get_by_role("option", name="Quote", exact=True).click()
    quote = wanda.locator('[name$="-value-text"]').last
    quote.fill(QUOTE)
    wanda.locator('[name$="-value-attribution"]').last.fill(SPEAKER)
    wanda.locator('[name$="-value-provenance-method"]').last.select_option("press_conference")
    first_block = wanda.locator("#body-root [data-streamfield-child]").first
    first_block.get_by_role("button", name="Delete").click()
    more_actions(wanda)
    wanda.get_by_role("button", name=re.compile(r"Submit to Update review")).click()
    expect(wanda.get_by_text(re.compile("submitted for moderation|submitted to"))).to_be_visible()
    writer_seconds = time.monotonic() - started
    site.shot(wanda, "live-01-writer-submitted")
    update = LiveUpdate.objects.get(headline=HEADLINE)
    assert not update.live
    # Nothing public yet.
    expect(reader.get_by_text(HEADLINE)).to_have_count(0)

    # The editor approves it on the live desk.
    ed = site.log_in(editor.username)
    ed.goto("/admin/live-desk/")
    item = ed.locator(f'[data-desk-key^="{update.pk}:"]')
    expect(item).to_contain_text(QUOTE)
    site.shot(ed, "live-02-editor-desk")
    item.get_by_role("button", name="Approve").click()
    expect(ed.locator(f'[data-desk-key^="{update.pk}:"]')).to_have_count(0)

    # The reader's open page shows it, without a reload.
    navigations = []
    reader.on("framenavigated", lambda frame: navigations.append(frame.url))
    expect(reader.get_by_text(HEADLINE)).to_be_visible()
    expect(reader.locator(f"#update-{update.pk}")).to_contain_text(QUOTE)
    site.shot(reader, "live-03-reader-sees-update")
    assert navigations == []
    # Reported, not asserted: a loaded CI machine says little about a person's speed.
    record_property("writer_seconds", round(writer_seconds, 1))
