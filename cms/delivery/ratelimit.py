"""Per-minute request limits for API clients, counted in the shared cache.

Anonymous clients are counted by address; holders of a valid API token by
token, with their own (by default no) limit. An unknown or revoked token is
counted as anonymous, so sending junk in Authorization cannot dodge the limit.
Counting is a fixed window of one minute; over the limit is a 429
problem+json with Retry-After.

The count is taken in the same round trip as the version tokens of a
cacheable request (roundtrip.py): this middleware runs first, so it asks for
both and leaves the tokens on the request for the response cache.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from wagtail.models import APIToken

from cms.delivery import roundtrip
from cms.delivery.middleware import TOKENS_META, DeliveryCacheMiddleware, is_api_request
from cms.delivery.problems import problem
from cms.delivery.warmup import WARMUP_FLAG

logger = logging.getLogger(__name__)

TOKEN_CHECK_SECONDS = 60


def bearer_token(request: HttpRequest) -> str | None:
    scheme, _, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


def token_is_valid(token: str) -> bool:
    """Cached briefly so that token holders do not pay a query per request."""
    key = "delivery:token:" + hashlib.sha256(token.encode()).hexdigest()
    valid = cache.get(key)
    if valid is None:
        valid = APIToken.objects.filter(
            key_hash__in=APIToken.candidate_key_hashes(token),
            revoked_at__isnull=True,
            user__is_active=True,
        ).exists()
        cache.set(key, valid, TOKEN_CHECK_SECONDS)
    return valid


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind N trusted proxies the address the first of them saw."""
    proxies = settings.API_TRUSTED_PROXY_COUNT
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


def valid_client_address(request: HttpRequest) -> str | None:
    """The client address when it is a real IP address, else None.

    For django-axes, which stores it in an IP-address column: PostgreSQL refuses
    "unknown" (a request with no REMOTE_ADDR, as Django's test client's
    force_login makes) or whatever a forwarded header carried.
    """
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if (
            not is_api_request(request)
            or request.method == "OPTIONS"
            or request.META.get(WARMUP_FLAG)  # the server refilling its own cache
        ):
            return self.get_response(request)
        limit, client = self.limit_for(request)
        token_keys = DeliveryCacheMiddleware.token_keys(request)
        trip = roundtrip.take(client if limit else None, token_keys)
        if token_keys and trip.tokens is not None:
            request.META[TOKENS_META] = (token_keys, trip.tokens)
        if not limit or trip.count is None:  # no limit, or no counter: serve rather than refuse
            return self.get_response(request)
        retry_after = str(max(1, trip.seconds_left))
        if trip.count > limit:
            response = problem(
                429,
                f"Rate limit of {limit} requests per minute exceeded; "
                f"retry after {retry_after} seconds.",
            )
            response["Retry-After"] = retry_after
        else:
            response = self.get_response(request)
        response["RateLimit-Limit"] = str(limit)
        response["RateLimit-Remaining"] = str(max(0, limit - trip.count))
        response["RateLimit-Reset"] = retry_after
        return response

    @staticmethod
    def limit_for(request: HttpRequest) -> tuple[int, str]:
        """The request's limit per minute (0: none) and the client it is counted as."""
        token = bearer_token(request)
        if token and token_is_valid(token):
            return (
                settings.API_RATE_LIMIT_TOKEN_PER_MINUTE,
                "token:" + hashlib.sha256(token.encode()).hexdigest(),
            )
        return settings.API_RATE_LIMIT_ANON_PER_MINUTE, "ip:" + client_address(request)
