"""Settings for `make bench-scale`: the bench settings on PostgreSQL and Redis.

Which database is read from BENCH_SCALE_DB per process, because the run serves
two databases side by side with one app server each. Both share one Redis
database of their own; the key prefix keeps their cached answers apart, since
the same URL means a different answer on each.
"""

import os

import dj_database_url

from bench.settings import *  # noqa: F403

DATABASE_NAME = os.environ.get("BENCH_SCALE_DB", "benchscale_1k")
DATABASES = {
    "default": {
        **dj_database_url.parse(
            os.environ.get("BENCH_SCALE_PG", "postgres://postgres@127.0.0.1:5432/") + DATABASE_NAME,
            conn_max_age=600,
        ),
        "ATOMIC_REQUESTS": True,
    }
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("BENCH_SCALE_REDIS_URL", "redis://127.0.0.1:6379/7"),
        "KEY_PREFIX": DATABASE_NAME,
    }
}
# Shared by both servers' processes, as production's Redis is.
API_RESPONSE_CACHE = True
ROOT_URLCONF = "bench.scale.urls"
# Sessions in the database, so a sign-in made by the runner holds in the server.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
