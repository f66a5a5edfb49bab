"""Shared response cache and conditional requests for anonymous API reads.

An anonymous GET is answered from the cache when a response for the same URL
was built since the last change it depends on (see versions.py); otherwise
the view builds it once and it is stored. Every process must see a publish at
once, so the version tokens live where all of them look (tokens.py: Redis,
or files on this machine without it); the answers themselves are kept in this
process's memory (local.py) and, with Redis, in Redis for the other servers.
Every such response carries a strong ETag (a hash of its bytes) and public
Cache-Control, and a matching If-None-Match gets a 304 straight from the
cache, without the body being built or sent.

It sits before the session and authentication middleware, so a cache hit
touches neither the database nor the session; RateLimitMiddleware, just
before it, has already read the tokens in its one round trip (roundtrip.py).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from cms.delivery import local, tokens, variants, versions

logger = logging.getLogger(__name__)

API_PREFIXES = ("/api/v2/", "/api/v3/")
# Personal or already-private answers: never stored, never shared.
UNCACHED_PREFIXES = ("/api/v2/page_preview/", "/api/v3/editorial/", "/api/v3/docs")
DETAIL_PATH = re.compile(r"^/api/v[23]/pages/(?P<page_id>\d+)/$")
# Server-Sent Events (news/live/stream_api.py): each answer is one reader's stream
# (or Pushpin's hold instructions), never a response to store or share.
STREAM_PATH = re.compile(r"^/api/v3/news/posts/[^/]+/updates/stream/$")
# A live story's update feed (news/live/feed_api.py) changes exactly when its
# detail does (an update published, edited or withdrawn refreshes the story's
# page token), so it is cached under that token rather than every listing's.
STORY_FEED_PATH = re.compile(r"^/api/v3/news/posts/(?P<page_id>\d+)/updates/$")
# A post's ninjs document (news/interchange/) shows the post and its live
# updates, so it changes exactly when the detail does, and is filed likewise.
NINJS_PATH = re.compile(r"^/api/v3/news/posts/(?P<page_id>\d+)/ninjs/$")
# JSON, and the v3 detail's ninjs variant (news/interchange/negotiation.py).
STORED_TYPES = ("application/json", variants.NINJS_MEDIA_TYPE)
VARY = ("Accept", "Authorization")
VARY_HEADER = ", ".join(VARY)
# (token keys, tokens found) that RateLimitMiddleware read for this request in its one trip.
TOKENS_META = "cms.delivery.tokens"
# Headers a view's answer carries that a cached copy must carry too: the
# surrogate keys a CDN or Varnish purges by (cms/delivery/surrogate.py).
KEPT_HEADERS = ("xkey", "Surrogate-Key", "Cache-Tag")


@dataclass(frozen=True)
class CachedResponse:
    etag: str
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIXES)


def public_cache_control() -> str:
    return (
        f"public, max-age={settings.API_CACHE_MAX_AGE}, "
        f"s-maxage={settings.API_CACHE_S_MAXAGE}, "
        f"stale-while-revalidate={settings.API_CACHE_STALE_WHILE_REVALIDATE}"
    )


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def etag_matches(header: str, etag: str) -> bool:
    # If-None-Match compares weakly (RFC 9110 13.1.2): a W/ prefix still matches.
    candidates = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in candidates or etag in candidates


class DeliveryCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_api_request(request):
            return self.get_response(request)
        # The APIs answer the same to a browser logged into the admin as to
        # anyone else (tokens are how clients authenticate), so that public
        # answers can be shared. Without this, v2 would let a session reveal
        # a login-restricted page, and that answer could then be cached.
        request.COOKIES.pop(settings.SESSION_COOKIE_NAME, None)

        if not self.is_shareable(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and "Cache-Control" not in response:
                response["Cache-Control"] = "private, no-cache"
            patch_vary_headers(response, VARY)
            return response

        key, entry = None, None
        if settings.API_RESPONSE_CACHE:
            try:
                key = self.cache_key(request)
                entry = local.responses.get(key)
                if entry is None and tokens.in_cache():
                    entry = cache.get(key)
                    if entry is not None:
                        local.responses.put(key, entry, len(entry.body))
            except Exception:  # a cache outage degrades to uncached answers, not errors
                logger.warning("API response cache unavailable; answering uncached", exc_info=True)
                key, entry = None, None

        head = request.method == "HEAD"
        if entry is None:
            # A HEAD is answered as the GET it describes, without its body.
            request.method = "GET"
            response = self.get_response(request)
            request.method = "HEAD" if head else "GET"
            if not self.storable(response):
                return self.finish(response)
            entry = CachedResponse(
                etag=etag_for(response.content),
                content_type=response["Content-Type"],
                body=response.content,
                headers=tuple((name, response[name]) for name in KEPT_HEADERS if name in response),
            )
            if key is not None:
                local.responses.put(key, entry, len(entry.body))
                try:
                    if tokens.in_cache():
                        cache.set(key, entry, settings.API_CACHE_TIMEOUT)
                except Exception:
                    logger.warning("Could not store API response in the cache", exc_info=True)
        return self.respond(request, entry, head=head)

    @staticmethod
    def is_shareable(request: HttpRequest) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.path.startswith(UNCACHED_PREFIXES)
            and not STREAM_PATH.match(request.path)
        )

    @classmethod
    def token_keys(cls, request: HttpRequest) -> list[str]:
        """The version tokens a cached answer to `request` is filed under; [] if not cached."""
        if not (settings.API_RESPONSE_CACHE and is_api_request(request)):
            return []
        if not cls.is_shareable(request):
            return []
        match = (
            DETAIL_PATH.match(request.path)
            or STORY_FEED_PATH.match(request.path)
            or NINJS_PATH.match(request.path)
        )
        scope = versions.page_key(int(match["page_id"])) if match else versions.LISTINGS
        return [versions.STRUCTURE, scope]

    @classmethod
    def cache_key(cls, request: HttpRequest) -> str:
        read = request.META.get(TOKENS_META)
        if read is not None:
            keys, found = read
            version = versions.combined(keys, found)
        else:
            version = versions.current(cls.token_keys(request))
        # One key per representation (variants.py): a JSON detail is never served
        # to a ninjs client, nor a browser's HTML page to a JSON one.
        flavour = variants.flavour(request.META.get("HTTP_ACCEPT", ""))
        raw = f"{version}|{request.get_host()}|{flavour}|{request.get_full_path()}"
        return "delivery:r:" + hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def storable(response: HttpResponseBase) -> bool:
        return (
            response.status_code == 200
            and isinstance(response, HttpResponse)
            and not response.streaming
            and response.get("Content-Type", "").startswith(STORED_TYPES)
            and not response.cookies
        )

    @staticmethod
    def respond(request: HttpRequest, entry: CachedResponse, head: bool) -> HttpResponseBase:
        if etag_matches(request.META.get("HTTP_IF_NONE_MATCH", ""), entry.etag):
            response: HttpResponseBase = HttpResponseNotModified()
        else:
            response = HttpResponse(b"" if head else entry.body, content_type=entry.content_type)
            response["Content-Length"] = str(len(entry.body))
        response["ETag"] = entry.etag
        for name, value in entry.headers:
            response[name] = value
        if STORY_FEED_PATH.match(request.path):
            # A poller asks for `?since=<its cursor>` again and again; no edge
            # purge can reach every cursor, so browsers and CDNs revalidate
            # each time and get a 304 from here until the feed moves on.
            response["Cache-Control"] = "public, no-cache"
        else:
            response["Cache-Control"] = public_cache_control()
        # A response made just above: nothing has set Vary yet.
        response["Vary"] = VARY_HEADER
        return response

    @staticmethod
    def finish(response: HttpResponseBase) -> HttpResponseBase:
        """Errors and redirects: never stored here, revalidated by shared caches."""
        if "Cache-Control" not in response:
            response["Cache-Control"] = "no-cache"
        patch_vary_headers(response, VARY)
        return response
