"""Readers and editors over HTTP, recording every answer for the scenarios to judge."""

from __future__ import annotations

import http.client
import itertools
import json
import threading
import time
from dataclasses import dataclass

from bench.faults.services import HOST

TIMEOUT = 15.0


@dataclass(frozen=True)
class Read:
    server: str
    path: str
    started: float  # time.monotonic()
    finished: float
    status: int  # 0: no HTTP answer at all (refused, reset, timed out)
    content_type: str
    traceback: bool
    titles: dict[int, str]  # post id -> title, as this answer showed it


def titles_in(path: str, body: bytes) -> dict[int, str]:
    """The post titles an API answer shows: a detail, a v2 listing or the v3 posts list."""
    try:
        data = json.loads(body)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    if "items" in data:
        return {item["id"]: item.get("title", "") for item in data["items"] if "id" in item}
    if "id" in data and "title" in data:
        return {data["id"]: data["title"]}
    return {}


class Client:
    """One keep-alive connection to one server, reopened after any failure."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: object = None, token: str | None = None):
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if body is not None:
            headers["Content-Type"] = "application/json"
        # As HTTP clients do (urllib3, browsers): a GET that failed on a kept-alive
        # connection the server had just closed as idle is sent again, once, on a new one.
        reused = self.connection is not None
        if self.connection is None:
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
        try:
            self.connection.request(
                method, path, json.dumps(body) if body is not None else None, headers
            )
            response = self.connection.getresponse()
            return response.status, response.getheader("Content-Type", ""), response.read()
        except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
            self.connection.close()
            self.connection = None
            if reused and method == "GET":
                return self.request(method, path, body, token)
            return 0, "", b""
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = None
            return 0, "", b""


class Readers:
    """Threads polling (server name, port, path, token) targets in turn until stopped."""

    def __init__(
        self, targets: list[tuple[str, int, str, str | None]], threads: int, pause: float = 0.01
    ) -> None:
        self.targets = targets
        self.pause = pause
        self.reads: list[Read] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self.run, args=(n, threads), daemon=True)
            for n in range(threads)
        ]

    def run(self, n: int, count: int) -> None:
        clients: dict[int, Client] = {}
        mine = self.targets[n::count] if len(self.targets) >= count else self.targets
        for server, port, path, token in itertools.cycle(mine):
            if self.stopping.is_set():
                return
            client = clients.setdefault(port, Client(port))
            started = time.monotonic()
            status, content_type, body = client.request("GET", path, token=token)
            read = Read(
                server,
                path,
                started,
                time.monotonic(),
                status,
                content_type,
                b"Traceback" in body or b"Internal Server Error" in body,
                titles_in(path, body) if status == 200 else {},
            )
            with self.lock:
                self.reads.append(read)
            time.sleep(self.pause)

    def __enter__(self) -> Readers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=TIMEOUT + 5)


@dataclass(frozen=True)
class Publish:
    post_id: int
    marker: str
    server: str
    started: float
    returned: float
    ok: bool
    statuses: tuple[int, ...]


def publish(client: Client, server: str, post_id: int, marker: str, tokens: dict) -> Publish:
    """As a newsroom tool would: the writer saves and submits, an editor approves.

    Each step on a new connection: a kept-alive one may have been closed by the
    server while idle, and these requests are not safe to resend.
    """
    started = time.monotonic()
    steps = [
        Client(client.port).request(
            "PATCH", f"/api/v3/pages/{post_id}/", {"title": marker}, tokens["writer"]
        ),
        Client(client.port).request(
            "POST", f"/api/v3/editorial/pages/{post_id}/submit/", {}, tokens["writer"]
        ),
        Client(client.port).request(
            "POST", f"/api/v3/editorial/pages/{post_id}/approve/", {}, tokens["editor"]
        ),
    ]
    statuses = tuple(status for status, _, _ in steps)
    return Publish(
        post_id,
        marker,
        server,
        started,
        time.monotonic(),
        all(s == 200 for s in statuses),
        statuses,
    )
