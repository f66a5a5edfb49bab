"""Settings shared by every environment.

Secure by default: DEBUG is off, there is no fallback secret key and no allowed
host. dev.py and test.py relax this; production.py tightens it further.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from cms.settings import env
from cms.settings.search import search_backends
from cms.settings.storage import media_storage

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env.get_str("DJANGO_SECRET_KEY", None)
DEBUG = env.get_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", [])

INSTALLED_APPS = [
    "home",
    "news",
    # Every patch to Wagtail (cms/wagtail_fixes/README.md). Before wagtail.contrib.redirects,
    # wagtail.snippets, wagtail.images and wagtail.documents: one patch must run
    # before Wagtail's v3 pages router is imported, which their ready() does.
    "cms.wagtail_fixes",
    "search",
    "cms.scheduling",  # publish_scheduled_once and run_scheduler (docs/operations.md)
    "wagtail.api.v2",
    "wagtail.api.v3",
    "wagtail.contrib.redirects",
    # /sitemap.xml of live public pages (cms/urls.py).
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    # After wagtail.images: its ready() replaces the image permission policy.
    "cms.editorial",
    "cms.changelog",
    # Stores the drafts handed to front ends by the admin's Preview (news/preview/).
    "wagtail_headless_preview",
    "cms.delivery",
    # The outbox of purges for the HTTP caches in front (cms/delivery/purge/).
    "cms.delivery.purge",
    # Signed, retried webhooks (docs/webhooks.md).
    "cms.webhooks",
    # The background worker (cms/tasks/). Before django_tasks_db: its db_worker
    # command wraps that app's with the webhook sweep.
    "cms.tasks",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "corsheaders",
    "modelcluster",
    "taggit",
    "django_filters",
    # The v3 API docs (/api/v3/docs/) then serve Swagger UI from our static files
    # rather than a CDN with an inline script, which the CSP below would block.
    "ninja",
    "csp",
    # Admin sign-in throttling (see AXES_* below).
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Straight after SecurityMiddleware, as whitenoise asks, so static files skip the rest.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware, as django-cors-headers asks, so redirects carry CORS
    # headers too; and before the API middleware, so cached answers and 429s do.
    "corsheaders.middleware.CorsMiddleware",
    # Before the API middleware, so cached answers and 429s carry the policy too.
    "cms.delivery.csp.CSPMiddleware",
    # API reads: limits, then cached answers before sessions and auth cost anything.
    "cms.delivery.ratelimit.RateLimitMiddleware",
    # An API query parameter holding a NUL is a 400 before anything reads it.
    "cms.delivery.query_guard.NulQueryMiddleware",
    # A retracted post's 404s become 410s that carry the retraction (news/corrections/).
    "news.corrections.tombstones.RetractionTombstoneMiddleware",
    "cms.delivery.middleware.DeliveryCacheMiddleware",
    # Surrogate keys on public answers (stored with them by the cache above), and
    # anonymous public pages made shareable (cms/delivery/surrogate.py).
    "cms.delivery.surrogate.SurrogateKeyMiddleware",
    "cms.wagtail_fixes.request_bodies.JSONObjectBodyMiddleware",
    # A database outage raised by a view is a 503 problem+json, not a 500 (cms/health/outage.py).
    "cms.health.outage.DatabaseOutageMiddleware",
    # The v3 detail's `Accept: application/ninjs+json` variant (news/interchange/negotiation.py):
    # inside the response cache and surrogate keys above, so it is cached and labelled too.
    "news.interchange.negotiation.NinjsVariantMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes' backend first: it refuses a locked-out username and address
# before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# Zero-setup default: a SQLite file beside manage.py. PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.parse(
        env.get_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env.get_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
# One transaction per request: a publish and its change-log row commit or roll back together.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers at once (a desk of editors, the webhook worker, API token
    # bookkeeping): WAL lets readers go on while one writes; IMMEDIATE takes the
    # write lock when a transaction begins, so two writers queue behind the busy
    # timeout instead of deadlocking into "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that stops answering then costs a request (and /readyz) a few
    # seconds, not libpq's default of waiting as long as TCP keeps retrying (minutes).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.get_int("DATABASE_CONNECT_TIMEOUT", 5)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.get_str("REDIS_URL", None)
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, minus errors while Redis is down (cms/delivery/cache.py).
            "BACKEND": "cms.delivery.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cms",
            # Short, so that an unreachable Redis costs a request milliseconds, not seconds.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling (django-axes, for the admin's login and anything else that
# calls authenticate()): after AXES_FAILURE_LIMIT failures for one username from
# one address, that pair is refused for AXES_COOLOFF_MINUTES. Counting per pair
# means an attacker cannot lock an editor out from elsewhere.
AXES_FAILURE_LIMIT = env.get_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.get_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The client address as the API rate limits see it (API_TRUSTED_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "cms.delivery.ratelimit.valid_client_address"
AXES_COOLOFF_MESSAGE = (
    "Too many failed sign-in attempts for this username. For your security, signing in "
    f"is paused for {int(AXES_COOLOFF_TIME.total_seconds() // 60)} minutes: try again "
    "then, or ask an administrator to unlock the account."
)

# Content-Security-Policy (django-csp) for the public site and the APIs,
# including the Swagger UI at /api/v3/docs/: everything from this origin, no
# inline scripts, no plugins, not framed by other sites. The Wagtail admin is
# excluded: it still relies on inline scripts and styles in places.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # The one inline style block, in templates/500.html (tests/ops/test_security.py
        # fails with the new hash if that block changes).
        "style-src": [SELF, "'sha256-YXUVUjlJqHHASuoVuMPXaBiTzdmh8d2IVwGVZcNPDGs='"],
        # data: for the icons in Swagger UI's stylesheet; extra origins for media on a CDN.
        "img-src": [SELF, "data:", *env.get_list("CSP_EXTRA_IMG_SRC", [])],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.get_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env.get_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

STORAGES = {
    # MEDIA_ROOT on disk, or an S3-compatible bucket with MEDIA_S3_BUCKET (cms/settings/storage.py).
    "default": media_storage(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Wagtail's StreamField admin posts one form field per block value.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = env.get_str("WAGTAIL_SITE_NAME", "Newsroom")
WAGTAILADMIN_BASE_URL = env.get_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail 8 autosaves an edit form once its user pauses (500 ms by default). At that
# cadence an autosave raced the next click in CI: an editor's comment in the review
# dialog was saved as a revision by the editor, and "Submit" on a new live update
# created it a second time beside the autosaved one. Three seconds still saves a
# writer's work as they go, with far fewer revisions and races (the races themselves
# are still open: the stop note of issue 15).
WAGTAIL_AUTOSAVE_INTERVAL = env.get_int("WAGTAIL_AUTOSAVE_INTERVAL", 3000)
# The database backend (PostgreSQL full-text search on PostgreSQL) unless SEARCH_BACKEND
# picks Elasticsearch or OpenSearch (cms/settings/search.py; docs/operations.md, "Search").
WAGTAILSEARCH_BACKENDS = search_backends()
# A v2 page search ranks by relevance only its newest matches, this many, then lists
# older matches newest first: ranking costs a ts_rank per match (cms/delivery/search_ranking.py).
NEWS_SEARCH_RELEVANCE_WINDOW = 500
# Editing a post during review sends it back to the start of review.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = True
# Approving publishes: pages as the editor, live updates by the approval
# itself (cms/editorial/finish.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.editorial.finish.publish_approved"
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "newsroom@localhost")
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Image uploads (admin and API) are refused, with an error on the file field, when
# the file is larger than this, or decodes to more pixels than this (a small
# compressed file can claim a 20000x20000 canvas: a decompression bomb). SVG is
# left out of the formats on purpose: an SVG can carry script.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env.get_int("IMAGES_MAX_UPLOAD_MB", 20) * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env.get_int("IMAGES_MAX_MEGAPIXELS", 40) * 1_000_000

# Headless clients get display HTML (internal links and embeds expanded), not
# Wagtail's database HTML; ?rich_text_format= still lets a client ask for another.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_BASE_URL = env.get_str("WAGTAILAPI_BASE_URL", WAGTAILADMIN_BASE_URL)

# Browser front ends on these origins may call the APIs (comma-separated, with scheme).
CORS_ALLOWED_ORIGINS = env.get_list("CORS_ALLOWED_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_HEADERS = ["accept", "authorization", "content-type", "if-none-match"]
CORS_EXPOSE_HEADERS = ["etag", "retry-after", "ratelimit-limit", "ratelimit-remaining"]

# Anonymous API reads are cached server-side (until what they show changes, at
# most API_CACHE_TIMEOUT seconds) and marked cacheable for browsers (max-age)
# and shared caches/CDNs (s-maxage); clients revalidate with If-None-Match.
API_RESPONSE_CACHE = env.get_bool("API_RESPONSE_CACHE", True)
# Every process must see a publish at once, so the version tokens that name what
# is current live where all of them look (cms/delivery/tokens.py): in Redis when
# there is one, else in small files on this machine, for `make serve`'s workers,
# the scheduler and the webhook worker alike.
API_CACHE_TOKEN_STORE = env.get_str("API_CACHE_TOKEN_STORE", "cache" if REDIS_URL else "files")
if API_CACHE_TOKEN_STORE not in ("cache", "files"):
    raise ImproperlyConfigured(
        f"API_CACHE_TOKEN_STORE must be 'cache' or 'files', not {API_CACHE_TOKEN_STORE!r}"
    )
API_CACHE_TOKEN_DIR = env.get_str("API_CACHE_TOKEN_DIR", str(BASE_DIR / "var" / "delivery-tokens"))
# Cached answers also kept in each process's memory, up to this many bytes
# (cms/delivery/local.py): a hit then fetches only its tokens.
API_CACHE_LOCAL_BYTES = env.get_int("API_CACHE_LOCAL_BYTES", 64 * 1024 * 1024)
API_CACHE_MAX_AGE = env.get_int("API_CACHE_MAX_AGE", 30)
API_CACHE_S_MAXAGE = env.get_int("API_CACHE_S_MAXAGE", 60)
API_CACHE_STALE_WHILE_REVALIDATE = env.get_int("API_CACHE_STALE_WHILE_REVALIDATE", 60)
API_CACHE_TIMEOUT = env.get_int("API_CACHE_TIMEOUT", 24 * 60 * 60)
# Rebuild a post's cached detail right after its publish commits, so no reader waits.
API_CACHE_WARM_ON_PUBLISH = env.get_bool("API_CACHE_WARM_ON_PUBLISH", True)
# Requests per minute; 0 means no limit. Token holders are exempt by default.
API_RATE_LIMIT_ANON_PER_MINUTE = env.get_int("API_RATE_LIMIT_ANON_PER_MINUTE", 600)
API_RATE_LIMIT_TOKEN_PER_MINUTE = env.get_int("API_RATE_LIMIT_TOKEN_PER_MINUTE", 0)
# Behind N reverse proxies that append to X-Forwarded-For, count the client they saw.
API_TRUSTED_PROXY_COUNT = env.get_int("API_TRUSTED_PROXY_COUNT", 0)

# The HTTP caches in front, purged by surrogate key after every change (cms/delivery/purge/;
# docs/operations.md, "Varnish or a CDN in front"). Any combination may be configured.
EDGE_CACHES: dict[str, dict] = {}
# Varnish with deploy/varnish/default.vcl: its address, or several comma-separated.
for _number, _location in enumerate(env.get_list("FRONTEND_CACHE_VARNISH_URL", []), start=1):
    EDGE_CACHES["varnish" if _number == 1 else f"varnish-{_number}"] = {
        "BACKEND": "cms.delivery.purge.backends.VarnishBackend",
        "LOCATION": _location,
    }
if FASTLY_SERVICE_ID := env.get_str("FRONTEND_CACHE_FASTLY_SERVICE_ID", None):
    EDGE_CACHES["fastly"] = {
        "BACKEND": "cms.delivery.purge.backends.FastlyBackend",
        "SERVICE_ID": FASTLY_SERVICE_ID,
        "API_TOKEN": env.get_str("FRONTEND_CACHE_FASTLY_TOKEN"),
        "API_URL": env.get_str("FRONTEND_CACHE_FASTLY_API_URL", "https://api.fastly.com"),
    }
# Purge by Cache-Tag (before, this purged the two API detail URLs of a post).
if CLOUDFLARE_ZONE_ID := env.get_str("FRONTEND_CACHE_CLOUDFLARE_ZONE_ID", None):
    EDGE_CACHES["cloudflare"] = {
        "BACKEND": "cms.delivery.purge.backends.CloudflareBackend",
        "ZONE_ID": CLOUDFLARE_ZONE_ID,
        "BEARER_TOKEN": env.get_str("FRONTEND_CACHE_CLOUDFLARE_TOKEN"),
        "API_URL": env.get_str("FRONTEND_CACHE_CLOUDFLARE_API_URL", "https://api.cloudflare.com"),
    }
# Each purge request, right after a publish commits, waits at most this long; a
# purge that fails is retried by the worker with backoff, for this long.
FRONTEND_CACHE_PURGE_TIMEOUT = env.get_float("FRONTEND_CACHE_PURGE_TIMEOUT", 2)
FRONTEND_CACHE_RETRY_MINUTES = env.get_int("FRONTEND_CACHE_RETRY_MINUTES", 60)
FRONTEND_CACHE_RETRY_MAX_DELAY_SECONDS = env.get_float("FRONTEND_CACHE_RETRY_MAX_DELAY_SECONDS", 30)

# The older purge by URL (wagtail.contrib.frontend_cache): HTTP PURGE of a changed
# post's two API detail URLs at this address, tried once. Listings are not reached;
# purging by key above is what keeps them fresh.
if FRONTEND_CACHE_PURGE_URL := env.get_str("FRONTEND_CACHE_PURGE_URL", None):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "cms.delivery.purge.BoundedHTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
            "TIMEOUT": FRONTEND_CACHE_PURGE_TIMEOUT,
        }
    }

# Draft preview for headless front ends (news/preview/; docs/api.md, "Draft preview").
# With a client URL, the admin's Preview shows that front end with
# ?content_type=…&token=…, and the front end fetches the draft from
# /api/v2/page_preview/. Without one, Preview renders the site's own templates.
_PREVIEW_CLIENT_URL = env.get_str("HEADLESS_PREVIEW_CLIENT_URL", "")
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {"default": _PREVIEW_CLIENT_URL} if _PREVIEW_CLIENT_URL else {},
    # Framed, not redirected: reloading the preview asks the admin for a fresh token.
    "REDIRECT_ON_PREVIEW": False,
    # The URL as configured: a route such as /api/preview must not gain a slash.
    "ENFORCE_TRAILING_SLASH": False,
}
# Seconds a preview token works for; publishing or unpublishing the post ends it sooner.
HEADLESS_PREVIEW_TOKEN_MAX_AGE = env.get_int("HEADLESS_PREVIEW_TOKEN_MAX_AGE", 3600)

# Named renditions every API image carries: name -> Wagtail filter spec.
NEWS_IMAGE_RENDITIONS = {
    "thumbnail": "fill-400x225",
    "medium": "max-800x800",
    "large": "max-1600x1600",
}
NEWS_INDEX_PAGE_SIZE = 10

# Feeds of the section (news/feeds.py): at most this many posts, newest first,
# cacheable for NEWS_FEED_MAX_AGE seconds (by browsers; a cache in front is
# purged by the `listings` key).
NEWS_FEED_MAX_ITEMS = 50
NEWS_FEED_MAX_AGE = API_CACHE_MAX_AGE
# The publisher in schema.org JSON-LD (news/structured_data.py) and the feeds.
# The logo is an absolute URL or a path on the CMS, e.g. "/static/img/logo.png";
# empty for none.
NEWS_PUBLISHER_NAME = WAGTAIL_SITE_NAME
NEWS_PUBLISHER_LOGO_URL = ""
# Which NEWS_IMAGE_RENDITIONS a post's JSON-LD `image` lists (absolute URLs).
NEWS_JSON_LD_IMAGE_RENDITIONS = ["large"]

# Background tasks (django-tasks). Wagtail's own tasks (search and reference
# index updates, image renditions) stay on "default" and run at once, in the
# process that asks: the API cache invalidation relies on the reference index
# being current when a publish commits. Webhook deliveries use "webhooks": kept
# in the database and run by `python manage.py db_worker` (cms/tasks/; docs/operations.md);
# so are the admin's confirmed imports.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "webhooks": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# Webhooks (cms/webhooks/, docs/webhooks.md). Unset, private, loopback and
# link-local targets are allowed only while DEBUG is on; production.py refuses
# them unless WEBHOOKS_ALLOW_PRIVATE_TARGETS=true.
WEBHOOKS_ALLOW_PRIVATE_TARGETS = (
    None
    if env.get_str("WEBHOOKS_ALLOW_PRIVATE_TARGETS", None) is None
    else env.get_bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS")
)
# A delivery is retried with exponential backoff and full jitter (the n-th retry
# waits up to min(RETRY_MAX_DELAY, RETRY_BASE * 2**(n-1)) seconds) for this long,
# then marked failed. The ceiling of 9 minutes is what lets every pending webhook
# arrive within ten minutes of a receiver (or the worker) coming back, however long
# it was away: no delivery is ever scheduled further ahead than that.
WEBHOOKS_RETRY_HOURS = env.get_int("WEBHOOKS_RETRY_HOURS", 24)
WEBHOOKS_RETRY_BASE_SECONDS = env.get_float("WEBHOOKS_RETRY_BASE_SECONDS", 30)
WEBHOOKS_RETRY_MAX_DELAY_SECONDS = env.get_float("WEBHOOKS_RETRY_MAX_DELAY_SECONDS", 9 * 60)
WEBHOOKS_CONNECT_TIMEOUT = 5.0
WEBHOOKS_READ_TIMEOUT = 5.0
# Only this much of a receiver's answer is read (and kept for the admin).
WEBHOOKS_MAX_RESPONSE_BYTES = 4096
# A worker holds a delivery this long while sending it; a claim older than this
# belongs to a worker that died, and the sweep sends the delivery again.
WEBHOOKS_CLAIM_SECONDS = env.get_float("WEBHOOKS_CLAIM_SECONDS", 60)
# The worker's sweep: how often it runs, and how overdue a delivery that was
# never picked up must be before the sweep sends it itself (its task was lost).
WEBHOOKS_SWEEP_INTERVAL = env.get_float("WEBHOOKS_SWEEP_INTERVAL", 15)
WEBHOOKS_SWEEP_GRACE_SECONDS = env.get_float("WEBHOOKS_SWEEP_GRACE_SECONDS", 60)

# The admin's import screen (news/import_admin/) keeps an upload between its preview
# and its confirmation here. With several app servers this must be a shared volume.
IMPORT_UPLOAD_DIR = Path(env.get_str("IMPORT_UPLOAD_DIR", str(BASE_DIR / "var" / "imports")))
# Larger exports go through `manage.py import_posts`, which is not bound by a request's time.
IMPORT_ADMIN_MAX_UPLOAD_MB = env.get_int("IMPORT_ADMIN_MAX_UPLOAD_MB", 20)

# The live update stream (news/live/stream_api.py; docs/operations.md, "The update
# stream"). "auto": answer with GRIP hold instructions when the request came through
# Pushpin (it carries Grip-Sig), else stream by polling the database; "pushpin" or
# "polling" force one. PUSHPIN_PUBLISH_URL is Pushpin's publish endpoint; empty, no
# event is pushed (nothing holds streams open then).
LIVE_STREAM_BACKEND = env.get_str("LIVE_STREAM_BACKEND", "auto")
PUSHPIN_PUBLISH_URL = env.get_str("PUSHPIN_PUBLISH_URL", "")
# Polling streams close after this many seconds (EventSource reconnects with
# Last-Event-ID), so a dev server thread is not held for ever.
LIVE_STREAM_POLL_LIFETIME = env.get_float("LIVE_STREAM_POLL_LIFETIME", 300)
# A comment line at least this often, whatever the backend.
LIVE_STREAM_HEARTBEAT_SECONDS = 10
