"""Webhook secrets and the ``X-CMS-Signature`` header.

The signature is ``t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">``
keyed with the endpoint's secret (its UTF-8 bytes). Signing the timestamp with
the body lets a receiver refuse replays of an old, validly signed request (we
document a five-minute window); ``v1`` names the scheme so another can be added
beside it later without breaking receivers. ``verify`` is what docs/webhooks.md
shows receivers; the tests use it too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

SIGNATURE_SCHEME = "v1"
DEFAULT_TOLERANCE_SECONDS = 300


def new_secret() -> str:
    """A fresh endpoint secret: 32 random bytes, URL-safe base64 (43 characters)."""
    return secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t},{SIGNATURE_SCHEME}={signature(secret, t, body)}"


def verify(
    secret: str,
    header: str,
    body: bytes,
    *,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """True when `header` signs `body` with `secret` and is at most `tolerance` seconds old."""
    fields: dict[str, list[str]] = {}
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        fields.setdefault(key, []).append(value)
    try:
        timestamp = int(fields["t"][0])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, given) for given in fields.get(SIGNATURE_SCHEME, []))
