"""The whole editorial journey, in Chromium, through the real admin, against a live server.

A writer creates a post with a quote, an aid package with two items and a key-developments
list, saves a draft and submits it; an editor finds it awaiting review and requests changes
with a comment; the writer sees the comment, fixes the post and resubmits; the editor
approves and it is published. The public page and /api/v2/pages/ show it only then.

A screenshot of each stage is saved in $E2E_ARTIFACTS, else tests/e2e/artifacts/.

Needs Debian's Chromium (apt-get install chromium) and the `playwright` pip package; no
browser is downloaded. Without either, the module is skipped, not failed.
Run: pytest tests/e2e   (or -m e2e; -m "not e2e" leaves it out)
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")


def _unavailable(reason: str) -> None:
    # CI sets E2E_REQUIRED so that a missing browser fails the run instead of hiding it.
    if os.environ.get("E2E_REQUIRED"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)


if not CHROMIUM.exists():
    _unavailable(f"Chromium not installed (no {CHROMIUM}): apt-get install chromium")
try:
    from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright
except ImportError:
    _unavailable(
        "The `playwright` pip package is not installed: pip install playwright "
        "(it drives Debian's Chromium; no browser download is needed)"
    )

# Imported after the skips above, which must run first.
from django.db import connections  # noqa: E402

from cms.editorial.stages import (  # noqa: E402
    CHANGES_REQUESTED,
    IN_REVIEW,
    PUBLISHED,
    editorial_stage,
)
from news.models import LatestUpdatesPage  # noqa: E402
from tests.editorial.flow import draft, submit  # noqa: E402

# The live server reads what the test writes, so the test cannot run in a rolled-back
# transaction; serialized_rollback restores the rows migrations made (Wagtail's root page,
# the default site) after the flush, for the next test here and the rest of the suite.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 15_000  # for any one element, navigation or condition
expect.set_options(timeout=WAIT_MS)
VIEWPORT = {"width": 1400, "height": 1000}
# Only the live server is reachable: avatars (gravatar) and anything else external are refused.
NOT_LOCAL = re.compile(r"^https?://(?!(localhost|127\.0\.0\.1)[:/])")

PASSWORD = "pass"  # the `writer` and `editor` fixtures' password
TITLE = "Allies pledge air defence at Brussels talks"
SLUG = "allies-pledge-air-defence-at-brussels-talks"
FIRST_STANDFIRST = "Ministers met in Brussels."
FIXED_STANDFIRST = (
    "Foreign ministers meeting in Brussels pledged air defence and drones for Ukraine "
    "as the United States announced a new aid package."
)
EDITOR_COMMENT = "The standfirst is too thin: say what was pledged and by whom."
AID_ITEMS = ["Stinger missiles", "Reconnaissance drones"]
AMOUNT_TEXT = "$725 million"


@pytest.fixture(scope="module")
def artifacts() -> Path:
    folder = Path(os.environ.get("E2E_ARTIFACTS") or Path(__file__).resolve().parent / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()  # so a failed run never shows a previous run's later stages
    return folder


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            # Queries made while Playwright's event loop ran opened connections in that
            # context; close them here, or PostgreSQL cannot drop the test database.
            connections.close_all()


class Site:
    """The live server as each person sees it: one browser context per user."""

    def __init__(self, browser: Browser, base_url: str, artifacts: Path) -> None:
        self.browser = browser
        self.base_url = base_url
        self.artifacts = artifacts

    def new_page(self) -> Page:
        context = self.browser.new_context(base_url=self.base_url, viewport=VIEWPORT)
        context.set_default_timeout(WAIT_MS)
        context.route(NOT_LOCAL, lambda route: route.abort())
        return context.new_page()

    def log_in(self, username: str, password: str = PASSWORD) -> Page:
        page = self.new_page()
        page.goto("/admin/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(re.compile(r"/admin/$"))
        return page

    def shot(self, page: Page, name: str, *, tall: bool = False) -> None:
        """Save a stage's screenshot; `tall` shows a whole edit form (the admin scrolls a pane)."""
        size = page.viewport_size
        if tall:
            page.set_viewport_size({"width": size["width"], "height": 4400})
        page.screenshot(path=str(self.artifacts / f"{name}.png"), animations="disabled")
        if tall:
            page.set_viewport_size(size)

    def get(self, path: str) -> tuple[int, str]:
        """An anonymous GET, as a reader or an API client makes it."""
        try:
            url = self.base_url + path  # always the live server's http:// address
            with urllib.request.urlopen(url, timeout=WAIT_MS / 1000) as response:  # noqa: S310
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def api_posts(self) -> list[dict[str, Any]]:
        query = urllib.parse.urlencode({"type": "news.LatestUpdatesPage", "fields": "*"})
        status, body = self.get(f"/api/v2/pages/?{query}")
        assert status == 200, body
        return json.loads(body)["items"]

    def assert_not_public(self) -> None:
        status, _html = self.get(f"/latest-updates/{SLUG}/")
        assert status == 404, "the post is public before an editor approved it"
        assert TITLE not in [item["title"] for item in self.api_posts()]


def dashboard_panel(page: Page, heading: str) -> Locator:
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading))


def dashboard_row(page: Page, heading: str, title: str) -> Locator:
    return (
        dashboard_panel(page, heading)
        .get_by_role("row")
        .filter(has=page.get_by_role("link", name=title, exact=True))
    )


def review_action(page: Page, title: str, action: str) -> None:
    """Choose a review action from the post's row in the dashboard's "Awaiting your review"."""
    row = dashboard_row(page, "Awaiting your review", title)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name=action, exact=True).click()


def more_actions(page: Page) -> None:
    """Open the dropdown next to the main button of the edit form's footer."""
    page.locator("footer").get_by_role("button", name="More actions").click()


def insert_block(page: Page, label: str) -> None:
    """Append a block to the body: the last "+" opens the block chooser."""
    page.locator("#body-root button.c-sf-add-button").last.click()
    page.get_by_role("option", name=label, exact=True).click()


def add_list_item(page: Page, prefix: str) -> None:
    """Append an item to a list block whose fields are named `prefix`-N-value-…"""
    count = page.locator(f'input[name="{prefix}-count"]')
    before = int(count.input_value())
    list_block = page.locator(f'div:has(> input[name="{prefix}-count"])')
    list_block.locator("button[data-streamfield-list-add]").last.click()
    expect(count).to_have_value(str(before + 1))


def stage_of(post: LatestUpdatesPage) -> str:
    return editorial_stage(LatestUpdatesPage.objects.get(pk=post.pk))


def test_writer_and_editor_take_a_post_from_draft_to_published(
    live_server, browser, artifacts, section, writer, editor
):
    site = Site(browser, live_server.url, artifacts)

    # The writer writes the post in the admin and saves a draft.
    wanda = site.log_in(writer.username)
    wanda.goto(f"/admin/pages/add/news/latestupdatespage/{section.pk}/")
    wanda.locator("#id_title").fill(TITLE)
    wanda.locator("#id_standfirst").fill(FIRST_STANDFIRST)

    insert_block(wanda, "Quote")
    wanda.locator('[name="body-0-value-text"]').fill("We will not let Ukraine's skies go dark.")
    wanda.locator('[name="body-0-value-attribution"]').fill("a senior NATO diplomat")
    wanda.locator('[name="body-0-value-provenance-method"]').select_option("interview")

    insert_block(wanda, "Aid package")
    wanda.locator('[name="body-1-value-donor"]').fill("United States")
    # The block has no default recipient any more (issue 17): the writer names it.
    wanda.locator('[name="body-1-value-recipient"]').fill("Ukraine")
    wanda.locator('[name="body-1-value-amount"]').fill("725000000")
    wanda.locator('[name="body-1-value-currency"]').select_option("USD")
    for index, name in enumerate(AID_ITEMS):
        add_list_item(wanda, "body-1-value-items")
        wanda.locator(f'[name="body-1-value-items-{index}-value-name"]').fill(name)
    wanda.locator('[name="body-1-value-items-0-value-category"]').select_option("air_defence")
    wanda.locator('[name="body-1-value-items-0-value-quantity"]').fill("100")
    wanda.locator('[name="body-1-value-items-1-value-category"]').select_option("drones")

    insert_block(wanda, "Key developments")  # comes with its one required development
    wanda.locator('[name="body-2-value-items-0-value-label"]').fill("Military aid")
    wanda.locator('[name="body-2-value-items-0-value-text"]').fill(
        "Allies have pledged more air defence for the winter."
    )

    wanda.locator("footer").get_by_role("button", name="Save draft").click()
    # Wagtail 8 autosaves a new page once the writer pauses, turning the create form
    # into the edit form; on a slow machine that happens before the click, and the
    # click then updates the draft autosave created rather than creating it.
    saved = re.compile(rf"Page '{re.escape(TITLE)}' (created|has been updated)\.")
    expect(wanda.get_by_text(saved)).to_be_visible()
    expect(wanda.locator('[name="body-1-value-items-1-value-name"]')).to_have_value(AID_ITEMS[1])
    site.shot(wanda, "01-writer-draft", tall=True)
    post = LatestUpdatesPage.objects.get(slug=SLUG)
    body = post.get_latest_revision_as_object().body
    assert [block.block_type for block in body] == ["quote", "aid_package", "key_developments"]
    assert [item["name"] for item in body[1].value["items"]] == AID_ITEMS
    assert not post.live

    # ...and submits it for review.
    more_actions(wanda)
    wanda.get_by_role("button", name="Submit to Editorial review").click()
    expect(wanda.get_by_text("has been submitted for moderation")).to_be_visible()
    expect(wanda.get_by_role("row").filter(has_text=TITLE)).to_contain_text("in review")
    site.shot(wanda, "02-writer-submitted")
    assert stage_of(post) == IN_REVIEW
    site.assert_not_public()

    # The editor finds it awaiting review, reads it and requests changes with a comment.
    # The review actions are taken from the dashboard row: taking them from the edit view's
    # footer fails today (see test_editor_reviews_from_the_edit_view below).
    ed = site.log_in(editor.username)
    awaiting = dashboard_row(ed, "Awaiting your review", TITLE)
    expect(awaiting).to_be_visible()
    site.shot(ed, "03-editor-queue")
    awaiting.get_by_role("link", name=TITLE).click()
    expect(ed).to_have_url(re.compile(rf"/admin/pages/{post.pk}/edit/$"))
    expect(ed.locator("#id_standfirst")).to_have_value(FIRST_STANDFIRST)
    ed.goto("/admin/")
    review_action(ed, TITLE, "Request changes")
    dialog = ed.get_by_role("dialog")
    dialog.get_by_label("What needs to change").fill(EDITOR_COMMENT)
    site.shot(ed, "04-editor-requests-changes")
    dialog.get_by_role("button", name="Request changes").click()
    expect(awaiting).to_have_count(0)  # the dashboard reloads without it
    assert stage_of(post) == CHANGES_REQUESTED
    site.assert_not_public()

    # The writer sees the comment on the dashboard and, on the post, in the review status.
    wanda.goto("/admin/")
    waiting_on_wanda = dashboard_row(wanda, "Your posts waiting on you", TITLE)
    expect(waiting_on_wanda).to_contain_text("changes requested", ignore_case=True)
    expect(waiting_on_wanda).to_contain_text(EDITOR_COMMENT)
    site.shot(wanda, "05-writer-sees-comment")
    waiting_on_wanda.get_by_role("link", name=TITLE).click()
    expect(wanda).to_have_url(re.compile(rf"/admin/pages/{post.pk}/edit/$"))
    wanda.get_by_role("button", name="Toggle status").click()
    wanda.get_by_role("button", name="View details").click()
    review_status = wanda.get_by_role("dialog", name="Editorial review")
    expect(review_status).to_contain_text("Changes requested by ed")
    expect(review_status).to_contain_text(EDITOR_COMMENT)
    site.shot(wanda, "06-writer-sees-comment-on-post")
    review_status.get_by_role("button", name="Close dialog").click()

    # The writer fixes the standfirst and resubmits.
    wanda.locator("#id_standfirst").fill(FIXED_STANDFIRST)
    more_actions(wanda)
    wanda.get_by_role("button", name="Resubmit to Editor approval").click()
    expect(wanda.get_by_text("has been submitted for moderation")).to_be_visible()
    site.shot(wanda, "07-writer-resubmitted")
    assert stage_of(post) == IN_REVIEW
    site.assert_not_public()

    # The editor reads the new version and approves it, which publishes it.
    ed.goto("/admin/")
    awaiting.get_by_role("link", name=TITLE).click()
    expect(ed.locator("#id_standfirst")).to_have_value(FIXED_STANDFIRST)
    ed.goto("/admin/")
    review_action(ed, TITLE, "Approve and publish")
    expect(awaiting).to_have_count(0)
    ed.goto(f"/admin/pages/{section.pk}/")
    expect(ed.get_by_role("row").filter(has_text=TITLE)).to_contain_text("published")
    site.shot(ed, "08-editor-approved")
    post = LatestUpdatesPage.objects.get(pk=post.pk)
    assert post.live and editorial_stage(post) == PUBLISHED
    assert post.standfirst == FIXED_STANDFIRST

    # Readers and API clients see it now.
    status, html = site.get(f"/latest-updates/{SLUG}/")
    assert status == 200
    assert TITLE in html and AMOUNT_TEXT in html
    reader = site.new_page()
    reader.goto(f"/latest-updates/{SLUG}/")
    expect(reader.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(reader.get_by_text(AMOUNT_TEXT)).to_be_visible()
    expect(reader.get_by_text(FIXED_STANDFIRST)).to_be_visible()
    site.shot(reader, "09-public-page")

    [listed] = [item for item in site.api_posts() if item["title"] == TITLE]
    assert listed["meta"]["slug"] == SLUG
    assert listed["standfirst"] == FIXED_STANDFIRST
    [aid] = [block["value"] for block in listed["body"] if block["type"] == "aid_package"]
    assert aid["amount_display"] == AMOUNT_TEXT
    assert [item["name"] for item in aid["items"]] == AID_ITEMS
    assert [item["category"] for item in aid["items"]] == ["air_defence", "drones"]


def test_editor_reviews_from_the_edit_view(
    live_server, browser, artifacts, section, writer, editor
):
    """Opening a post to review it must not make the editor its author (and so block them)."""
    post = draft(section, writer, title=TITLE)
    submit(post, writer)
    site = Site(browser, live_server.url, artifacts)

    ed = site.log_in(editor.username)
    ed.goto(f"/admin/pages/{post.pk}/edit/")
    more_actions(ed)
    ed.get_by_role("button", name="Request changes").click()
    dialog = ed.get_by_role("dialog")
    dialog.get_by_label("What needs to change").fill(EDITOR_COMMENT)
    with ed.expect_navigation():
        dialog.get_by_role("button", name="Request changes").click()
    ed.wait_for_load_state()

    site.shot(ed, "10-editor-reviews-from-edit-view")
    assert stage_of(post) == CHANGES_REQUESTED
    expect(ed.get_by_text("do not have permission")).to_have_count(0)
    assert not post.revisions.filter(user=editor).exists(), "reviewing wrote no new version"
