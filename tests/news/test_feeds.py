"""RSS, Atom and JSON Feed of the Latest Updates section: parsed, as a feed reader would."""

from __future__ import annotations

import datetime
import email.utils
import json
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db

RSS = "/latest-updates/rss.xml"
ATOM = "/latest-updates/atom.xml"
JSON_FEED = "/latest-updates/feed.json"
FEEDS = [RSS, ATOM, JSON_FEED]
A = "{http://www.w3.org/2005/Atom}"


def post(section, title: str, tags: tuple[str, ...] = (), *, live: bool = True, **fields):
    page = section.add_child(instance=LatestUpdatesPageFactory.build(title=title, **fields))
    if tags:
        page.tags.add(*tags)
    if live:
        return publish(page)
    page.save_revision()
    return page


def rss(client, query: str = "") -> ET.Element:
    response = client.get(RSS + query)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 - our own server's answer
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


def atom(client, query: str = "") -> ET.Element:
    response = client.get(ATOM + query)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 - our own server's answer
    assert root.tag == f"{A}feed"
    return root


def json_feed(client, query: str = "") -> dict:
    response = client.get(JSON_FEED + query)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/feed+json"
    return json.loads(response.content)


def titles(client, url: str) -> list[str]:
    """Item titles, in feed order, whichever format `url` is."""
    if url.startswith(RSS):
        return [item.findtext("title") for item in rss(client, url[len(RSS) :]).iter("item")]
    if url.startswith(ATOM):
        return [e.findtext(f"{A}title") for e in atom(client, url[len(ATOM) :]).iter(f"{A}entry")]
    return [item["title"] for item in json_feed(client, url[len(JSON_FEED) :])["items"]]


def aware(value: str) -> datetime.datetime:
    parsed = datetime.datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, value
    return parsed


def test_rss_has_every_required_element(client, section):
    live = post(section, "Allies & partners meet", ("NATO", "Ukraine"), standfirst="A <b> & C.")
    channel = rss(client)

    assert channel.findtext("title") == "Newsroom: Latest Updates"
    assert channel.findtext("link") == "http://testserver/latest-updates/"
    assert channel.findtext("description")
    assert channel.findtext("language") == "en-gb"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("rel") == "self"
    assert self_link.get("href") == "http://testserver/latest-updates/rss.xml"
    assert email.utils.parsedate_to_datetime(channel.findtext("lastBuildDate"))

    (item,) = channel.findall("item")
    assert item.findtext("title") == "Allies & partners meet"
    assert item.findtext("link") == live.get_full_url()
    # The standfirst is plain text, sent as HTML: a reader shows it as written.
    assert item.findtext("description") == "A &lt;b&gt; &amp; C."
    guid = item.find("guid")
    assert guid.get("isPermaLink") == "false"
    assert guid.text == f"tag:testserver,{live.first_published_at:%Y-%m-%d}:post:{live.pk}"
    published = email.utils.parsedate_to_datetime(item.findtext("pubDate"))
    assert published == live.first_published_at.replace(microsecond=0)
    assert [c.text for c in item.findall("category")] == ["NATO", "Ukraine"]


def test_atom_has_every_required_element(client, section):
    live = post(section, "Ministers meet", ("NATO",))
    feed = atom(client)

    assert feed.findtext(f"{A}id") == "http://testserver/latest-updates/atom.xml"
    assert feed.findtext(f"{A}title") == "Newsroom: Latest Updates"
    assert aware(feed.findtext(f"{A}updated"))
    assert feed.find(f"{A}author/{A}name").text == "Newsroom"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links == {
        "alternate": "http://testserver/latest-updates/",
        "self": "http://testserver/latest-updates/atom.xml",
    }

    (entry,) = feed.findall(f"{A}entry")
    assert entry.findtext(f"{A}id").startswith("tag:testserver,")
    assert entry.findtext(f"{A}title") == "Ministers meet"
    assert entry.find(f"{A}link").get("href") == live.get_full_url()
    assert entry.find(f"{A}summary").get("type") == "html"
    assert entry.findtext(f"{A}summary") == live.standfirst
    assert aware(entry.findtext(f"{A}published")) == live.first_published_at
    assert aware(entry.findtext(f"{A}updated")) == live.last_published_at
    assert [c.get("term") for c in entry.findall(f"{A}category")] == ["NATO"]


def test_json_feed_is_version_1_1_with_every_item_field(client, section, django_user_model):
    author = django_user_model.objects.create_user("reporter", first_name="Rea", last_name="Porter")
    live = post(section, "Ministers meet", ("Ukraine", "NATO"), owner=author)
    feed = json_feed(client)

    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Newsroom: Latest Updates"
    assert feed["home_page_url"] == "http://testserver/latest-updates/"
    assert feed["feed_url"] == "http://testserver/latest-updates/feed.json"
    assert feed["language"] == "en-gb"
    (item,) = feed["items"]
    assert item["id"] == f"tag:testserver,{live.first_published_at:%Y-%m-%d}:post:{live.pk}"
    assert item["url"] == live.get_full_url()
    assert item["title"] == "Ministers meet"
    assert item["summary"] == item["content_text"] == live.standfirst
    assert aware(item["date_published"]) == live.first_published_at.replace(
        microsecond=live.first_published_at.microsecond // 1000 * 1000
    )
    assert aware(item["date_modified"]) >= aware(item["date_published"])
    assert item["tags"] == ["NATO", "Ukraine"]
    assert item["authors"] == [{"name": "Rea Porter"}]


def test_the_byline_is_the_owners_full_name_in_every_format(client, section, django_user_model):
    author = django_user_model.objects.create_user("reporter", first_name="Rea", last_name="Porter")
    post(section, "Bylined", owner=author)
    post(section, "Anonymous owner", owner=django_user_model.objects.create_user("nameless"))

    items = {item.findtext("title"): item for item in rss(client).iter("item")}
    creator = "{http://purl.org/dc/elements/1.1/}creator"
    assert items["Bylined"].findtext(creator) == "Rea Porter"
    assert items["Anonymous owner"].find(creator) is None
    entries = {e.findtext(f"{A}title"): e for e in atom(client).iter(f"{A}entry")}
    assert entries["Bylined"].findtext(f"{A}author/{A}name") == "Rea Porter"
    json_items = {item["title"]: item for item in json_feed(client)["items"]}
    assert "authors" not in json_items["Anonymous owner"]


@pytest.mark.parametrize("url", FEEDS)
def test_newest_first_and_at_most_the_configured_number(client, section, settings, url):
    for number in range(5):
        post(section, f"Post {number}")
    settings.NEWS_FEED_MAX_ITEMS = 3
    assert titles(client, url) == ["Post 4", "Post 3", "Post 2"]


@pytest.mark.parametrize("url", FEEDS)
def test_tag_narrows_the_feed(client, section, url):
    post(section, "About NATO", ("NATO",))
    post(section, "About aid", ("military aid",))
    post(section, "About both", ("NATO", "military aid"))

    assert titles(client, f"{url}?tag=NATO") == ["About both", "About NATO"]
    assert titles(client, f"{url}?tag=military+aid") == ["About both", "About aid"]
    assert titles(client, f"{url}?tag=") == ["About both", "About aid", "About NATO"]
    # An unknown tag is a valid feed with no items.
    assert titles(client, f"{url}?tag=nothing-has-this") == []


def test_a_tag_feed_names_its_tag_and_its_own_url(client, section):
    post(section, "About aid", ("military aid",))
    channel = rss(client, "?tag=military+aid")
    assert channel.findtext("title") == "Newsroom: Latest Updates – military aid"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link").get("href")
    assert self_link == "http://testserver/latest-updates/rss.xml?tag=military+aid"
    feed = atom(client, "?tag=military+aid")
    assert feed.findtext(f"{A}id") == "http://testserver/latest-updates/atom.xml?tag=military+aid"
    assert json_feed(client, "?tag=military+aid")["feed_url"].endswith("feed.json?tag=military+aid")


@pytest.mark.parametrize("url", FEEDS)
@pytest.mark.parametrize("tag", ["NA\x00TO", "x" * 101])
def test_a_tag_no_tag_could_have_is_a_plain_400(client, section, url, tag):
    response = client.get(url, {"tag": tag})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith("tag: ")


@pytest.mark.parametrize("url", FEEDS)
def test_only_live_public_posts_appear(client, section, url):
    post(section, "Public")
    post(section, "Draft", live=False)
    post(section, "Unpublished").unpublish()
    publish(post(section, "Published then edited").get_latest_revision_as_object())
    edited = post(section, "Live title").get_latest_revision_as_object()
    edited.title = "Unapproved title"
    edited.save_revision()
    for kind in ("password", "login", "groups"):
        restricted = post(section, f"Restricted by {kind}")
        made = PageViewRestriction.objects.create(
            page=restricted, restriction_type=kind, password="pw" if kind == "password" else ""
        )
        if kind == "groups":
            made.groups.add(Group.objects.first())

    assert titles(client, url) == ["Live title", "Published then edited", "Public"]


@pytest.mark.parametrize("url", FEEDS)
def test_a_restricted_or_unpublished_section_has_no_feed(client, section, url):
    post(section, "Behind the section's login")
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(url)
    assert response.status_code == 404
    assert b"Behind the section" not in response.content

    restriction.delete()
    assert titles(client, url) == ["Behind the section's login"]
    section.unpublish()
    assert client.get(url).status_code == 404


def test_an_item_keeps_its_id_when_its_slug_changes(client, section):
    live = post(section, "Ministers meet")
    before = json_feed(client)["items"][0]
    live.slug = "ministers-meet-in-brussels"
    publish(live)
    after = json_feed(client)["items"][0]
    assert after["id"] == before["id"]
    assert after["url"] == "http://testserver/latest-updates/ministers-meet-in-brussels/"


@pytest.mark.parametrize("url", [RSS, ATOM])
def test_control_characters_in_a_title_cannot_break_the_xml(client, section, url):
    post(section, "Line\x0bbreak from a word processor", ("odd\x01tag",))
    assert titles(client, url) == ["Linebreak from a word processor"]


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_are_cacheable_for_a_short_time(client, section, settings, url):
    settings.NEWS_FEED_MAX_AGE = 45
    response = client.get(url)
    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=45"}
    assert client.post(url).status_code in (403, 405)


def test_section_and_post_pages_link_to_the_feeds(client, section):
    live = post(section, "Ministers meet")
    for page in (section, live):
        html = client.get(page.url).content.decode()
        for kind, name, url in [
            ("rss+xml", "RSS", RSS),
            ("atom+xml", "Atom", ATOM),
            ("feed+json", "JSON Feed", JSON_FEED),
        ]:
            link = (
                f'<link rel="alternate" type="application/{kind}" '
                f'title="Newsroom: Latest Updates ({name})" href="{url}">'
            )
            assert link in html, link
