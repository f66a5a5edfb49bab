"""A real HTTP receiver on 127.0.0.1 and helpers to run the webhook queue, for tests/webhooks/."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cms.webhooks import events
from cms.webhooks.models import WebhookDelivery, WebhookEndpoint


@dataclass
class Reply:
    """How the receiver answers one request."""

    status: int = 200
    body: bytes = b"ok"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # Hold the answer until this is set (or the receiver stops).
    hold: threading.Event | None = None
    # Claim a huge body and keep sending it, to prove the client stops reading.
    endless: bool = False


@dataclass
class Received:
    path: str
    headers: dict[str, str]  # names lower-cased
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


class Receiver:
    """Records every request; answers with the scripted replies in order, then `fallback`'s."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.replies: list[Reply] = []
        # How to answer once the scripted replies are used up (default: 200).
        self.fallback: Callable[[Received], Reply] | None = None
        self.stopping = threading.Event()
        self._arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                reply = receiver._record(
                    Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                try:
                    self._answer(reply)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading, as it should

            def _answer(self, reply: Reply) -> None:
                if reply.hold is not None:
                    while not (reply.hold.is_set() or receiver.stopping.is_set()):
                        reply.hold.wait(0.05)
                if reply.delay:
                    receiver.stopping.wait(reply.delay)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.endless:
                    self.send_header("Content-Length", str(100 * 1024 * 1024))
                    self.end_headers()
                    chunk = b"x" * 65536
                    deadline = time.monotonic() + 10
                    while time.monotonic() < deadline and not receiver.stopping.is_set():
                        self.wfile.write(chunk)
                    return
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        # A short poll interval: shutdown() waits for one, after every test.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def _record(self, request: Received) -> Reply:
        with self._arrived:
            self.requests.append(request)
            self._arrived.notify_all()
            if self.replies:
                return self.replies.pop(0)
            return self.fallback(request) if self.fallback else Reply()

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(self, *replies: Reply | int) -> None:
        self.replies.extend(r if isinstance(r, Reply) else Reply(status=r) for r in replies)

    def wait_for(self, count: int, timeout: float = 20) -> list[Received]:
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.requests) >= count, timeout):
                raise AssertionError(f"expected {count} requests, got {len(self.requests)}")
        return self.requests

    def events(self) -> list[str]:
        return [r.headers["x-cms-event"] for r in self.requests]

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as receiver:
        yield receiver


def make_endpoint(url: str, names=events.NAMES, **fields) -> tuple[WebhookEndpoint, str]:
    """An endpoint and its plaintext secret, as the admin or CLI would make them."""
    endpoint = WebhookEndpoint(url=url, events=list(names), **fields)
    secret = endpoint.set_new_secret()
    endpoint.save()
    return endpoint, secret


@pytest.fixture
def endpoint(db, receiver) -> tuple[WebhookEndpoint, str]:
    return make_endpoint(receiver.url())


def run_queue() -> int:
    """Run every task waiting on the "webhooks" backend with django-tasks-db's own worker code.

    In-process, inside the test's transaction: Worker.run() itself would close
    the test's database connection between tasks, so its loop is replayed here.
    """
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="webhooks",
        startup_delay=False,
        max_tasks=None,
        worker_id="pytest",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        task_result = DBTaskResult.objects.ready().filter(backend_name="webhooks").get_locked()
        if task_result is None:
            return ran
        task_result.claim(worker.worker_id)
        worker.run_task(task_result)
        ran += 1


def make_due(delivery: WebhookDelivery) -> None:
    """Skip the backoff wait: the next attempt is due now."""
    from django.utils import timezone

    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


def database_url() -> str:
    """A DATABASE_URL for the database this test uses, for a subprocess to share it."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
