"""The rate-limit drill: an anonymous flood at ten times the limit beside a token client.

A third gunicorn server (R) on the same private PostgreSQL and Redis, with the
anonymous limit set low (FAULTS_RATELIMIT_ANON_PER_MINUTE, default 60; servers
A and B run without limits). A token client, as a partner site, reads a mix of
details and listings alone, then while anonymous clients from the same address
send FAULTS_RATELIMIT_FLOOD times the limit. The flood must get 429s (problem+json,
after some 200s up to the limit), nobody a 5xx, and the token client's p95 during
the flood must stay within twice its p95 alone.
"""

from __future__ import annotations

import http.client
import os
import threading
import time
from dataclasses import dataclass

from bench.faults.apps import AppServer
from bench.faults.scenarios import Context, Result, _counts
from bench.faults.services import HOST
from bench.faults.traffic import Client, Read, Readers

ALONE_SECONDS = 15.0
FLOOD_SECONDS = 20.0
P95_FACTOR = 2.0


@dataclass(frozen=True)
class Hit:
    started: float
    finished: float
    status: int
    content_type: str


def p95_ms(durations: list[float]) -> float:
    ordered = sorted(durations) or [0.0]
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000, 1)


def flood(port: int, paths: list[str], per_second: float, seconds: float, threads: int = 4):
    """Anonymous GETs at a fixed total rate, on schedule however slow the answers."""
    hits: list[Hit] = []
    lock = threading.Lock()
    start = time.monotonic()
    interval = threads / per_second

    def run(n: int) -> None:
        client = Client(port)
        due = start + n * interval / threads
        i = n
        while due < start + seconds:
            time.sleep(max(0.0, due - time.monotonic()))
            began = time.monotonic()
            status, content_type, _ = client.request("GET", paths[i % len(paths)])
            with lock:
                hits.append(Hit(began, time.monotonic(), status, content_type))
            due += interval
            i += threads

    workers = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return hits


def limit_headers(port: int, path: str) -> dict[str, str | None]:
    """One more anonymous GET once over the limit: what a well-behaved client is told."""
    connection = http.client.HTTPConnection(HOST, port, timeout=15)
    try:
        connection.request("GET", path, headers={"Accept": "application/json"})
        response = connection.getresponse()
        response.read()
        names = ("Retry-After", "RateLimit-Limit", "RateLimit-Remaining")
        return {"status": str(response.status)} | {n: response.getheader(n) for n in names}
    finally:
        connection.close()


def rate_limit_flood(ctx: Context) -> Result:
    limit = int(os.environ.get("FAULTS_RATELIMIT_ANON_PER_MINUTE", "60"))
    factor = float(os.environ.get("FAULTS_RATELIMIT_FLOOD", "10"))
    result = Result(f"Anonymous flood at {factor:g}x the rate limit beside a token client")
    a = ctx.servers[0]
    server = AppServer(
        "R",
        {**a.env, "API_RATE_LIMIT_ANON_PER_MINUTE": str(limit)},
        a.log_path.with_name("server-R.log"),
    )
    server.start()
    try:
        token = ctx.tokens["writer"]
        mix = [f"/api/v2/pages/{post['id']}/" for post in ctx.posts]
        mix += [f"/api/v3/pages/{post['id']}/" for post in ctx.posts]
        mix += ["/api/v2/pages/?type=news.LatestUpdatesPage", "/api/v3/news/posts/"]
        targets = [(server.name, server.port, path, token) for path in mix]
        with Readers(targets, threads=1, pause=0.02):
            time.sleep(2)  # each worker's first answers are cold
        with Readers(targets, threads=1, pause=0.02) as alone:
            time.sleep(ALONE_SECONDS)
        with Readers(targets, threads=1, pause=0.02) as beside:
            hits = flood(server.port, mix, limit * factor / 60, FLOOD_SECONDS)
        # Normally the first; more if a new window began at the end of the flood.
        for _ in range(limit + 5):
            told = limit_headers(server.port, mix[0])
            if told["status"] != "200":
                break
        log = server.log_text()
    finally:
        server.stop()
    p95_alone = p95_ms([r.finished - r.started for r in alone.reads])
    p95_flood = p95_ms([r.finished - r.started for r in beside.reads])
    ratio = round(p95_flood / p95_alone, 2) if p95_alone else None
    flood_statuses = _counts(
        [Read("R", "", h.started, h.finished, h.status, h.content_type, False, {}) for h in hits]
    )
    ok = sum(1 for h in hits if h.status == 200)
    limited = [h for h in hits if h.status == 429]
    token_bad = [r.status for r in alone.reads + beside.reads if r.status != 200]
    result.figures = {
        "anonymous_limit_per_minute": limit,
        "flood_requests_per_minute": round(len(hits) / FLOOD_SECONDS * 60),
        "flood_s": FLOOD_SECONDS,
        "flood": flood_statuses,
        "flood_429_problem_json": sum(1 for h in limited if "problem+json" in h.content_type),
        "token_requests_alone": len(alone.reads),
        "token_requests_during_flood": len(beside.reads),
        "token_p95_alone_ms": p95_alone,
        "token_p95_during_flood_ms": p95_flood,
        "token_p95_ratio": ratio,
        "token_non_200": len(token_bad),
        "next_anonymous_answer": told,
    }
    result.expect(limited, "the flood got no 429")
    result.expect(
        all("problem+json" in h.content_type for h in limited), "429s that were not problem+json"
    )
    result.expect(
        told["status"] == "429" and bool(told["Retry-After"]), f"no 429 with Retry-After: {told}"
    )
    # A fixed one-minute window: the flood spans at most two, so at most twice the limit.
    result.expect(0 < ok <= 2 * limit, f"{ok} flood requests answered 200 (limit {limit}/min)")
    result.expect(flood_statuses["5xx"] == 0, "5xx answers to the flood")
    result.expect(0 not in flood_statuses["statuses"], "flood requests without an HTTP answer")
    result.expect(not token_bad, f"token client answered {sorted(set(token_bad))}")
    result.expect(
        ratio is not None and ratio <= P95_FACTOR,
        f"token p95 {p95_flood} ms during the flood, over {P95_FACTOR}x {p95_alone} ms alone",
    )
    result.expect("Traceback" not in log, "a traceback in server R's log")
    return result
