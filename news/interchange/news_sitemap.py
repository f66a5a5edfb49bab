"""/latest-updates/news-sitemap.xml: the section's recent posts as a Google News sitemap.

Google's news sitemap lists articles published in the last two days, at most
1,000 of them, each with its publication (name and language), publication
date and title (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap).
Like the section's feeds (news/feeds.py), it is an explicit pattern in
cms/urls.py rather than a route of the section page, and carries the
`listings` surrogate key (cms/delivery/surrogate.py), so any publish purges
it from a cache in front.

The publication name is NEWS_PUBLISHER_NAME (by default the site's
WAGTAIL_SITE_NAME): Google matches it against the name the publication has in
Google News, so set it to exactly that.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Site

from news.models import LatestUpdatesPage

__all__ = ["MAX_URLS", "RECENT", "news_language", "news_sitemap"]

# Google's limits: articles from the last two days, 1,000 URLs per sitemap.
RECENT = datetime.timedelta(days=2)
MAX_URLS = 1000
# What XML 1.0 cannot carry (the same characters news/feeds.py strips): a
# title pasted from a word processor can hold \x0b, and would make the whole
# sitemap unreadable.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Entry:
    location: str
    published: datetime.datetime
    title: str


def news_language(code: str) -> str:
    """Google's news:language: the ISO 639 code ("en" for "en-gb"); Chinese keeps its script."""
    code = code.lower()
    return code if code in ("zh-cn", "zh-tw") else code.split("-", 1)[0]


def recent_posts(site: Site) -> list[LatestUpdatesPage]:
    """Live, unrestricted posts of the site first published in the last two days, newest first."""
    since = timezone.now() - RECENT
    return list(
        LatestUpdatesPage.objects.live()
        .public()
        .descendant_of(site.root_page, inclusive=True)
        .filter(first_published_at__gte=since)
        .order_by("-first_published_at", "-pk")[:MAX_URLS]
    )


@require_safe
def news_sitemap(request: HttpRequest) -> HttpResponse:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site here.")
    entries = [
        Entry(
            location=post.get_full_url(request),
            # To the second: a W3C datetime may carry fractions, but nobody needs them.
            published=post.first_published_at.replace(microsecond=0),
            title=_XML_ILLEGAL.sub("", post.title),
        )
        for post in recent_posts(site)
    ]
    response = render(
        request,
        "news/interchange/news_sitemap.xml",
        {
            "entries": entries,
            "publication_name": _XML_ILLEGAL.sub("", settings.NEWS_PUBLISHER_NAME),
            "language": news_language(settings.LANGUAGE_CODE),
        },
        content_type="application/xml; charset=utf-8",
    )
    # As the feeds: browsers keep it this long; a cache in front is purged by key.
    patch_cache_control(response, public=True, max_age=settings.NEWS_FEED_MAX_AGE)
    return response
