"""The update stream in production form: a real Pushpin in front of a real gunicorn.

Skipped when the `pushpin` binary is missing, unless PUSHPIN_REQUIRED is set
(.ci/run sets it, so CI cannot pass by skipping). The app server runs on its
own SQLite file with the demo, and updates are approved through the editorial
workflow in a separate `manage.py shell`, as an editor's request would.
"""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from news.live.pushpin import Pushpin, binary, free_port

ROOT = Path(__file__).resolve().parents[2]

if binary() is None:
    if os.environ.get("PUSHPIN_REQUIRED"):
        pytest.fail("PUSHPIN_REQUIRED is set but the pushpin binary is missing", pytrace=False)
    pytest.skip("pushpin is not installed (apt-get install pushpin)", allow_module_level=True)

APPROVE = """
import time
from django.contrib.auth import get_user_model
from news.live.models import LiveUpdate
from news.models import LatestUpdatesPage
User = get_user_model()
writer, editor = User.objects.get(username="writer"), User.objects.get(username="editor")
update = LiveUpdate(post=LatestUpdatesPage.objects.get(pk={post}), author=writer,
    headline="{headline}", body=[{{"type": "paragraph", "value": "<p>Talks resumed.</p>"}}])
update.live = False
update.save()
update.save_revision(user=writer)
update.get_workflow().start(update, writer)
update.refresh_from_db()
state = update.current_workflow_task_state
print("APPROVING", time.time(), flush=True)
state.task.specific.on_action(state, editor, "approve", comment="")
print("UPDATE", update.pk, flush=True)
"""

START_COVERAGE = """
from django.utils import timezone
from news.models import LatestUpdatesPage
post = LatestUpdatesPage.objects.live().get(slug="nato-allies-rally-behind-ukraine-in-brussels")
LatestUpdatesPage.objects.filter(pk=post.pk).update(
    coverage_started_at=timezone.now() - timezone.timedelta(hours=1), is_running_story=True)
print("POST", post.pk)
"""


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    return result.stdout


class Reader:
    """One SSE client on a raw socket: every event it receives, with the time it arrived."""

    def __init__(self, port: int, path: str, last_event_id: str | None = None) -> None:
        self.events: queue.Queue = queue.Queue()
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        headers = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        if last_event_id:
            headers += f"Last-Event-ID: {last_event_id}\r\n"
        self.sock.sendall((headers + "\r\n").encode())
        self.status = None
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.thread.start()

    def read(self) -> None:
        buffer = b""
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                buffer += chunk
                if self.status is None and b"\r\n\r\n" in buffer:
                    head, buffer = buffer.split(b"\r\n\r\n", 1)
                    self.status = int(head.split()[1])
                    if self.status != 200:
                        break  # not a stream: this attempt failed, as EventSource sees it
                # Chunked framing lines are not SSE fields; they are skipped below.
                while b"\n\n" in buffer:
                    block, buffer = buffer.split(b"\n\n", 1)
                    fields = {}
                    for line in block.decode().splitlines():
                        name, sep, value = line.partition(": ")
                        if sep and name in ("id", "event", "data"):
                            fields[name] = value
                        elif line.startswith(":"):
                            fields["comment"] = line
                    if fields:
                        self.events.put((time.time(), fields))
        except OSError:
            pass
        self.events.put((time.time(), None))

    def next_event(self, timeout: float = 10) -> tuple[float, dict]:
        deadline = time.monotonic() + timeout
        while True:
            arrived, fields = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            if fields is None or "id" in fields:
                return arrived, fields

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[dict]:
    """Demo database, gunicorn and Pushpin; the post under live coverage."""
    tmp = tmp_path_factory.mktemp("pushpin-stack")
    app_port = free_port()
    pushpin = Pushpin(rundir=tmp / "pushpin", app=f"127.0.0.1:{app_port}")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "PUSHPIN_PUBLISH_URL": pushpin.publish_url,
        "API_RATE_LIMIT_ANON_PER_MINUTE": "0",
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "bootstrap_newsroom", "--demo")
    post = int(manage(env, "shell", "-c", START_COVERAGE).split("POST")[1])
    app = subprocess.Popen(  # noqa: S603 - fixed command line
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "cms.wsgi:application",
            f"--bind=127.0.0.1:{app_port}",
            "--worker-class=gthread",
            "--threads=4",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        pushpin.start()
        deadline = time.monotonic() + 30
        while socket.socket().connect_ex(("127.0.0.1", app_port)) != 0:
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
        yield {"env": env, "post": post, "pushpin": pushpin}
    finally:
        pushpin.stop()
        app.terminate()
        app.wait(timeout=30)


def approve(stack: dict, headline: str) -> tuple[float, int]:
    out = manage(stack["env"], "shell", "-c", APPROVE.format(post=stack["post"], headline=headline))
    approving = float(out.split("APPROVING")[1].split()[0])
    return approving, int(out.split("UPDATE")[1].split()[0])


def stream_path(stack: dict) -> str:
    return f"/api/v3/news/posts/{stack['post']}/updates/stream/"


def test_an_approved_update_reaches_a_reader_within_a_second(stack):
    pushpin = stack["pushpin"]
    readers = [Reader(pushpin.http_port, stream_path(stack)) for _ in range(3)]
    time.sleep(1.5)  # past Pushpin's own check of the next link after subscribing
    approved_at, update_id = approve(stack, "Ceasefire talks resume")
    for reader in readers:
        arrived, fields = reader.next_event()
        assert reader.status == 200
        assert fields["event"] == "update.published"
        data = json.loads(fields["data"])
        assert data["update_id"] == update_id and data["cursor"] == fields["id"]
        assert arrived - approved_at < 1.0
        reader.close()


def test_resume_after_pushpin_restarts(stack):
    pushpin = stack["pushpin"]
    reader = Reader(pushpin.http_port, stream_path(stack))
    time.sleep(1.5)
    approve(stack, "Before the restart")
    _, seen = reader.next_event()
    # Pushpin goes away: the reader's connection ends, and an update approved
    # meanwhile cannot be pushed (the publish is logged, never failed).
    pushpin.stop()
    assert reader.next_event()[1] is None
    _, missed = approve(stack, "While Pushpin was down")
    pushpin.start()
    # A client retries a failed attempt with the same Last-Event-ID (news/static/news/
    # live-page.js does): just after a restart, with another Pushpin on the machine
    # (CI runs two suites at once), the first answers can be a 502 or 500.
    for _attempt in range(6):
        resumed = Reader(pushpin.http_port, stream_path(stack), last_event_id=seen["id"])
        try:
            _, first = resumed.next_event(timeout=15)
        except queue.Empty:
            first = None
        if first is not None:
            break
        resumed.close()
        time.sleep(1)
    assert json.loads(first["data"])["update_id"] == missed
    assert int(first["id"]) > int(seen["id"])
    time.sleep(1.5)
    _, after = approve(stack, "After the restart")
    _, live = resumed.next_event()
    assert json.loads(live["data"])["update_id"] == after
    # Nothing twice: the next thing is the heartbeat, not a repeat.
    with pytest.raises(queue.Empty):
        resumed.next_event(timeout=2)
    resumed.close()


def test_a_missed_push_is_recovered_through_the_next_link(stack):
    """An item whose prev-id the stream has not seen makes Pushpin fetch what it missed."""
    from news.live import grip

    pushpin = stack["pushpin"]
    reader = Reader(pushpin.http_port, stream_path(stack))
    time.sleep(1.5)
    # Approve with pushes switched off, as if the publish to Pushpin had been lost.
    env = {**stack["env"], "PUSHPIN_PUBLISH_URL": ""}
    _, lost = approve({**stack, "env": env}, "Lost push")
    _, pushed = approve(stack, "Pushed")
    received = [json.loads(reader.next_event()[1]["data"])["update_id"] for _ in range(2)]
    assert received == [lost, pushed]
    reader.close()
    assert grip.channel(stack["post"]) == f"live-post-{stack['post']}"


def test_a_story_that_is_not_public_is_404_through_pushpin(stack):
    reader = Reader(stack["pushpin"].http_port, "/api/v3/news/posts/999999/updates/stream/")
    reader.thread.join(timeout=10)
    assert reader.status == 404
