"""Publish → fresh at Varnish: how long after a publish Varnish serves it, and
whether anything stale comes back once it has.

Each publish goes through the v3 write API as a newsroom tool sends it: the
demo writer saves a draft with a new marker in the standfirst (`PATCH`), and
the demo editor publishes it (`POST …/actions/publish/`; an editor may not
publish what they wrote themselves). Both go straight to the app server. The
bench then asks Varnish for the v2 detail every few milliseconds until the
marker shows; the purge that makes this possible is the app's own, sent after
the publish commits. Once fresh, it reads the v2 and v3 details through
Varnish a few more times, counting any answer without the marker as stale.
"""

from __future__ import annotations

import http.client
import json
import statistics
import time
import uuid
from dataclasses import dataclass
from typing import Any

from bench.dataset import ACCEPT, HOST

__all__ = ["FreshnessRun", "Publisher", "summarise"]

MARKER_PREFIX = " [bench revision "


class PublishError(RuntimeError):
    """A write or a read answered something other than what a working CMS answers."""


@dataclass(frozen=True)
class Freshness:
    """One publish; seconds measured from the publish's answer (None: never fresh)."""

    publish_s: float
    fresh_s: float | None
    stale_after: int
    reads_after: int


@dataclass(frozen=True)
class FreshnessRun:
    publishes: list[Freshness]
    timeout_s: float

    @property
    def fresh(self) -> list[float]:
        return [p.fresh_s for p in self.publishes if p.fresh_s is not None]


def summarise(run: FreshnessRun) -> dict[str, Any]:
    """p50 and max of publish → fresh, never-fresh count and stale answers after fresh."""
    fresh = run.fresh
    return {
        "publishes": len(run.publishes),
        "never_fresh": len(run.publishes) - len(fresh),
        "p50_s": statistics.median(fresh) if fresh else None,
        "max_s": max(fresh) if fresh else None,
        "publish_p50_s": statistics.median(p.publish_s for p in run.publishes),
        "stale_after": sum(p.stale_after for p in run.publishes),
        "reads_after": sum(p.reads_after for p in run.publishes),
        "timeout_s": run.timeout_s,
    }


def _send(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes | None = None
) -> tuple[int, bytes]:
    # A new connection per request: an idle kept-alive one may have been closed meanwhile.
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Host": HOST, **headers})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class Publisher:
    def __init__(self, app_port: int, varnish_port: int, post_id: int, tokens: dict[str, str]):
        self.app_port = app_port
        self.varnish_port = varnish_port
        self.post_id = post_id
        self.tokens = tokens
        self.detail = f"/api/v2/pages/{post_id}/"
        self.details = (self.detail, f"/api/v3/pages/{post_id}/")

    def _write(self, role: str, method: str, path: str, payload: dict[str, Any]) -> bytes:
        headers = {
            "Authorization": f"Bearer {self.tokens[role]}",
            "Content-Type": "application/json",
            "Accept": ACCEPT,
        }
        status, body = _send(self.app_port, method, path, headers, json.dumps(payload).encode())
        if status != 200:
            raise PublishError(f"{method} {path} as the {role} answered {status}: {body[:300]!r}")
        return body

    def _read(self, path: str) -> bytes:
        status, body = _send(self.varnish_port, "GET", path, {"Accept": ACCEPT})
        if status != 200:
            raise PublishError(f"GET {path} through Varnish answered {status}")
        return body

    def standfirst(self) -> str:
        current = json.loads(self._read(self.detail))["standfirst"]
        return current.split(MARKER_PREFIX)[0]

    def once(self, standfirst: str, timeout_s: float, poll_s: float, reads_after: int) -> Freshness:
        marker = f"{MARKER_PREFIX}{uuid.uuid4().hex[:12]}]"
        self._write(
            "writer",
            "PATCH",
            f"/api/v3/pages/{self.post_id}/",
            {"meta": {"type": "news.LatestUpdatesPage"}, "standfirst": standfirst + marker},
        )
        wanted = marker.strip().encode()
        began = time.perf_counter()
        self._write("editor", "POST", f"/api/v3/pages/{self.post_id}/actions/publish/", {})
        answered = time.perf_counter()
        fresh_s = None
        while time.perf_counter() - answered < timeout_s:
            body = self._read(self.detail)
            if wanted in body:
                fresh_s = time.perf_counter() - answered
                break
            time.sleep(poll_s)
        stale = 0
        if fresh_s is not None:
            for _ in range(reads_after):
                for path in self.details:
                    stale += wanted not in self._read(path)
                time.sleep(poll_s)
        return Freshness(
            publish_s=answered - began,
            fresh_s=fresh_s,
            stale_after=stale,
            reads_after=reads_after * len(self.details) if fresh_s is not None else 0,
        )

    def measure(
        self, repeats: int, timeout_s: float, poll_s: float, reads_after: int
    ) -> FreshnessRun:
        standfirst = self.standfirst()
        runs = [self.once(standfirst, timeout_s, poll_s, reads_after) for _ in range(repeats)]
        return FreshnessRun(runs, timeout_s)
