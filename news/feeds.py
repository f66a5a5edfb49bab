"""Feeds of the Latest Updates section: RSS 2.0, Atom and JSON Feed 1.1.

    /latest-updates/rss.xml     RSS 2.0 (Django's syndication framework)
    /latest-updates/atom.xml    Atom 1.0 (the same)
    /latest-updates/feed.json   JSON Feed 1.1

Each takes `?tag=` to list only posts with that tag (an unknown tag is an
empty feed). Items are the section's live posts without a view restriction on
them or any ancestor, newest first, at most NEWS_FEED_MAX_ITEMS; each has its
title, standfirst, link, first and last publication times, tags and byline.

The URLs are explicit patterns in cms/urls.py, not routes of the section page
(RoutablePageMixin): Wagtail's page serving only matches paths ending in "/",
so it could never answer `rss.xml`. They also stay where subscribers found them
if the section's slug changes. The views still find the section through the
page tree (the request's site, live and public), and take links from it.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.views.decorators.http import require_safe
from taggit.models import Tag
from wagtail.models import Site

from cms.delivery.query_params import InvalidParameter, text
from news.corrections.representation import modified_at
from news.interchange.ninjs import post_uri
from news.models import LatestUpdatesPage, NewsIndexPage
from news.post_filters import PostFilters
from news.structured_data import byline

__all__ = ["FeedItem", "FeedSource", "atom_feed", "json_feed", "json_feed_data", "rss_feed"]

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
JSON_FEED_CONTENT_TYPE = "application/feed+json"
# What XML 1.0 cannot carry at all; Django's feed writer refuses it with an
# exception (a 500), and a title pasted from a word processor can hold \x0b.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return _XML_ILLEGAL.sub("", value)


def _tag(value: str | None) -> str | None:
    """The `?tag=` value, or None; a 400 (InvalidParameter) for one no tag could have."""
    tag = text("tag", value) or None
    limit = Tag._meta.get_field("name").max_length
    if tag is not None and len(tag) > limit:
        raise InvalidParameter("tag", f"must be at most {limit} characters")
    return tag


@dataclass(frozen=True)
class FeedSource:
    """What one feed request shows: the section, the optional tag and its posts."""

    request: HttpRequest
    site: Site
    section: NewsIndexPage
    tag: str | None
    url_name: str

    @classmethod
    def for_request(cls, request: HttpRequest, url_name: str) -> FeedSource:
        tag = _tag(request.GET.get("tag"))
        site = Site.find_for_request(request)
        if site is None:
            raise Http404("No site here.")
        # A section that is not live, or is restricted, has no public feed.
        section = (
            NewsIndexPage.objects.live()
            .public()
            .descendant_of(site.root_page, inclusive=True)
            .order_by("path")
            .first()
        )
        if section is None:
            raise Http404("No public Latest Updates section.")
        return cls(request=request, site=site, section=section, tag=tag, url_name=url_name)

    @property
    def title(self) -> str:
        site_name = self.site.site_name or settings.WAGTAIL_SITE_NAME
        title = f"{site_name}: {self.section.title}"
        return f"{title} – {self.tag}" if self.tag else title

    @property
    def description(self) -> str:
        return self.section.introduction or f"The latest updates from {settings.WAGTAIL_SITE_NAME}."

    @property
    def home_page_url(self) -> str:
        return self.section.get_full_url(self.request)

    @property
    def feed_url(self) -> str:
        """This feed's own absolute URL, with its tag, on the site's public address."""
        query = f"?{urlencode({'tag': self.tag})}" if self.tag else ""
        return f"{self.site.root_url}{reverse(self.url_name)}{query}"

    def posts(self) -> list[LatestUpdatesPage]:
        # public() excludes posts restricted themselves or through any ancestor.
        posts = (
            LatestUpdatesPage.objects.live()
            .public()
            .descendant_of(self.section)
            .order_by("-first_published_at", "-pk")
            .select_related("owner")
            .prefetch_related("tags")
            # A correction marks the entry updated (news/corrections/).
            .annotate(last_corrected_at=Max("corrections__published_at"))
        )
        posts = PostFilters(tag=self.tag).apply(posts)
        return list(posts[: settings.NEWS_FEED_MAX_ITEMS])

    def item_url(self, post: LatestUpdatesPage) -> str:
        return post.get_full_url(self.request)

    def item_id(self, post: LatestUpdatesPage) -> str:
        """A tag: URI that survives a change of slug or section; the post's ninjs `uri` too."""
        return post_uri(post, self.site.hostname)


@dataclass(frozen=True)
class FeedItem:
    """A post with the request it is listed for (Feed instances are shared by every request)."""

    source: FeedSource
    post: LatestUpdatesPage


def tag_names(post: LatestUpdatesPage) -> list[str]:
    # From the prefetched tags; sorted here rather than by a query per post.
    return sorted(tag.name for tag in post.tags.all())


def _bad_request(error: InvalidParameter) -> HttpResponse:
    return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")


def _cacheable(response: HttpResponse) -> HttpResponse:
    # Read per request, so settings overrides apply. Browsers keep a feed this long;
    # a cache in front is purged by key (cms/delivery/surrogate.py).
    patch_cache_control(response, public=True, max_age=settings.NEWS_FEED_MAX_AGE)
    return response


class _SectionFeed(Feed):
    """The parts RSS and Atom share; the feed type and URL name come from subclasses."""

    url_name: str

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = super().__call__(request, *args, **kwargs)
        except InvalidParameter as error:
            return _bad_request(error)
        return _cacheable(response)

    @property
    def language(self) -> str:
        return settings.LANGUAGE_CODE

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FeedSource:
        return FeedSource.for_request(request, self.url_name)

    def title(self, source: FeedSource) -> str:
        return _xml_text(source.title)

    def description(self, source: FeedSource) -> str:
        return _xml_text(source.description)

    def subtitle(self, source: FeedSource) -> str:
        return self.description(source)

    def link(self, source: FeedSource) -> str:
        return source.home_page_url

    def feed_url(self, source: FeedSource) -> str:
        return source.feed_url

    def feed_guid(self, source: FeedSource) -> str:
        return source.feed_url

    def author_name(self, source: FeedSource) -> str:
        # Atom needs an author for the feed when an entry has none.
        return _xml_text(settings.NEWS_PUBLISHER_NAME)

    def items(self, source: FeedSource) -> list[FeedItem]:
        return [FeedItem(source, post) for post in source.posts()]

    # Titles are plain text; the standfirst goes out as HTML (escaped), which is
    # what RSS readers and Atom's type="html" summaries expect.
    def item_title(self, item: FeedItem) -> str:
        return _xml_text(item.post.title)

    def item_description(self, item: FeedItem) -> str:
        return _xml_text(escape(item.post.standfirst))

    def item_link(self, item: FeedItem) -> str:
        return item.source.item_url(item.post)

    def item_guid(self, item: FeedItem) -> str:
        return item.source.item_id(item.post)

    item_guid_is_permalink = False

    def item_pubdate(self, item: FeedItem) -> datetime.datetime:
        return item.post.first_published_at

    def item_updateddate(self, item: FeedItem) -> datetime.datetime:
        return modified_at(item.post)

    def item_categories(self, item: FeedItem) -> list[str]:
        return [_xml_text(name) for name in tag_names(item.post)]

    def item_author_name(self, item: FeedItem) -> str | None:
        return _xml_text(byline(item.post)) or None


class RssFeed(_SectionFeed):
    feed_type = Rss201rev2Feed
    url_name = "news_feed_rss"


class AtomFeed(_SectionFeed):
    feed_type = Atom1Feed
    url_name = "news_feed_atom"


def _json_feed_item(source: FeedSource, post: LatestUpdatesPage) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": source.item_id(post),
        "url": source.item_url(post),
        "title": post.title,
        "summary": post.standfirst,
        # Readers show content_text when there is no HTML; the standfirst is the
        # post's own plain-text summary (the full post is at `url` and in the API).
        "content_text": post.standfirst,
        "date_published": post.first_published_at,
        "date_modified": modified_at(post),
        "tags": tag_names(post),
    }
    if name := byline(post):
        item["authors"] = [{"name": name}]
    return item


def json_feed_data(source: FeedSource) -> dict[str, Any]:
    """The JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/)."""
    return {
        "version": JSON_FEED_VERSION,
        "title": source.title,
        "home_page_url": source.home_page_url,
        "feed_url": source.feed_url,
        "description": source.description,
        "language": settings.LANGUAGE_CODE,
        "authors": [{"name": settings.NEWS_PUBLISHER_NAME}],
        "items": [_json_feed_item(source, post) for post in source.posts()],
    }


@require_safe
def json_feed(request: HttpRequest) -> HttpResponse:
    try:
        source = FeedSource.for_request(request, "news_feed_json")
    except InvalidParameter as error:
        return _bad_request(error)
    # ASCII-only JSON, so no client can misread its encoding.
    body = json.dumps(json_feed_data(source), cls=DjangoJSONEncoder)
    return _cacheable(HttpResponse(body, content_type=JSON_FEED_CONTENT_TYPE))


rss_feed = require_safe(RssFeed())
atom_feed = require_safe(AtomFeed())
