"""Purge-by-key backends: Varnish (vmod xkey), Fastly and Cloudflare.

Each sends one kind of HTTP request with the standard library, bounded by a
timeout, and raises `PurgeFailed` with a reason on anything but success, so
the outbox (outbox.py) can record it and retry. Base URLs are settings so a
test (or a proxy) can stand in for the CDN's API.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.error import HTTPError
from urllib.parse import quote
from urllib.request import Request, urlopen

from django.utils.module_loading import import_string

USER_AGENT = "newsroom-cms/edge-purge"


class PurgeFailed(Exception):
    """The cache did not confirm the purge; the message says what happened."""


def _chunks(keys: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


def _send(request: Request, timeout: float) -> bytes:
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme from our settings
            return response.read(65536)
    except HTTPError as error:
        raise PurgeFailed(f"{request.full_url} answered {error.code} {error.reason}") from error
    except (OSError, ValueError) as error:  # refused, unreachable, timed out, bad URL
        raise PurgeFailed(f"{request.full_url}: {error}") from error


class KeyPurgeBackend:
    # How many keys one request may carry.
    batch = 256

    def __init__(self, params: dict[str, Any]) -> None:
        self.params = params

    def purge(self, keys: list[str], timeout: float) -> None:
        for chunk in _chunks(keys, self.batch):
            self.purge_batch(chunk, timeout)

    def purge_batch(self, keys: list[str], timeout: float) -> None:
        raise NotImplementedError


class VarnishBackend(KeyPurgeBackend):
    """`PURGE /` with an `xkey-purge` header, as deploy/varnish/default.vcl handles it.

    A hard purge: the objects are gone, so the next request fetches the new
    answer. (A soft purge could hand out the old object once more while it
    is refetched, if the VCL allowed any grace.)
    """

    def purge_batch(self, keys: list[str], timeout: float) -> None:
        request = Request(  # noqa: S310 - scheme from our settings
            self.params["LOCATION"].rstrip("/") + "/",
            method="PURGE",
            headers={"xkey-purge": " ".join(keys), "User-Agent": USER_AGENT},
        )
        _send(request, timeout)


class FastlyBackend(KeyPurgeBackend):
    """Fastly's purge by surrogate key: one POST per service, keys in a header."""

    def purge_batch(self, keys: list[str], timeout: float) -> None:
        base = self.params.get("API_URL", "https://api.fastly.com").rstrip("/")
        request = Request(  # noqa: S310 - scheme from our settings
            f"{base}/service/{quote(self.params['SERVICE_ID'], safe='')}/purge",
            method="POST",
            headers={
                "Fastly-Key": self.params["API_TOKEN"],
                "Surrogate-Key": " ".join(keys),
                "Accept": "application/json",
                "User-Agent": USER_AGENT,
            },
        )
        _send(request, timeout)


class CloudflareBackend(KeyPurgeBackend):
    """Cloudflare's purge by Cache-Tag (wagtail.contrib.frontend_cache purges URLs only)."""

    # Cloudflare takes at most 30 tags per purge request on most plans.
    batch = 30

    def purge_batch(self, keys: list[str], timeout: float) -> None:
        base = self.params.get("API_URL", "https://api.cloudflare.com").rstrip("/")
        request = Request(  # noqa: S310 - scheme from our settings
            f"{base}/client/v4/zones/{quote(self.params['ZONE_ID'], safe='')}/purge_cache",
            method="POST",
            data=json.dumps({"tags": keys}).encode(),
            headers={
                "Authorization": f"Bearer {self.params['BEARER_TOKEN']}",
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
            },
        )
        body = _send(request, timeout)
        try:
            answer = json.loads(body)
        except ValueError as error:
            raise PurgeFailed(f"Cloudflare answered something other than JSON: {error}") from error
        if not isinstance(answer, dict) or answer.get("success") is not True:
            errors = answer.get("errors") if isinstance(answer, dict) else answer
            raise PurgeFailed(f"Cloudflare refused the purge: {errors}")


def backend_for(params: dict[str, Any]) -> KeyPurgeBackend:
    return import_string(params["BACKEND"])(params)
