"""`python -m bench.scale` (what `make bench-scale` runs).

Makes both databases if they are missing (migrate, bootstrap, bulk
generator), counts SQL queries per request in each, starts one app server
per database, drives the load client against both in one run, prints the
report and writes it into docs/performance.md. Exits non-zero, writing
nothing, if any request failed; a missed target is reported, not an error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from contextlib import ExitStack
from typing import Any

import psycopg

from bench import paths

SETTINGS = "bench.scale.settings"
# Database name -> posts. Overridable for a quick try: BENCH_SCALE_POSTS="1000,5000".
SIZES = {"benchscale_1k": 1000, "benchscale_100k": 100_000}
SERVER = os.environ.get("BENCH_SCALE_PG", "postgres://postgres@127.0.0.1:5432/")
REDIS_URL = os.environ.get("BENCH_SCALE_REDIS_URL", "redis://127.0.0.1:6379/7")


def _django(database: str, *args: str, capture: bool = False) -> str:
    """Run a Django command or module for one database, in its own process."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "BENCH_SCALE_DB": database}
    done = subprocess.run(  # noqa: S603 - fixed argument lists, no shell
        [sys.executable, *args],
        env=env,
        cwd=paths.PROJECT_DIR,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return done.stdout or ""


def ensure_database(database: str, posts: int) -> dict[str, Any]:
    """Create, migrate and fill the database unless it already holds `posts` posts."""
    record = paths.DATA_DIR / f"{database}.json"
    with psycopg.connect(SERVER + "postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            # The name comes from SIZES above, never from outside input.
            connection.execute(f'CREATE DATABASE "{database}"')
    began = time.perf_counter()
    _django(database, "manage.py", "migrate", "--noinput", "--verbosity=0")
    _django(database, "manage.py", "bootstrap_newsroom", "--verbosity=0", capture=True)
    migrated = time.perf_counter() - began
    made = json.loads(_django(database, "-m", "bench.scale.generate", str(posts), capture=True))
    if made["generated"]:
        made["seconds_migrate_and_bootstrap"] = round(migrated, 1)
        paths.DATA_DIR.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps(made, indent=2) + "\n")
        return made
    # Already made by an earlier run: report how long that generation took.
    return json.loads(record.read_text()) if record.exists() else made


def flush_cache() -> None:
    """Empty our own Redis database only, so no answer from an earlier run is served."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def main() -> int:
    from bench import reporting, server
    from bench.load import run_in_process
    from bench.scale import plan as planning
    from bench.scale import report
    from bench.scale.plan import READY_PATH

    if "BENCH_SCALE_POSTS" in os.environ:
        counts = [int(n) for n in os.environ["BENCH_SCALE_POSTS"].split(",")]
        sizes = dict(zip(SIZES, counts, strict=True))
    else:
        sizes = SIZES
    generated = {}
    for database, posts in sizes.items():
        print(f"Database {database}: {posts:,} posts…", file=sys.stderr, flush=True)
        generated[database] = ensure_database(database, posts)
    flush_cache()
    prepared = {}
    for database in sizes:
        print(f"Counting SQL queries in {database}…", file=sys.stderr, flush=True)
        prepared[database] = json.loads(
            _django(database, "-m", "bench.scale.queries", capture=True)
        )
    threads = int(os.environ.get("BENCH_SCALE_SERVER_THREADS", "4"))
    with ExitStack() as stack:
        apps = {
            database: stack.enter_context(
                server.running(
                    threads=threads,
                    settings=SETTINGS,
                    ready_path=READY_PATH,
                    extra_env={"BENCH_SCALE_DB": database},
                )
            )
            for database in sizes
        }
        plan = planning.plan(prepared, {db: app.port for db, app in apps.items()})
        print("Load against both servers…", file=sys.stderr, flush=True)
        results = run_in_process(plan, "bench.scale.load")
        described = next(iter(apps.values())).describe()
    markdown = report.render(
        results=results,
        plan=plan,
        prepared=prepared,
        generated=generated,
        server=described,
    )
    failed = [key for key, r in results.items() if r["errors"]]
    return reporting.publish(markdown, failed, report.write)


if __name__ == "__main__":
    sys.exit(main())
