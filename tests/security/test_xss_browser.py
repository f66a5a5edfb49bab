"""XSS in a real browser: hostile content must not run in the admin, its preview or the site.

Two payloads of each class in xss_corpus.py go into every text field of posts
written through the v3 API, a person's name, role and organisation, and tags. The
posts are published; then Chromium opens, as an administrator, the edit form, its
live preview panel, the draft view, the page listing and the people listing, and,
as a reader, the public post and the section. Every page runs with `alert` still
live (a `dialog` event is a failure), a `window.__xss` hook the payloads call, and
a watch for page errors, console errors and CSP violations. The public site's
Content-Security-Policy would block an inline script on its own, so the DOM is
checked too: no element the content injected, no handler or script URL from it,
and the hostile text shown as text.

Uses the browser fixtures of tests/e2e/ and is skipped, like them, without Chromium
(unless E2E_REQUIRED is set).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from news.models import LatestUpdatesPage, Person
from tests.e2e.test_editorial_journey import (  # noqa: F401 - `browser` is a fixture
    NOT_LOCAL,
    PASSWORD,
    Site,
    browser,
)
from tests.factories import ImageFactory
from tests.security.test_xss_content import _groups, _joined, _stored_body
from tests.security.xss_corpus import Payload, sample

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # What the browser does with the pages does not depend on the database: run once.
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="the XSS browser check runs once, on SQLite"
    ),
]


@pytest.fixture(autouse=True)
def _allow_orm_beside_playwright(monkeypatch):
    # As tests/e2e/conftest.py does: Playwright's event loop makes Django refuse the ORM.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Installed in every frame before any of its scripts: payloads that run are recorded,
# and so is a CSP violation (on the public site, the sign that something tried to).
WATCH = """
window.__xss_hits = [];
window.__xss = (n) => { window.__xss_hits.push('__xss(' + n + ')'); };
document.addEventListener('securitypolicyviolation', (e) => {
  window.__xss_hits.push('csp ' + e.violatedDirective + ' ' + (e.sample || e.blockedURI));
});
"""

# Console errors Wagtail's admin logs itself: its upgrade check (whose fetch of
# releases.wagtail.org the test refuses) and the userbar's accessibility checker.
BENIGN_CONSOLE_ERRORS = ("Error fetching https://releases.wagtail.org/", "axe.run results")

# What content could have injected into a document, whichever page it is.
INJECTED = r"""
() => {
  const marker = /alert\(\d|__xss\(\d/;
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcdoc'];
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (tag === 'script' && !/json/.test(el.type) && marker.test(el.textContent)) {
      found.push('script: ' + el.textContent.slice(0, 80));
    }
    if (['iframe', 'object', 'embed', 'base'].includes(tag) && marker.test(el.outerHTML)) {
      found.push(tag + ': ' + el.outerHTML.slice(0, 80));
    }
    if (tag === 'img' && el.getAttribute('src') === 'x') found.push('img src=x');
    if (tag === 'meta' && el.httpEquiv) found.push('meta http-equiv');
    for (const attribute of el.attributes) {
      const name = attribute.name.toLowerCase();
      const squashed = attribute.value.replace(/[\s\x00-\x20\x7f-\xa0`]+/g, '').toLowerCase();
      if (name.startsWith('on') && marker.test(attribute.value)) {
        found.push(tag + ' ' + name + '=' + attribute.value.slice(0, 60));
      }
      if (urlAttributes.includes(name) && /^(javascript|vbscript|data):/.test(squashed)) {
        found.push(tag + ' ' + name + '=' + attribute.value.slice(0, 60));
      }
      if (name === 'style' && marker.test(attribute.value)) found.push(tag + ' style');
    }
  }
  return found;
}
"""


class Watched:
    """A browser tab that records every sign of script from content running in it."""

    def __init__(self, site: Site, page) -> None:
        self.page = page
        self.events: list[str] = []
        page.add_init_script(WATCH)
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda error: self.events.append(f"page error: {error}"))
        page.on("console", self._console)

    def _dialog(self, dialog) -> None:
        self.events.append(f"dialog {dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _console(self, message) -> None:
        if message.type != "error":
            return
        # Requests the test refuses (avatars and anything else off the live server) fail.
        if message.text.startswith("Failed to load resource") and NOT_LOCAL.match(
            message.location.get("url", "")
        ):
            return
        if message.text.startswith(BENIGN_CONSOLE_ERRORS):
            return
        self.events.append(f"console error: {message.text}")

    def check(self, name: str) -> list[str]:
        """Everything wrong so far on this tab's current page, in all of its frames."""
        self.page.wait_for_load_state("load")
        self.page.wait_for_timeout(300)  # let autofocus, ontoggle, onload and timers fire
        problems = [f"{name}: {event}" for event in self.events]
        self.events.clear()
        for frame in self.page.frames:
            try:
                hits = frame.evaluate("() => window.__xss_hits || []")
                injected = frame.evaluate(INJECTED)
            except Exception as error:  # noqa: BLE001 - a frame navigating away is no finding
                problems.append(f"{name} {frame.url}: could not inspect ({error})")
                continue
            problems += [f"{name} {frame.url}: ran {hit}" for hit in hits]
            problems += [f"{name} {frame.url}: injected {what}" for what in injected]
        return problems


def _write_posts(
    payloads: list[Payload], section, writer, token_for
) -> tuple[list[LatestUpdatesPage], Person]:
    """Posts with the payloads in every field, written over the v3 API and then published."""
    client, headers = Client(), token_for(writer)
    image_id = ImageFactory(title=payloads[0].text).pk
    posts, person = [], None
    for index, group in enumerate(_groups(payloads)):
        text = _joined(group)
        person = Person.objects.create(name=text, role=text, organisation=text)
        payload = {
            "meta": {"type": "news.LatestUpdatesPage", "parent_id": section.pk},
            "title": text,
            "slug": f"xss-browser-{index}",
            "standfirst": text,
            "dateline": "2024-12-03",
            "tags": [p.text for p in group],
            "body": _stored_body(group, person, image_id),
        }
        response = client.post(
            "/api/v3/pages/", json.dumps(payload), content_type="application/json", **headers
        )
        assert response.status_code == 201, response.content[:1000]
        post = LatestUpdatesPage.objects.get(pk=response.json()["id"])
        post.get_latest_revision().publish()
        posts.append(LatestUpdatesPage.objects.get(pk=post.pk))
    return posts, person


def test_hostile_content_runs_nowhere(
    live_server,
    browser,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
    section,
    writer,
    token_for,
    django_user_model,
):
    payloads = sample(per_kind=2)
    posts, person = _write_posts(payloads, section, writer, token_for)
    django_user_model.objects.create_superuser("root", "root@example.com", PASSWORD)
    site = Site(browser, live_server.url, tmp_path)
    problems: list[str] = []

    admin = Watched(site, site.log_in("root"))
    for post in posts:
        admin.page.goto(f"/admin/pages/{post.pk}/edit/")
        admin.page.locator("#id_title").wait_for()
        assert admin.page.locator("#id_title").input_value() == post.title
        problems += admin.check(f"edit {post.pk}")
        admin.page.goto(f"/admin/pages/{post.pk}/view_draft/")
        problems += admin.check(f"view draft {post.pk}")
    # The edit form's preview panel: the form as it stands, rendered in a frame.
    admin.page.goto(f"/admin/pages/{posts[0].pk}/edit/")
    admin.page.get_by_role("button", name="Toggle preview").click()
    # Wagtail loads each preview in a second frame and then swaps it in: read the newest.
    preview = admin.page.frame_locator("iframe[title='Preview']").last
    preview.locator("h1").wait_for()
    assert preview.locator("h1").inner_text() == posts[0].title
    problems += admin.check("preview panel")
    admin.page.goto(f"/admin/pages/{section.pk}/")
    problems += admin.check("page listing")
    admin.page.goto("/admin/snippets/news/person/")
    admin.page.get_by_role("link", name=re.compile(re.escape(person.name[:20]))).first.wait_for()
    problems += admin.check("people listing")

    reader = Watched(site, site.new_page())
    for post in posts:
        reader.page.goto(post.url)
        # Shown as text, so escaped rather than dropped.
        assert reader.page.locator("h1").inner_text() == post.title
        assert person.name in reader.page.locator("main").inner_text() or post != posts[-1]
        problems += reader.check(f"public {post.url}")
    reader.page.goto(section.url)
    problems += reader.check("section")
    assert not problems, "\n".join(problems)
