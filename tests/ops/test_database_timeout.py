"""A PostgreSQL host that stops answering costs seconds, not minutes.

The "database" here is a socket that accepts connections and never says a
word, as a host behind a dead network path or a stuck proxy does. Without a
connect timeout libpq would wait on it for as long as TCP allows.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def silent_database():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)  # connections complete in the kernel and are never answered
    yield f"postgres://postgres@127.0.0.1:{server.getsockname()[1]}/newsroom"
    server.close()


def test_readiness_fails_within_the_connect_timeout(silent_database):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": silent_database,
        "DATABASE_CONNECT_TIMEOUT": "2",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "response = Client().get('/readyz', HTTP_HOST='127.0.0.1')\n"
        "print(response.status_code, response.json()['checks']['database']['ok'])\n"
    )
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    took = time.monotonic() - started

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["503", "False"]
    # Two seconds of connect timeout plus start-up, far from libpq's default of waiting on.
    assert took < 30, took
    assert "timeout expired" in result.stderr
