"""Surrogate keys: which purgeable things a public answer shows.

A cache in front (Varnish with vmod xkey, Fastly, Cloudflare) files each
stored answer under the keys it carries, and the CMS purges by key when one
of those things changes (cms/delivery/invalidation.py). The scheme mirrors the
app's own version tokens (versions.py):

- ``structure`` on every answer: the page tree, sites and view restrictions
  change what every answer shows (paths, parents, who may see what);
- ``listings`` on anything that lists posts (API listings and searches, the
  change and update feeds, the section and home pages, the RSS/Atom/JSON feeds,
  the sitemaps, site search): every post change purges it;
- ``page-<id>`` for a page's own detail, plus its parent's (the section a post
  shows as its parent and breadcrumb);
- ``person-<id>``, ``image-<id>``, ``document-<id>`` for what a post shows, in
  its own fields or in its published live updates (Wagtail's reference index,
  the same source ``invalidation.pages_showing`` reads the other way round).

Answers go out with the keys three ways: ``xkey`` (Varnish) and
``Surrogate-Key`` (Fastly) space-separated, ``Cache-Tag`` (Cloudflare)
comma-separated. Personal answers (a token, a session, a preview, the
editorial API) carry none: no shared cache stores them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import HttpRequest, HttpResponseBase
from django.template.response import SimpleTemplateResponse
from django.utils.cache import patch_vary_headers
from wagtail.models import Page, ReferenceIndex

from cms.delivery.middleware import DeliveryCacheMiddleware, is_api_request
from news.posts import update_model

__all__ = [
    "LISTINGS",
    "STRUCTURE",
    "SurrogateKeyMiddleware",
    "keys_for_object",
    "keys_for_pages",
    "page_key",
    "shown_object_keys",
]

STRUCTURE = "structure"
LISTINGS = "listings"
# Each header's separator, as the cache reading it expects.
HEADERS = (("xkey", " "), ("Surrogate-Key", " "), ("Cache-Tag", ","))

API_PAGE_DETAIL = re.compile(r"^/api/v[23]/pages/(?P<id>\d+)/$")
API_STORY_FEED = re.compile(r"^/api/v3/news/posts/(?P<id>\d+)/updates/$")
# A post's ninjs document (news/interchange/): the post and its live updates, like its detail.
API_NINJS = re.compile(r"^/api/v3/news/posts/(?P<id>\d+)/ninjs/$")
API_MEDIA_DETAIL = re.compile(r"^/api/v[23]/(?P<kind>image|document)s/(?P<id>\d+)/$")
# Non-page answers (by URL name, cms/urls.py) that list posts.
LISTING_VIEWS = frozenset(
    ("search", "sitemap", "news_feed_rss", "news_feed_atom", "news_feed_json", "news_sitemap")
)


def page_key(page_id: int) -> str:
    return f"page-{page_id}"


def keys_for_pages(page_ids: Iterable[int]) -> list[str]:
    """What to purge when these posts change: their details and every listing."""
    return [*(page_key(pk) for pk in sorted(set(page_ids))), LISTINGS]


def _prefix_for(model: type) -> str | None:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from news.models import Person

    for candidate, prefix in (
        (Person, "person"),
        (get_image_model(), "image"),
        (get_document_model(), "document"),
    ):
        if issubclass(model, candidate):
            return prefix
    return None


def keys_for_object(instance: Any) -> list[str]:
    """The key of a shown object (a Person, an image, a document), or none."""
    prefix = _prefix_for(type(instance))
    return [f"{prefix}-{instance.pk}"] if prefix and instance.pk is not None else []


def shown_object_keys(page_id: int) -> set[str]:
    """Keys of the people, images and documents a post shows, its live updates included."""
    updates = update_model()
    public_updates = updates.objects.public().filter(post_id=page_id)
    update_ids = [str(pk) for pk in public_updates.values_list("pk", flat=True)]
    page_type = ContentType.objects.get_for_model(Page)
    sources = Q(base_content_type=page_type, object_id=str(page_id))
    if update_ids:
        sources |= Q(
            base_content_type=ContentType.objects.get_for_model(updates), object_id__in=update_ids
        )
    keys = set()
    for type_id, object_id in (
        ReferenceIndex.objects.filter(sources).values_list("to_content_type_id", "to_object_id")
    ).distinct():
        model = ContentType.objects.get_for_id(type_id).model_class()
        prefix = _prefix_for(model) if model is not None else None
        if prefix:
            keys.add(f"{prefix}-{object_id}")
    return keys


def page_keys(page: Page) -> list[str]:
    """A page's own answer: itself, its parent, what it shows; listings if it lists posts."""
    from home.models import HomePage
    from news.models import NewsIndexPage

    keys = {STRUCTURE, page_key(page.pk)}
    parent_id = (
        Page.objects.filter(path=page.path[: -page.steplen], depth=page.depth - 1)
        .values_list("pk", flat=True)
        .first()
        if page.depth > 1
        else None
    )
    if parent_id:
        keys.add(page_key(parent_id))
    if isinstance(page, NewsIndexPage | HomePage):
        keys.add(LISTINGS)
    keys |= shown_object_keys(page.pk)
    return sorted(keys)


def api_keys(path: str) -> list[str]:
    if match := API_PAGE_DETAIL.match(path) or API_STORY_FEED.match(path) or API_NINJS.match(path):
        page = Page.objects.filter(pk=int(match["id"])).first()
        return page_keys(page) if page is not None else [STRUCTURE, page_key(int(match["id"]))]
    if match := API_MEDIA_DETAIL.match(path):
        return sorted({STRUCTURE, LISTINGS, f"{match['kind']}-{match['id']}"})
    # Listings, searches, the change feed: stored under the app's listings token too.
    return [LISTINGS, STRUCTURE]


def _is_public_page(page: Page) -> bool:
    return page.live and not page.get_view_restrictions().exists()


def page_cache_control() -> str:
    """For a public page: shared caches keep it as long as an API answer (they are
    purged on change); browsers check each time, so a reader going back to
    the front page sees the news, not their own copy of it."""
    return f"public, max-age=0, s-maxage={settings.API_CACHE_S_MAXAGE}"


def set_key_headers(response: HttpResponseBase, keys: Iterable[str]) -> None:
    keys = list(keys)
    for name, separator in HEADERS:
        response[name] = separator.join(keys)


class SurrogateKeyMiddleware:
    """Label shareable answers with their keys; mark anonymous public pages shareable.

    Placed straight after DeliveryCacheMiddleware: inside it, so the app's
    response cache stores the headers with an API answer and replays them on
    hits; outside the session, CSRF, messages and authentication middleware,
    so every cookie they add is already on the response it looks at, and the
    reader's sign-in is known.
    """

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if is_api_request(request):
            if DeliveryCacheMiddleware.is_shareable(request):
                set_key_headers(response, api_keys(request.path))
            return response
        self.label_html(request, response)
        return response

    @staticmethod
    def label_html(request: HttpRequest, response: HttpResponseBase) -> None:
        if "HTTP_AUTHORIZATION" in request.META or response.cookies or response.streaming:
            return
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Signed-in readers may see what others do not (and the admin's
            # user bar): personal, whatever the page.
            response["Cache-Control"] = "private, no-cache"
            return
        page = (
            response.context_data.get("page")
            if isinstance(response, SimpleTemplateResponse) and response.context_data
            else None
        )
        if isinstance(page, Page):
            if getattr(request, "is_preview", False) or not _is_public_page(page):
                return
            keys = page_keys(page)
        elif getattr(request.resolver_match, "url_name", None) in LISTING_VIEWS:
            keys = [LISTINGS, STRUCTURE]
        else:
            return
        set_key_headers(response, keys)
        if "Cache-Control" not in response:
            response["Cache-Control"] = page_cache_control()
            # A cache that does not pass signed-in readers by itself (as the VCL does)
            # must keep their copies apart.
            patch_vary_headers(response, ("Cookie",))
