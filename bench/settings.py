"""Settings for the benchmark only: never deployed, never used by the suite.

Production-like where it changes speed (DEBUG off, persistent database
connections, no rate limit in the way of the load), local where it does not
matter: a SQLite file under bench/.data/ and the local-memory cache. With
that cache the app server must run as one process (see bench/server.py),
or a publish would invalidate one worker's cache and not the other's.
"""

from bench import paths
from cms.settings.base import *  # noqa: F403

DEBUG = False
# Signs nothing worth protecting: the bench's throwaway database on 127.0.0.1.
SECRET_KEY = "bench-only-secret-key-never-used-anywhere-else"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(paths.DATABASE),
        # As production keeps connections open, so uncached answers are not
        # charged for opening one per request.
        "CONN_MAX_AGE": 600,
        "ATOMIC_REQUESTS": True,
    }
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Safe with local memory here only because the app server is one process.
API_RESPONSE_CACHE = True

MEDIA_ROOT = paths.MEDIA_ROOT
STATIC_ROOT = paths.STATIC_ROOT
# Absolute URLs in API answers, and the Host header the load client sends.
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
WAGTAILAPI_BASE_URL = "http://127.0.0.1"

# 0 means no limit: the load comes from one address and would be refused.
API_RATE_LIMIT_ANON_PER_MINUTE = 0
API_RATE_LIMIT_TOKEN_PER_MINUTE = 0

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
