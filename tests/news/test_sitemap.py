"""/sitemap.xml lists the live public pages, each with when it last changed."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap(client) -> dict[str, datetime.datetime]:
    """location -> lastmod, parsed from the XML."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own server's answer
    assert root.tag == f"{NS}urlset"
    entries = {}
    for url in root.findall(f"{NS}url"):
        lastmod = datetime.datetime.fromisoformat(url.findtext(f"{NS}lastmod"))
        assert lastmod.tzinfo is not None
        entries[url.findtext(f"{NS}loc")] = lastmod
    return entries


def post(section, slug: str, *, live: bool = True):
    page = section.add_child(instance=LatestUpdatesPageFactory.build(slug=slug))
    if live:
        return publish(page)
    page.save_revision()
    return page


def test_live_public_pages_are_listed_with_their_last_publication(client, section, site_tree):
    live = post(section, "live")
    live = publish(live)  # published twice: lastmod is the second time

    entries = sitemap(client)
    assert entries[live.get_full_url()] == live.last_published_at
    assert live.last_published_at > live.first_published_at
    assert site_tree.home.get_full_url() in entries
    assert section.get_full_url() in entries


def test_drafts_unpublished_and_restricted_pages_are_not(client, section):
    post(section, "draft", live=False)
    post(section, "unpublished").unpublish()
    for kind in ("password", "login", "groups"):
        restricted = post(section, f"restricted-{kind}")
        made = PageViewRestriction.objects.create(
            page=restricted, restriction_type=kind, password="pw" if kind == "password" else ""
        )
        if kind == "groups":
            made.groups.add(Group.objects.first())
    post(section, "public")

    paths = {url.removeprefix("http://testserver") for url in sitemap(client)}
    assert paths == {"/", "/latest-updates/", "/latest-updates/public/"}


def test_nothing_under_a_restricted_section_is_listed(client, section):
    post(section, "inside")
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    assert list(sitemap(client)) == ["http://testserver/"]
