"""Local development: DEBUG on, a fixed insecure key, console email."""

from cms.settings import env

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

DEBUG = env.get_bool("DJANGO_DEBUG", True)
# Development only: a fixed, obviously insecure key so `make run` needs no setup.
SECRET_KEY = env.get_str(
    "DJANGO_SECRET_KEY", "django-insecure-dev-only-key-never-use-in-production"
)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

# Let whitenoise serve static files under runserver too, exactly as in production.
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Errors (with tracebacks) on the console even with DJANGO_DEBUG=false, which
# .ci/fuzz uses so that a server error is a bare 500 as in production.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
