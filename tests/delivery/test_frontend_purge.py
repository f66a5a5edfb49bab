"""With a CDN configured, a post's change purges its API URLs there.

The CDN is a real HTTP server on 127.0.0.1 that records the PURGE requests
wagtail.contrib.frontend_cache sends.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def cdn():
    seen: list[tuple[str, str, str]] = []
    delay = threading.Event()  # set: the CDN hangs before answering

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self) -> None:  # noqa: N802 (HTTP method name)
            seen.append((self.command, self.headers["Host"], self.path))
            if delay.is_set():
                time.sleep(3)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.delay = delay
    yield server, seen
    server.shutdown()


def test_publish_purges_the_posts_api_details(
    cdn, section, settings, django_capture_on_commit_callbacks
):
    server, seen = cdn
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "cms.delivery.purge.BoundedHTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        post = publish(LatestUpdatesPageFactory(parent=section))
    assert ("PURGE", "testserver", f"/api/v2/pages/{post.pk}/") in seen
    assert ("PURGE", "testserver", f"/api/v3/pages/{post.pk}/") in seen


def test_nothing_is_purged_without_a_cdn(
    cdn, section, settings, django_capture_on_commit_callbacks
):
    _server, seen = cdn
    assert not getattr(settings, "WAGTAILFRONTENDCACHE", None)
    with django_capture_on_commit_callbacks(execute=True):
        publish(LatestUpdatesPageFactory(parent=section))
    assert seen == []


def test_a_hanging_cdn_does_not_hang_the_publish(
    cdn, section, settings, django_capture_on_commit_callbacks
):
    server, seen = cdn
    server.delay.set()
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "cms.delivery.purge.BoundedHTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
            "TIMEOUT": 0.3,
        }
    }
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        publish(LatestUpdatesPageFactory(parent=section))
    # Two URLs purged, each given up after 0.3 s instead of the CDN's 3 s.
    assert len(seen) == 2
    assert time.monotonic() - started < 2.5
