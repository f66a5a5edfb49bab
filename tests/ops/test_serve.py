"""`make serve`'s app server: gunicorn with cms/gunicorn_conf.py and the production settings.

gunicorn runs as a real process on a free port, against the test database (the
rows this test commits are what it serves), with the environment production
requires (docs/operations.md).
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish

GUNICORN = Path(sys.executable).with_name("gunicorn")
HOST = "127.0.0.1"
READY_TIMEOUT = 20.0

pytestmark = pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database, as a DATABASE_URL for the server process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def get(port: int, path: str) -> tuple[int, bytes]:
    client = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        client.request("GET", path, headers={"Host": HOST})
        response = client.getresponse()
        return response.status, response.read()
    finally:
        client.close()


# The server's own connection reads only committed rows; serialized_rollback puts
# back Wagtail's root page and site after the flush, for the rest of the suite.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_gunicorn_serves_the_api_with_production_settings(section, tmp_path):
    publish(LatestUpdatesPageFactory(parent=section, title="Served by gunicorn"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": "serve-test-secret-key-not-used-anywhere-else-0123456789",
        "ALLOWED_HOSTS": HOST,
        # Plain HTTP here; in production the TLS proxy in front sets X-Forwarded-Proto.
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "HOST": HOST,
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
    }
    # Our own command line, built from fixed parts: no shell, no outside input.
    server = subprocess.Popen(  # noqa: S603
        [str(GUNICORN), "-c", "cms/gunicorn_conf.py"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            assert server.poll() is None, f"gunicorn exited: {server.communicate()[1]}"
            assert time.monotonic() < deadline, "gunicorn did not answer in time"
            try:
                status, body = get(port, "/api/v2/pages/?type=news.LatestUpdatesPage")
                break
            except OSError:
                time.sleep(0.2)
    finally:
        # SIGTERM is gunicorn's graceful stop.
        server.send_signal(signal.SIGTERM)
        try:
            access_log, error_log = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            access_log, error_log = server.communicate()

    assert status == 200, body[:500]
    assert [item["title"] for item in json.loads(body)["items"]] == ["Served by gunicorn"]
    # The access log goes to stdout, with the request's duration.
    assert '"GET /api/v2/pages/?type=news.LatestUpdatesPage HTTP/1.1" 200' in access_log
    assert server.returncode == 0, error_log


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_serve_runs_the_whole_stack():
    recipe = subprocess.run(
        ["make", "--dry-run", "--always-make", "serve"],  # noqa: S607 - make from PATH
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for step in (
        "manage.py migrate --noinput",
        "manage.py collectstatic --noinput",
        "manage.py db_worker --no-reload",
        "manage.py run_scheduler",
        "gunicorn -c cms/gunicorn_conf.py",
    ):
        assert step in recipe
