"""Webhook secrets and the two signatures every request carries.

- ``X-CMS-Signature`` (ours, since the first release): ``t=<unix time>,v1=<hex
  HMAC-SHA256 of "<t>.<raw body>">`` keyed with the endpoint's secret as the
  receiver was given it (its UTF-8 bytes, ``whsec_`` prefix and all). Kept
  unchanged so existing receivers go on working.
- Standard Webhooks 1.0 (``webhook-id``, ``webhook-timestamp``,
  ``webhook-signature``): ``v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<raw
  body>">``, so any receiver with a Standard Webhooks library verifies us
  without code of its own. The key is ``signing_key(secret)``.

Both sign the timestamp of the attempt with the body, so a receiver can refuse
a replayed old request (the libraries allow five minutes either way).
``verify`` checks ``X-CMS-Signature``; docs/webhooks.md shows receivers how.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time

SIGNATURE_SCHEME = "v1"
DEFAULT_TOLERANCE_SECONDS = 300

# Standard Webhooks' marker for a symmetric secret; what follows it is base64.
SECRET_PREFIX = "whsec_"  # noqa: S105 - a format marker, not a secret
# The spec asks for 24 to 64 random bytes; 32 matches SHA-256's output, HMAC's full strength.
SECRET_BYTES = 32


def new_secret() -> str:
    """A fresh endpoint secret in the Standard Webhooks form: ``whsec_`` + base64 of 32 bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def signing_key(secret: str) -> bytes:
    """The HMAC key of ``webhook-signature`` for an endpoint's secret.

    A ``whsec_`` secret (every secret made since Standard Webhooks) signs with
    the bytes its base64 stands for, as the specification says, so
    ``Webhook(secret)`` verifies it in every Standard Webhooks library. A
    secret made before (URL-safe text without the prefix) signs with its own
    UTF-8 bytes, the key ``X-CMS-Signature`` has always used, so its receiver
    needs no new secret: it passes the secret as raw bytes (docs/webhooks.md).
    """
    if secret.startswith(SECRET_PREFIX):
        try:
            key = base64.b64decode(secret[len(SECRET_PREFIX) :], validate=True)
        except binascii.Error:
            key = b""
        if key:
            return key
    return secret.encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t},{SIGNATURE_SCHEME}={signature(secret, t, body)}"


def standard_signature(key: bytes, message_id: str, timestamp: int, body: bytes) -> str:
    """``webhook-signature``'s value: ``v1,`` and the base64 HMAC of "id.timestamp.body"."""
    message = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return f"{SIGNATURE_SCHEME},{base64.b64encode(digest).decode('ascii')}"


def request_headers(secret: str, message_id: str, body: bytes, timestamp: int) -> dict[str, str]:
    """The signature headers of one attempt: ours and Standard Webhooks', at one timestamp."""
    return {
        "X-CMS-Signature": signature_header(secret, body, timestamp),
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": standard_signature(signing_key(secret), message_id, timestamp, body),
    }


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
