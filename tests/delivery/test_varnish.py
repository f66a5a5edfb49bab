"""A real Varnish 7 (deploy/varnish/default.vcl, vmod xkey) in front of the app.

varnishd runs on a free local port, with its own work directory, in front of
pytest-django's live server; the VCL is the shipped one with only the
backend's address substituted. Requests reaching the app are counted from
Django's `request_started` signal. Skipped with a reason when varnishd or the
xkey module is missing, unless VARNISH_REQUIRED is set (.ci/run sets it).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.error import HTTPError

import pytest
from django.core.signals import request_started

from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish

# serialized_rollback: each test's flush would take Wagtail's root page with it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "default.vcl"
VARNISHD = shutil.which("varnishd") or (
    "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
)


def _missing() -> str | None:
    if VARNISHD is None:
        return "varnishd is not installed (apt-get install varnish varnish-modules)"
    # Compiling the shipped VCL proves the xkey module is there too.
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [VARNISHD, "-C", "-f", str(VCL)], capture_output=True, text=True, timeout=60
    )
    if result.returncode != 0:
        return (
            f"the VCL does not compile here (is varnish-modules installed?): {result.stderr[-300:]}"
        )
    return None


_reason = _missing()
if _reason:
    if os.environ.get("VARNISH_REQUIRED"):
        pytest.fail(f"VARNISH_REQUIRED is set but {_reason}", pytrace=False)
    pytest.skip(_reason, allow_module_level=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def vcl_for(backend_port: int) -> str:
    """The shipped VCL with the operator's two lines edited."""
    text = VCL.read_text()
    text, hosts = re.subn(r'\.host = "[^"]*";', '.host = "127.0.0.1";', text, count=1)
    text, ports = re.subn(r'\.port = "[^"]*";', f'.port = "{backend_port}";', text, count=1)
    assert hosts == ports == 1, "the VCL's backend placeholders moved"
    return text


class Varnish:
    def __init__(self, backend_port: int) -> None:
        # Readable by varnishd's unprivileged users, who compile and load the VCL.
        self.dir = Path(tempfile.mkdtemp(prefix="cms-varnish-"))
        self.dir.chmod(0o755)
        (self.dir / "default.vcl").write_text(vcl_for(backend_port))
        (self.dir / "default.vcl").chmod(0o644)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(self.dir / "varnishd.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                VARNISHD,
                "-F",
                "-a",
                f"127.0.0.1:{self.port}",
                "-f",
                str(self.dir / "default.vcl"),
                "-n",
                str(self.dir / "work"),
                "-s",
                "malloc,32m",
                "-p",
                "default_grace=0",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                self.purge("nothing")
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(
                        "varnishd did not start: " + (self.dir / "varnishd.log").read_text()[-500:]
                    ) from None
                time.sleep(0.1)

    def purge(self, keys: str) -> None:
        request = urllib.request.Request(  # noqa: S310
            self.url + "/", method="PURGE", headers={"xkey-purge": keys}
        )
        with urllib.request.urlopen(request, timeout=5):  # noqa: S310
            pass

    def get(self, path: str, **headers: str) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.url + path, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status, dict(response.headers), response.read()
        except HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def varnish_server(live_server):
    port = int(live_server.url.rsplit(":", 1)[1])
    server = Varnish(port)
    yield server
    server.stop()


@pytest.fixture
def varnish(varnish_server, settings):
    """Varnish, emptied, and configured as the CMS's edge cache to purge."""
    varnish_server.purge("structure")  # every stored answer carries it
    settings.EDGE_CACHES = {
        "varnish": {
            "BACKEND": "cms.delivery.purge.backends.VarnishBackend",
            "LOCATION": varnish_server.url,
        }
    }
    return varnish_server


@pytest.fixture
def app_requests():
    """Paths of the requests that reached the app (the live server runs in this process)."""
    seen: Counter = Counter()

    def count(sender, environ=None, **kwargs):
        if environ is not None:
            seen[environ.get("PATH_INFO", "")] += 1

    request_started.connect(count, dispatch_uid="test_varnish_count", weak=False)
    yield seen
    request_started.disconnect(dispatch_uid="test_varnish_count")


@pytest.fixture
def post(section):
    return publish(LatestUpdatesPageFactory(parent=section, title="Ministers meet"))


def title_at(varnish, path: str) -> tuple[str, str]:
    status, headers, body = varnish.get(path)
    assert status == 200, (path, status, body[:300])
    import json

    return json.loads(body)["title"], headers["X-Cache"]


def test_hits_make_no_request_to_the_app(varnish, post, app_requests):
    paths = [f"/api/v2/pages/{post.pk}/", f"/api/v3/pages/{post.pk}/", post.url]
    for path in paths:
        status, headers, _ = varnish.get(path)
        assert (status, headers["X-Cache"]) == (200, "MISS"), path
        assert f"page-{post.pk}" in headers["xkey"].split()
    for _ in range(5):
        for path in paths:
            assert varnish.get(path)[1]["X-Cache"] == "HIT", path
    assert [app_requests[path] for path in paths] == [1, 1, 1]


def test_stored_answers_carry_no_clients_rate_limit_count(varnish, post, live_server, settings):
    settings.API_RATE_LIMIT_ANON_PER_MINUTE = 1000
    path = f"/api/v2/pages/{post.pk}/"
    with urllib.request.urlopen(live_server.url + path, timeout=10) as direct:  # noqa: S310
        assert direct.headers["RateLimit-Remaining"]  # the app counts its own clients
    for expected in ("MISS", "HIT"):
        status, headers, _ = varnish.get(path)
        assert (status, headers["X-Cache"]) == (200, expected)
        # One client's count, stored and shown to every other client, would be wrong.
        assert not {name.lower() for name in headers} & {"ratelimit-limit", "ratelimit-remaining"}


def test_a_publish_is_served_fresh_within_a_second(varnish, post):
    path = f"/api/v2/pages/{post.pk}/"
    assert title_at(varnish, path) == ("Ministers meet", "MISS")
    assert title_at(varnish, path) == ("Ministers meet", "HIT")
    post.title = "Ministers agree a package"
    publish(post)
    published = time.monotonic()
    while title_at(varnish, path)[0] != "Ministers agree a package":
        assert time.monotonic() - published < 1, "Varnish still served the old title after 1 s"
        time.sleep(0.02)
    # No stale answer afterwards, from Varnish's store or the app's.
    for _ in range(10):
        assert title_at(varnish, path)[0] == "Ministers agree a package"


def test_a_posts_listings_and_section_are_purged_with_it(varnish, post, section, app_requests):
    listings = [
        "/api/v2/pages/?type=news.LatestUpdatesPage",
        "/api/v3/news/posts/",
        section.url,
        "/latest-updates/rss.xml",
    ]
    for path in listings:
        assert varnish.get(path)[1]["X-Cache"] == "MISS", path
        assert varnish.get(path)[1]["X-Cache"] == "HIT", path
    publish(LatestUpdatesPageFactory(parent=section, title="Allies sign the accord"))
    for path in listings:
        status, headers, body = varnish.get(path)
        assert status == 200, path
        assert headers["X-Cache"] == "MISS", path
        assert b"Allies sign the accord" in body, path
    assert all(app_requests[path.split("?")[0]] >= 2 for path in listings)


def test_tokens_cookies_previews_and_editorial_answers_are_never_stored(
    varnish, post, editor, token_for, app_requests
):
    token = token_for(editor)["HTTP_AUTHORIZATION"]
    preview = "/api/v2/page_preview/?content_type=news.latestupdatespage&token=abc"
    cases = [
        (f"/api/v3/pages/{post.pk}/", {"Authorization": token}),
        (f"/api/v2/pages/{post.pk}/", {"Cookie": "sessionid=abc"}),
        (post.url, {"Cookie": "sessionid=abc"}),
        (preview, {}),
        ("/api/v3/editorial/posts/", {"Authorization": token}),
    ]
    for path, headers in cases:
        for _ in range(2):
            assert varnish.get(path, **headers)[1]["X-Cache"] == "PASS", path
    for path, _headers in cases:
        assert app_requests[path.split("?")[0]] >= 2, path
    # And an anonymous reader afterwards is not handed the token holder's answer.
    status, headers, _ = varnish.get(f"/api/v3/pages/{post.pk}/")
    assert (status, headers["X-Cache"]) == (200, "MISS")


def test_a_lost_purge_still_ends_at_s_maxage_without_grace(varnish, post, settings):
    # The app asks for stale-while-revalidate; the VCL must not serve stale past s-maxage.
    settings.API_CACHE_S_MAXAGE = 1
    settings.API_CACHE_STALE_WHILE_REVALIDATE = 60
    settings.EDGE_CACHES = {
        "varnish": {
            "BACKEND": "cms.delivery.purge.backends.VarnishBackend",
            "LOCATION": f"http://127.0.0.1:{free_port()}",  # unreachable: the purge is lost
        }
    }
    path = f"/api/v3/pages/{post.pk}/"
    assert title_at(varnish, path) == ("Ministers meet", "MISS")
    post.title = "Ministers agree a package"
    publish(post)
    published = time.monotonic()
    assert title_at(varnish, path) == ("Ministers meet", "HIT")  # not purged: still stored
    while title_at(varnish, path)[0] != "Ministers agree a package":
        assert time.monotonic() - published < 2.5, "served stale past s-maxage"
        time.sleep(0.05)


def test_only_a_purge_request_purges(varnish, post):
    path = f"/api/v2/pages/{post.pk}/"
    assert varnish.get(path)[1]["X-Cache"] == "MISS"
    # A GET carrying the header is an ordinary read: anyone could send one.
    assert varnish.get(path, **{"xkey-purge": f"page-{post.pk}"})[1]["X-Cache"] == "HIT"
    varnish.purge(f"page-{post.pk}")
    assert varnish.get(path)[1]["X-Cache"] == "MISS"


def test_update_streams_pass_through(varnish, post, settings, app_requests):
    settings.LIVE_STREAM_POLL_LIFETIME = 0.5
    path = f"/api/v3/news/posts/{post.pk}/updates/stream/"
    for _ in range(2):
        status, headers, body = varnish.get(path)
        assert (status, headers["X-Cache"]) == (200, "PASS")
        assert body.startswith(b": stream open")
    assert app_requests[path] == 2


@pytest.fixture
def chunked_stream_backend():
    """An SSE answer as gunicorn sends one (HTTP/1.1, chunked): an opening
    comment at once, an event 1.5 s later, then the end."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                    b"Cache-Control: no-store\r\nTransfer-Encoding: chunked\r\n\r\n"
                    b"f\r\n: stream open\n\n\r\n"
                )
                time.sleep(1.5)
                conn.sendall(b"9\r\ndata: 1\n\n\r\n0\r\n\r\n")

    threading.Thread(target=serve, daemon=True).start()
    yield server.getsockname()[1]
    server.close()


def test_streams_reach_the_reader_unbuffered(chunked_stream_backend):
    """Through the shipped VCL, a stream's first bytes arrive at once, not at its end.

    (The live server above ends its streamed answers by closing the
    connection, which Varnish 7.1 holds until the end; gunicorn sends them
    chunked, as this stand-in does.)
    """
    server = Varnish(chunked_stream_backend)
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            started = time.monotonic()
            sock.sendall(
                b"GET /api/v3/news/posts/1/updates/stream/ HTTP/1.1\r\n"
                b"Host: 127.0.0.1\r\nConnection: close\r\n\r\n"
            )
            received, opened = b"", None
            while chunk := sock.recv(65536):
                received += chunk
                if opened is None and b": stream open" in received:
                    opened = time.monotonic() - started
            ended = time.monotonic() - started
    finally:
        server.stop()
    assert b"X-Cache: PASS" in received
    assert b"data: 1" in received
    assert opened is not None and opened < 0.5 < 1.4 < ended, (opened, ended)
