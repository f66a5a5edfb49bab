"""The app under test: its database prepared once, and two gunicorn servers on it.

The servers run exactly as deployed (cms/gunicorn_conf.py, production
settings from the environment), pointing at the private PostgreSQL and Redis.
Their console output (Django's log and gunicorn's access log) goes to one
file per server, which the scenarios search for warnings and tracebacks.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import paths
from bench.faults.services import HOST, PrivatePostgres, PrivateRedis, free_port

PYTHON = str(Path(sys.executable))
READY_TIMEOUT = 90.0


def environment(root: Path, pg: PrivatePostgres, redis: PrivateRedis) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.faults.settings",
        # Signs nothing worth protecting: a throwaway database in a temporary directory.
        "DJANGO_SECRET_KEY": "faults-only-secret-key-never-used-anywhere-else",
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "SECURE_SSL_REDIRECT": "false",
        "TRUST_X_FORWARDED_PROTO": "false",
        "DATABASE_URL": pg.url,
        # Persistent connections, as deployed: they must survive a PostgreSQL restart.
        "DATABASE_CONN_MAX_AGE": "60",
        "REDIS_URL": redis.url,
        "API_RESPONSE_CACHE": "true",
        # Every reader here is one address; the limits are tested elsewhere.
        "API_RATE_LIMIT_ANON_PER_MINUTE": "0",
        "MEDIA_ROOT": str(root / "media"),
        "FAULTS_STATIC_ROOT": str(root / "static"),
        "IMPORT_UPLOAD_DIR": str(root / "imports"),
        "WAGTAILAPI_BASE_URL": f"http://{HOST}",
        "WAGTAILADMIN_BASE_URL": f"http://{HOST}",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def manage(env: dict[str, str], *args: str, **extra_env: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own fixed command line
        [PYTHON, *args],
        cwd=paths.PROJECT_DIR,
        env={**env, **extra_env},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def prepare(env: dict[str, str]) -> dict:
    """Schema, page tree, accounts, two published posts and API tokens."""
    manage(env, "manage.py", "migrate", "--noinput")
    # --demo is refused without DEBUG; only this one command runs with it.
    manage(env, "manage.py", "bootstrap_newsroom", "--demo", DJANGO_DEBUG="true")
    manage(env, "manage.py", "collectstatic", "--noinput", "--verbosity", "0")
    return json.loads(manage(env, "-m", "bench.faults.prepare"))


@dataclass
class AppServer:
    name: str
    env: dict[str, str]
    log_path: Path
    workers: int = 2
    threads: int = 4
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **self.env,
            "HOST": HOST,
            "PORT": str(self.port),
            "WEB_CONCURRENCY": str(self.workers),
            "GUNICORN_THREADS": str(self.threads),
        }
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603
            [str(Path(PYTHON).with_name("gunicorn")), "-c", "cms/gunicorn_conf.py"],
            cwd=paths.PROJECT_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + READY_TIMEOUT
        while not self.ready():
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.name} exited: see {self.log_path}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn {self.name} did not answer: see {self.log_path}")
            time.sleep(0.3)

    def ready(self) -> bool:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
        try:
            connection.request("GET", "/readyz")
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()

    def worker_pids(self) -> set[int]:
        if self.process is None:
            return set()
        out = subprocess.run(  # noqa: S603
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)],  # noqa: S607
            capture_output=True,
            text=True,
        ).stdout
        return {int(pid) for pid in out.split()}

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
            self.log.close()
