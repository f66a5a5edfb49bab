"""Endpoint secrets, encrypted at rest with a key derived from SECRET_KEY.

The server must be able to read a secret back to sign with it, so it cannot be
stored as a one-way hash like a password or an API token. It is encrypted with
Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) under a key derived
from Django's SECRET_KEY, so a copy of the database alone (a backup, a leaked
dump) does not reveal the secrets receivers trust.

Keys in SECRET_KEY_FALLBACKS still decrypt, so SECRET_KEY can be rotated the
usual Django way; once the old key leaves the fallbacks, secrets encrypted under
it can no longer be read: rotate those endpoints' secrets (the delivery log then
shows "cannot read the endpoint's secret").
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

# Separates this key from every other use of SECRET_KEY (sessions, signing, ...).
_KEY_SALT = "cms.webhooks.encryption.endpoint-secret"


class SecretUnreadable(Exception):
    """The stored secret was encrypted under a key that is no longer configured."""


def _fernet_for(secret_key: str) -> Fernet:
    digest = salted_hmac(_KEY_SALT, "", secret=secret_key, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _box() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet_for(key) for key in keys])


def encrypt(plaintext: str) -> str:
    return _box().encrypt(plaintext.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _box().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        raise SecretUnreadable(
            "Cannot read the endpoint's secret (was DJANGO_SECRET_KEY changed?); rotate it."
        ) from None
