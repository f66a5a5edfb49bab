"""A private PostgreSQL cluster and redis-server, started, broken and removed by the drills.

PostgreSQL refuses to run as root, so its commands run as the `postgres` OS
user (runuser) when this runs as root. Both listen on 127.0.0.1 only, on free
ports, with their data in a temporary directory removed at the end.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} not found under /usr/lib/postgresql/")
    return found[-1]


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    # Fixed commands built here from our own paths and ports: no shell, no outside input.
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)  # noqa: S603


class PrivatePostgres:
    def __init__(self, root: Path) -> None:
        self.port = free_port()
        self.dir = root / "pg"
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.url = f"postgres://postgres@{HOST}:{self.port}/cms"

    def _ctl(self, *args: str) -> None:
        _run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), *args]))

    def create(self) -> None:
        self.dir.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        _run(
            _as_postgres(
                [
                    _pg_bin("initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--no-sync",
                    "-E",
                    "UTF8",
                ]
            )
        )
        with open(self.data / "postgresql.auto.conf", "a") as conf:
            conf.write(f"port = {self.port}\nunix_socket_directories = '{self.dir}'\n")
            conf.write(f"listen_addresses = '{HOST}'\nfsync = off\nsynchronous_commit = off\n")
            conf.write("full_page_writes = off\nmax_connections = 100\n")
        self.start()
        _run(_as_postgres([_pg_bin("createdb"), "-h", HOST, "-p", str(self.port), "cms"]))

    def start(self) -> None:
        self._ctl("start", "-w", "-t", "30")

    def stop(self) -> None:
        self._ctl("stop", "-m", "fast", "-w", "-t", "30")

    def destroy(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass


class PrivateRedis:
    def __init__(self, root: Path) -> None:
        self.port = free_port()
        self.dir = root / "redis"
        self.url = f"redis://{HOST}:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        # No automatic snapshots or AOF; stop() saves once, so a restart keeps the old
        # data, the case in which a lost invalidation would show (bench/faults/scenarios.py).
        command = [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(self.port),
            "--bind",
            HOST,
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.dir),
            "--logfile",
            str(self.dir / "redis.log"),
        ]
        self.process = subprocess.Popen(command)  # noqa: S603
        deadline = time.monotonic() + 10
        while self.cli("PING") != "PONG":
            if time.monotonic() > deadline:
                raise RuntimeError("private redis-server did not start")
            time.sleep(0.1)

    def stop(self, save: bool = True) -> None:
        if self.process is None:
            return
        self.cli("SHUTDOWN", "SAVE" if save else "NOSAVE")
        self.process.wait(timeout=20)
        self.process = None

    def cli(self, *args: str) -> str:
        result = subprocess.run(  # noqa: S603
            [shutil.which("redis-cli") or "redis-cli", "-h", HOST, "-p", str(self.port), *args],
            capture_output=True,
            text=True,
            timeout=10,
        )
        return result.stdout.strip()

    def info(self) -> dict[str, str]:
        pairs = (line.split(":", 1) for line in self.cli("INFO").splitlines() if ":" in line)
        return {key: value.strip() for key, value in pairs}

    def count(self, pattern: str) -> int:
        cursor, total = "0", 0
        while True:
            lines = self.cli("SCAN", cursor, "MATCH", pattern, "COUNT", "1000").splitlines()
            if not lines:
                return total
            cursor, total = lines[0], total + len(lines) - 1
            if cursor == "0":
                return total

    def destroy(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


def workspace() -> Path:
    root = Path(tempfile.mkdtemp(prefix="cms-faults-"))
    # The postgres user must reach its directory inside; nothing here is secret.
    os.chmod(root, 0o755)  # noqa: S103
    return root
