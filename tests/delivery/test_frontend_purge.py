"""With a CDN or Varnish configured, a change is purged there: by URL (the older
form, wagtail.contrib.frontend_cache) or by surrogate key (each backend's request).

The CDN is a real HTTP server on 127.0.0.1 that records the requests it is sent.
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


# Purge by surrogate key: each backend's request, against a recording stand-in.


@pytest.fixture
def recorder():
    from tests.delivery.edge import PurgeRecorder

    server = PurgeRecorder()
    yield server
    server.stop()


def test_varnish_is_sent_an_xkey_purge(recorder):
    from cms.delivery.purge.backends import VarnishBackend

    VarnishBackend({"LOCATION": recorder.url}).purge(["page-5", "listings"], timeout=1)
    (seen,) = recorder.seen
    assert (seen.method, seen.path) == ("PURGE", "/")
    assert seen.headers["xkey-purge"] == "page-5 listings"


def test_fastly_is_sent_a_surrogate_key_purge(recorder):
    from cms.delivery.purge.backends import FastlyBackend

    params = {"SERVICE_ID": "SU1Z0isxPaozGVKXdv0eY", "API_TOKEN": "t0ken", "API_URL": recorder.url}
    FastlyBackend(params).purge(["page-5", "listings"], timeout=1)
    (seen,) = recorder.seen
    assert (seen.method, seen.path) == ("POST", "/service/SU1Z0isxPaozGVKXdv0eY/purge")
    assert seen.headers["fastly-key"] == "t0ken"
    assert seen.headers["surrogate-key"] == "page-5 listings"


def test_cloudflare_is_sent_tags_in_batches_of_thirty(recorder):
    from cms.delivery.purge.backends import CloudflareBackend

    params = {
        "ZONE_ID": "023e105f4ecef8ad9ca31a8372d0c353",
        "BEARER_TOKEN": "cf",
        "API_URL": recorder.url,
    }
    keys = [f"page-{n}" for n in range(31)]
    CloudflareBackend(params).purge(keys, timeout=1)
    first, second = recorder.seen
    assert (first.method, first.path) == (
        "POST",
        "/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache",
    )
    assert first.headers["authorization"] == "Bearer cf"
    assert first.json() == {"tags": keys[:30]}
    assert second.json() == {"tags": keys[30:]}


def test_cloudflare_refusing_in_its_body_is_a_failure(recorder):
    from cms.delivery.purge.backends import CloudflareBackend, PurgeFailed

    recorder.behaviour.body = b'{"success": false, "errors": [{"code": 1134, "message": "no"}]}'
    params = {"ZONE_ID": "z", "BEARER_TOKEN": "cf", "API_URL": recorder.url}
    with pytest.raises(PurgeFailed, match="1134"):
        CloudflareBackend(params).purge(["listings"], timeout=1)


def test_every_configured_cache_gets_the_same_keys(
    recorder, section, settings, django_capture_on_commit_callbacks
):
    settings.EDGE_CACHES = {
        "varnish": {
            "BACKEND": "cms.delivery.purge.backends.VarnishBackend",
            "LOCATION": recorder.url,
        },
        "fastly": {
            "BACKEND": "cms.delivery.purge.backends.FastlyBackend",
            "SERVICE_ID": "svc",
            "API_TOKEN": "t",
            "API_URL": recorder.url,
        },
        "cloudflare": {
            "BACKEND": "cms.delivery.purge.backends.CloudflareBackend",
            "ZONE_ID": "zone",
            "BEARER_TOKEN": "t",
            "API_URL": recorder.url,
        },
    }
    with django_capture_on_commit_callbacks(execute=True):
        post = publish(LatestUpdatesPageFactory(parent=section))
    expected = {f"page-{post.pk}", "listings"}
    by_path = {seen.path: seen for seen in recorder.seen}
    assert set(by_path["/"].headers["xkey-purge"].split()) == expected
    assert set(by_path["/service/svc/purge"].headers["surrogate-key"].split()) == expected
    assert set(by_path["/client/v4/zones/zone/purge_cache"].json()["tags"]) == expected
