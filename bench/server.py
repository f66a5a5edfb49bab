"""One gunicorn app server for the bench, on a free port of 127.0.0.1.

One worker process with threads: the bench uses the local-memory cache, and
a second process would keep its own copy that a publish in the first never
invalidates (production shares Redis between processes instead). The gthread
worker keeps connections alive, as a reverse proxy in front of it would.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from bench import paths

HOST = "127.0.0.1"
READY_PATH = "/bench/bare/"
READY_TIMEOUT = 60.0


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    workers: int
    threads: int

    def describe(self) -> str:
        return f"gunicorn, {self.workers} gthread worker process, {self.threads} threads"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _ready(port: int, path: str = READY_PATH) -> bool:
    connection = http.client.HTTPConnection(HOST, port, timeout=2)
    try:
        connection.request("GET", path, headers={"Host": HOST})
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


@contextmanager
def serving(
    command: list[str],
    *,
    name: str,
    port: int,
    env: dict[str, str],
    ready_path: str = READY_PATH,
    stop: signal.Signals = signal.SIGTERM,
    stdout: IO[Any] | int | None = None,
    stderr: IO[Any] | int | None = None,
) -> Iterator[subprocess.Popen]:
    """Run an app server's `command`, wait until it answers on `port`, stop it whatever happens.

    `stop` is the server's own graceful-stop signal; one that ignores it for
    30 s is killed. bench.servers starts granian through this too, bench.limit
    gunicorn with its access log (`stdout`) thrown away.
    """
    # Our callers' command lines are built from fixed parts: no shell, no outside input.
    process = subprocess.Popen(  # noqa: S603
        command, env=env, cwd=paths.PROJECT_DIR, stdout=stdout, stderr=stderr
    )
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while not _ready(port, ready_path):
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with status {process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not answer on port {port} in time")
            time.sleep(0.2)
        yield process
    finally:
        process.send_signal(stop)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running(
    threads: int = 4,
    settings: str = "bench.settings",
    ready_path: str = READY_PATH,
    extra_env: dict[str, str] | None = None,
) -> Iterator[Server]:
    """Start gunicorn, wait until it answers, and stop it whatever happens.

    bench.scale passes its own settings, probe and environment (which database).
    """
    port = free_port()
    server = Server(HOST, port, workers=1, threads=threads)
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "cms.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={server.workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        "--keep-alive=30",
        "--backlog=256",
        "--log-level=warning",
        f"--chdir={paths.PROJECT_DIR}",
    ]
    env = {**os.environ, **(extra_env or {}), "DJANGO_SETTINGS_MODULE": settings}
    # SIGTERM is gunicorn's graceful stop of the master and its worker.
    with serving(command, name="gunicorn", port=port, env=env, ready_path=ready_path):
        yield server
