"""The forms the CMS is run in, started as docs/operations.md tells an operator to.

Both are `cms.settings.production` behind gunicorn with `cms/gunicorn_conf.py`
(what `make serve` runs), on the bench's SQLite dataset, with the API rate
limiter on and its anonymous limit set out of reach, so that it runs on every
request and still answers every one with a 200:

- production: Redis (`REDIS_URL`, db BENCH_REDIS_DB) and one worker process;
- embedded: no `REDIS_URL`, the zero-setup default, with two workers as
  `make serve` starts by default.

The environment is built here from nothing but what an operator sets, plus
PATH: the bench's own shell settings (DJANGO_SETTINGS_MODULE=bench.settings
and the like) must not leak into the servers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench import paths, server
from bench.dataset import HOST

__all__ = ["EMBEDDED", "FORMS", "PRODUCTION", "Form", "app_env", "running"]

PRODUCTION = "production"
EMBEDDED = "embedded"
# Far above anything one load client sends in a minute: the limiter counts
# every request, and none is refused.
RATE_LIMIT_OUT_OF_REACH = "1000000000"
READY_PATH = "/healthz"
# A secret for a throwaway database on 127.0.0.1, never used anywhere else.
SECRET_KEY = "bench-limit-only-secret-key-not-used-anywhere-else-0123456789"  # noqa: S105


@dataclass(frozen=True)
class Form:
    name: str
    label: str
    workers: int
    redis: bool


FORMS = {
    PRODUCTION: Form(PRODUCTION, "production form (Redis, 1 worker)", workers=1, redis=True),
    EMBEDDED: Form(EMBEDDED, "embedded default (no Redis, 2 workers)", workers=2, redis=False),
}


def app_env(
    form: Form,
    *,
    port: int,
    redis_url: str,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """The whole environment of a server of `form` on `port` (pure, for the tests too)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": f"{HOST},localhost",
        # Plain HTTP on loopback: there is no TLS proxy in front to redirect to.
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{paths.DATABASE}",
        "MEDIA_ROOT": str(paths.MEDIA_ROOT),
        # The absolute URLs in the answers, as the dataset step made them.
        "WAGTAILADMIN_BASE_URL": f"http://{HOST}",
        "WAGTAILAPI_BASE_URL": f"http://{HOST}",
        "API_RATE_LIMIT_ANON_PER_MINUTE": RATE_LIMIT_OUT_OF_REACH,
        "HOST": server.HOST,
        "PORT": str(port),
        "WEB_CONCURRENCY": str(form.workers),
        **(extra or {}),
    }
    if form.redis:
        env["REDIS_URL"] = redis_url
    return env


def python_command(module: str, *arguments: str) -> list[str]:
    return [sys.executable, "-m", module, *arguments]


def run_module(module: str, env: dict[str, str], *arguments: str) -> None:
    """Run one of our modules under a form's environment (Django set up on production settings)."""
    subprocess.run(  # noqa: S603 - this interpreter, one of our own modules
        python_command(module, *arguments), env=env, cwd=paths.PROJECT_DIR, check=True
    )


@contextmanager
def running(form: Form, env: dict[str, str], log: Path) -> Iterator[int]:
    """gunicorn -c cms/gunicorn_conf.py with `env`; yields its master's pid, stops it whatever
    happens.

    Its access log (stdout, one line per request, as in production) is written
    and thrown away; errors go to `log`.
    """
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    port = int(env["PORT"])
    started = False
    with log.open("w") as errors:
        try:
            with server.serving(
                [gunicorn, "--config", "cms/gunicorn_conf.py"],
                name=f"gunicorn ({form.label})",
                port=port,
                env=env,
                ready_path=READY_PATH,
                stdout=subprocess.DEVNULL,
                stderr=errors,
            ) as process:
                started = True
                yield process.pid
        except RuntimeError as error:
            if started:  # raised by the caller, not by the start-up
                raise
            errors.flush()
            raise RuntimeError(f"{error}; its log ({log}):\n{log.read_text()[-2000:]}") from None
