"""The pytest suite: fast hashing, throwaway media, local memory cache."""

import tempfile
from pathlib import Path

from cms.settings import env

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-used-anywhere-else"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="cms-test-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# One process, so the local-memory cache is shared by everything a test does.
API_RESPONSE_CACHE = True
API_CACHE_TOKEN_STORE = "cache"  # noqa: S105 - a store's name, not a secret
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = "http://testserver"
# No collectstatic in tests: whitenoise reads the apps' static folders directly.
STATIC_ROOT = tempfile.mkdtemp(prefix="cms-test-static-")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Webhooks: the suite's receivers listen on 127.0.0.1 (a test turns the guard
# back on to check it), and a crashed worker's claim lapses in seconds, not a minute.
WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
WEBHOOKS_CLAIM_SECONDS = env.get_float("WEBHOOKS_CLAIM_SECONDS", 3)
# The SQLite test database is a file, not memory, so that a real webhook worker
# started by a test (tests/webhooks/test_worker.py) shares it; one per run.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.mkdtemp(prefix="cms-test-db-")) / "test.sqlite3")
    }
