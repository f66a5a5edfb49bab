"""/latest-updates/news-sitemap.xml: the last two days' posts in Google's news sitemap format."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.interchange import news_sitemap as module
from news.models import LatestUpdatesPage
from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db

URL = "/latest-updates/news-sitemap.xml"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def post(section, title: str, *, age: datetime.timedelta | None = None, live: bool = True):
    page = section.add_child(instance=LatestUpdatesPageFactory.build(title=title))
    if not live:
        page.save_revision()
        return page
    page = publish(page)
    if age is not None:
        LatestUpdatesPage.objects.filter(pk=page.pk).update(first_published_at=timezone.now() - age)
        page.refresh_from_db()
    return page


def fetch(client):
    response = client.get(URL)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    # Well-formed, or this raises.
    root = ET.fromstring(response.content)  # noqa: S314 - our own server's answer
    assert root.tag == f"{SM}urlset"
    return response, root


def entries(root: ET.Element) -> dict[str, ET.Element]:
    return {url.findtext(f"{SM}loc"): url.find(f"{NEWS}news") for url in root.findall(f"{SM}url")}


def test_each_url_has_publication_date_and_title(client, section, settings):
    settings.NEWS_PUBLISHER_NAME = "The Daily Brief"
    page = post(section, "Allies meet in Brussels")
    response, root = fetch(client)
    # The news namespace is declared on the root, as Google's format has it.
    assert b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' in response.content
    news = entries(root)[page.get_full_url()]
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "The Daily Brief"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    published = datetime.datetime.fromisoformat(news.findtext(f"{NEWS}publication_date"))
    assert published.tzinfo is not None
    assert published == page.first_published_at.replace(microsecond=0)
    assert news.findtext(f"{NEWS}title") == "Allies meet in Brussels"


def test_only_live_public_posts_of_the_last_two_days(client, section):
    recent = post(section, "Recent", age=datetime.timedelta(days=1, hours=23))
    post(section, "Old", age=datetime.timedelta(days=2, minutes=1))
    post(section, "Draft", live=False)
    restricted = post(section, "Restricted")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    unpublished = post(section, "Unpublished")
    unpublished.unpublish()

    _response, root = fetch(client)
    assert list(entries(root)) == [recent.get_full_url()]


def test_titles_are_escaped_and_unwritable_characters_dropped(client, section):
    post(section, 'Tom & Jerry <script> "quoted" \x0b it’s')
    response, root = fetch(client)
    assert b"Tom &amp; Jerry &lt;script&gt;" in response.content
    [news] = entries(root).values()
    assert news.findtext(f"{NEWS}title") == 'Tom & Jerry <script> "quoted"  it’s'


def test_no_more_than_the_limit(client, section, monkeypatch):
    monkeypatch.setattr(module, "MAX_URLS", 2)
    for n in range(3):
        post(section, f"Post {n}")
    _response, root = fetch(client)
    # The newest, up to the limit (Google reads at most 1,000).
    assert [n.findtext(f"{NEWS}title") for n in entries(root).values()] == ["Post 2", "Post 1"]


def test_an_empty_sitemap_is_still_a_urlset(client, section):
    _response, root = fetch(client)
    assert root.findall(f"{SM}url") == []


@pytest.mark.parametrize(
    ("code", "expected"), [("en-gb", "en"), ("fr", "fr"), ("zh-tw", "zh-tw"), ("pt-BR", "pt")]
)
def test_language_is_googles_code(code, expected):
    assert module.news_language(code) == expected


def test_cached_like_the_feeds_and_purged_with_every_listing(client, section, settings):
    post(section, "Allies meet")
    response, _root = fetch(client)
    assert f"max-age={settings.NEWS_FEED_MAX_AGE}" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    # Any publish purges `listings` (cms/delivery/surrogate.py).
    assert set(response["xkey"].split()) == {"listings", "structure"}
    assert client.post(URL).status_code == 405
