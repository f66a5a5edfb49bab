"""The production form for `make bench-live`: its database, settings and servers.

A PostgreSQL database made for the run and dropped after it, Redis (a
database of its own, emptied before and after), gunicorn with
cms/gunicorn_conf.py and Pushpin rendered by news/live/pushpin.py, on ports
BENCH_LIVE_PORT..+5 (8700 by default).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from bench import paths
from news.live.pushpin import Pushpin

PG_SERVER = os.environ.get("BENCH_LIVE_PG", "postgres://postgres@127.0.0.1:5432/")
REDIS_URL = os.environ.get("BENCH_LIVE_REDIS_URL", "redis://127.0.0.1:6379/11")
BASE_PORT = int(os.environ.get("BENCH_LIVE_PORT", "8700"))
APP_PORT = BASE_PORT + 5
READY_TIMEOUT = 60.0


@contextmanager
def database() -> Iterator[str]:
    """A new, empty PostgreSQL database for this run; its URL. Dropped afterwards."""
    name = f"bench_live_{secrets.token_hex(4)}"
    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')  # our own random name
    try:
        yield PG_SERVER + name
    finally:
        with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def environment(database_url: str, pushpin: Pushpin) -> dict[str, str]:
    """What `make serve` needs, plus rate limits that 1,000 readers on one address never reach."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "PUSHPIN_PUBLISH_URL": pushpin.publish_url,
        # Pushpin appends the reader's address to X-Forwarded-For; every reader here
        # is 127.0.0.1, so the limit is raised out of reach rather than switched off.
        "API_TRUSTED_PROXY_COUNT": "1",
        "API_RATE_LIMIT_ANON_PER_MINUTE": "10000000",
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=paths.PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


FIND_STORY = """
from news.live.coverage import coverage_status
from news.live.demo import LIVE_STORY_SLUG
from news.models import LatestUpdatesPage
story = LatestUpdatesPage.objects.live().get(slug=LIVE_STORY_SLUG)
assert coverage_status(story) == "live", coverage_status(story)
print("STORY", story.pk)
"""


def prepare(env: dict[str, str]) -> int:
    """Migrate, bootstrap the demo, collect static files; the demo live story's id."""
    manage(env, "migrate", "--noinput", "--verbosity=0")
    # --demo makes accounts with a published password, so it asks for DEBUG; only
    # this setup step gets it, never the servers measured.
    manage({**env, "DJANGO_DEBUG": "true"}, "bootstrap_newsroom", "--demo", "--verbosity=0")
    manage(env, "collectstatic", "--noinput", "--verbosity=0")
    return int(manage(env, "shell", "-c", FIND_STORY).split("STORY")[1])


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """gunicorn as `make serve` starts it, on 127.0.0.1:APP_PORT behind Pushpin."""
    server_env = {**env, "HOST": "127.0.0.1", "PORT": str(APP_PORT)}
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 - fixed command line
            [str(Path(sys.executable).with_name("gunicorn")), "-c", "cms/gunicorn_conf.py"],
            cwd=paths.PROJECT_DIR,
            env=server_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while not listening(APP_PORT):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start; see {log}")
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def pushpin(rundir: Path) -> Pushpin:
    return Pushpin(
        rundir=rundir,
        app=f"127.0.0.1:{APP_PORT}",
        http_port=BASE_PORT,
        publish_port=BASE_PORT + 1,
        push_in_port=BASE_PORT + 2,
        push_in_sub_port=BASE_PORT + 3,
        command_port=BASE_PORT + 4,
        sig_key=secrets.token_urlsafe(24),
    )


def pushpin_version() -> str:
    from news.live.pushpin import binary

    done = subprocess.run(  # noqa: S603 - the installed binary, fixed argument
        [binary() or "pushpin", "--version"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or "pushpin (version unknown)"


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The parent pid follows the command name, which may hold spaces.
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def descendants(pid: int) -> list[int]:
    tree, found, todo = _children(), [], [pid]
    while todo:
        found.extend(kids := tree.get(todo.pop(), []))
        todo.extend(kids)
    return found


def rss_bytes(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def memory(app: subprocess.Popen, engine: Pushpin) -> dict[str, int]:
    """Resident memory: gunicorn's workers (not the master), and every Pushpin process."""
    assert engine.process is not None
    workers = [pid for pid in _children().get(app.pid, [])]
    return {
        "gunicorn_workers": rss_bytes(workers),
        "gunicorn_worker_count": len(workers),
        "pushpin": rss_bytes([engine.process.pid, *descendants(engine.process.pid)]),
    }


def warm_up(port: int, story: int, rounds: int = 24) -> None:
    """Serve the stream and the story's detail a few times before memory is read.

    Without it the first requests' imports and caches would be counted as
    what the readers cost.
    """
    import urllib.request

    detail = f"http://127.0.0.1:{port}/api/v2/pages/{story}/"
    headers = {"X-Forwarded-Proto": "https"}
    for _ in range(rounds):
        request = urllib.request.Request(detail, headers=headers)  # noqa: S310 - our own server
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            answer.read()
        with socket.create_connection(("127.0.0.1", port), timeout=10) as stream:
            stream.sendall(
                f"GET /api/v3/news/posts/{story}/updates/stream/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "X-Forwarded-Proto: https\r\nAccept: text/event-stream\r\n\r\n".encode()
            )
            assert b" 200 " in stream.recv(4096).split(b"\r\n", 1)[0] + b" "
