"""The three drills. Each returns its figures and a list of failed expectations."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

from bench.faults.apps import AppServer
from bench.faults.services import PrivatePostgres, PrivateRedis
from bench.faults.traffic import Client, Publish, Read, Readers, publish

STALE_LIMIT = 1.0  # seconds after a publish returned


@dataclass
class Result:
    name: str
    figures: dict[str, object] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def expect(self, condition: bool, message: str) -> None:
        if not condition:
            self.failures.append(message)


@dataclass
class Context:
    servers: list[AppServer]
    pg: PrivatePostgres
    redis: PrivateRedis
    tokens: dict[str, str]
    posts: list[dict]

    def api_targets(self) -> list[tuple[str, int, str, str | None]]:
        paths = ["/api/v2/pages/?type=news.LatestUpdatesPage", "/api/v3/news/posts/"]
        paths += [f"/api/v2/pages/{post['id']}/" for post in self.posts]
        return [(s.name, s.port, path, None) for s in self.servers for path in paths]


def _counts(reads: list[Read]) -> dict[str, object]:
    by_status: dict[int, int] = {}
    for read in reads:
        by_status[read.status] = by_status.get(read.status, 0) + 1
    return {
        "requests": len(reads),
        "5xx": sum(n for status, n in by_status.items() if status >= 500),
        "statuses": dict(sorted(by_status.items())),
    }


def _latency(reads: list[Read]) -> dict[str, float]:
    times = sorted(read.finished - read.started for read in reads) or [0.0]
    return {
        "p50_ms": round(statistics.median(times) * 1000, 1),
        "max_ms": round(times[-1] * 1000, 1),
    }


def _log_marks(servers: list[AppServer]) -> list[int]:
    return [len(server.log_text()) for server in servers]


def _logs_since(servers: list[AppServer], marks: list[int]) -> str:
    return "".join(server.log_text()[mark:] for server, mark in zip(servers, marks, strict=True))


def _latest_title(reads: list[Read], post_id: int, after: float) -> str | None:
    shown = [r for r in reads if r.started >= after and post_id in r.titles]
    return shown[-1].titles[post_id] if shown else None


def redis_outage(ctx: Context, outage: float = 10.0, settle: float = 8.0) -> Result:
    """Redis stops mid-load, with its data saved, a publish lands meanwhile, Redis comes back."""
    result = Result("Redis stopped mid-load")
    a, b = ctx.servers
    post = ctx.posts[0]
    marks = _log_marks(ctx.servers)
    with Readers(ctx.api_targets(), threads=3) as readers:
        time.sleep(4)
        before = readers.reads[:]
        down = time.monotonic()
        # SHUTDOWN SAVE: Redis comes back with the tokens and answers it had, so a
        # version bump lost in the outage would show as a stale answer afterwards.
        ctx.redis.stop(save=True)
        time.sleep(outage / 3)
        during_publish = publish(
            Client(a.port), a.name, post["id"], "Published while Redis was down", ctx.tokens
        )
        time.sleep(max(0.0, down + outage - time.monotonic()))
        ctx.redis.start()
        up = time.monotonic()
        hits_at_start = int(ctx.redis.info().get("keyspace_hits", 0))
        first_hit = None
        while time.monotonic() < up + settle:
            hits = int(ctx.redis.info().get("keyspace_hits", 0))
            if first_hit is None and hits > hits_at_start:
                first_hit = time.monotonic() - up
            time.sleep(0.2)
        stored = ctx.redis.count("cms:*delivery:r:*")
        hits_after = int(ctx.redis.info().get("keyspace_hits", 0)) - hits_at_start
    reads = readers.reads
    during = [r for r in reads if down <= r.started < up]
    after = [r for r in reads if r.started >= up]
    logs = _logs_since(ctx.servers, marks)
    stale_after = [
        r for r in after if post["id"] in r.titles and r.titles[post["id"]] != during_publish.marker
    ]
    result.figures = {
        **_counts(reads),
        "outage_s": round(up - down, 1),
        "requests_during_outage": len(during),
        "latency_before": _latency(before),
        "latency_during_outage": _latency(during),
        "publish_during_outage": "ok" if during_publish.ok else str(during_publish.statuses),
        "first_cache_hit_after_return_s": None if first_hit is None else round(first_hit, 2),
        "cache_hits_after_return": hits_after,
        "responses_stored_after_return": stored,
        "stale_reads_after_return": len(stale_after),
        "warning_logged": "Cache unreachable" in logs,
        "invalidated_on_return": "invalidated" in logs,
    }
    result.expect(result.figures["5xx"] == 0, "5xx answers while Redis was down")
    result.expect(0 not in result.figures["statuses"], "requests without an HTTP answer")
    result.expect(len(during) > 0, "no requests were made during the outage")
    result.expect(during_publish.ok, f"publish during the outage failed: {during_publish.statuses}")
    result.expect("Cache unreachable" in logs, "no warning in the server logs")
    result.expect(first_hit is not None and hits_after > 0, "the cache was not used again")
    result.expect(stored > 0, "no API responses were cached again after Redis returned")
    result.expect(not stale_after, f"{len(stale_after)} stale answers after Redis returned")
    result.expect("Traceback" not in logs, "a traceback in the server logs")
    return result


def postgres_restart(ctx: Context, down_for: float = 5.0, settle: float = 10.0) -> Result:
    """PostgreSQL stops mid-load and starts again; the app servers are left alone."""
    result = Result("PostgreSQL restarted mid-load")
    post = ctx.posts[0]
    # Answers that need the database on every request: HTML pages and token holders'
    # API reads (never shared through the cache); cached API reads run beside them.
    uncached = [
        (s.name, s.port, path, token)
        for s in ctx.servers
        for path, token in (
            (post["url"], None),
            ("/api/v3/news/posts/", ctx.tokens["admin"]),
        )
    ]
    pids = [server.worker_pids() for server in ctx.servers]
    marks = _log_marks(ctx.servers)
    with Readers(uncached + ctx.api_targets(), threads=4) as readers:
        time.sleep(3)
        down = time.monotonic()
        ctx.pg.stop()
        stopped = time.monotonic()
        time.sleep(down_for)
        ctx.pg.start()
        up = time.monotonic()
        time.sleep(settle)
    reads = readers.reads
    logs = _logs_since(ctx.servers, marks)
    bad = [r for r in reads if r.status not in (200, 503)]
    bad_503 = [r for r in reads if r.status == 503 and "problem+json" not in r.content_type]
    recovery = {}
    for server in ctx.servers:
        first_ok = [
            r.started - up
            for r in reads
            if r.server == server.name
            and r.started >= up
            and r.status == 200
            and any(r.path == path for _, _, path, _ in uncached)
        ]
        last_503 = [r.started - up for r in reads if r.server == server.name and r.status == 503]
        recovery[server.name] = {
            "first_uncached_200_after_start_s": round(min(first_ok), 2) if first_ok else None,
            "last_503_after_start_s": round(max(last_503), 2) if last_503 else None,
        }
    result.figures = {
        **_counts(reads),
        "database_down_s": round(up - down, 1),
        "stop_took_s": round(stopped - down, 1),
        "503_problem_json": sum(1 for r in reads if r.status == 503) - len(bad_503),
        "tracebacks_in_bodies": sum(1 for r in reads if r.traceback),
        "recovery": recovery,
        "workers_unchanged": pids == [server.worker_pids() for server in ctx.servers],
        "warning_logged": "Database unavailable" in logs,
    }
    result.expect(not bad, f"answers other than 200 or 503: {_counts(bad)['statuses']}")
    result.expect(not bad_503, f"{len(bad_503)} 503s that were not problem+json")
    result.expect(result.figures["503_problem_json"] > 0, "the outage was never seen (no 503)")
    result.expect(result.figures["tracebacks_in_bodies"] == 0, "a traceback in a response")
    result.expect("Traceback" not in logs, "a traceback in the server logs")
    for name, figures in recovery.items():
        first = figures["first_uncached_200_after_start_s"]
        last = figures["last_503_after_start_s"]
        result.expect(first is not None and first < 5, f"server {name} did not recover within 5 s")
        result.expect(last is None or last < 5, f"server {name} still answered 503 after 5 s")
    result.expect(result.figures["workers_unchanged"], "gunicorn workers were restarted")
    return result


def _staleness(reads: list[Read], publishes: list[Publish]) -> tuple[float, int, int]:
    """Worst lag behind a returned publish, reads over STALE_LIMIT, and reads checked."""
    worst, over, checked = 0.0, 0, 0
    by_post: dict[int, list[Publish]] = {}
    for p in sorted(publishes, key=lambda p: p.returned):
        if p.ok:
            by_post.setdefault(p.post_id, []).append(p)
    for read in reads:
        for post_id, title in read.titles.items():
            history = by_post.get(post_id, [])
            done = [p for p in history if p.returned <= read.started]
            if not done:
                continue
            checked += 1
            seen = next((i for i, p in enumerate(history) if p.marker == title), -1)
            if seen >= len(done) - 1:
                continue  # the latest returned publish, or one still in flight
            # The first publish the reader missed returned this long before it asked.
            lag = read.started - history[seen + 1].returned
            worst = max(worst, lag)
            over += lag > STALE_LIMIT
    return worst, over, checked


def two_servers(ctx: Context, seconds: float) -> Result:
    """Editors publish through both servers while readers load both."""
    result = Result("Two app servers, editors publishing through both")
    a, b = ctx.servers
    publishes: list[Publish] = []
    marks = _log_marks(ctx.servers)

    def editor(index: int, post: dict, deadline: float) -> None:
        clients = {s.name: Client(s.port) for s in ctx.servers}
        n = 0
        while time.monotonic() < deadline:
            server = ctx.servers[(index + n) % 2]
            marker = f"Marker {index}-{n} via {server.name}"
            publishes.append(
                publish(clients[server.name], server.name, post["id"], marker, ctx.tokens)
            )
            n += 1
            time.sleep(0.5)

    import threading

    with Readers(ctx.api_targets(), threads=4) as readers:
        deadline = time.monotonic() + seconds
        editors = [
            threading.Thread(target=editor, args=(i, post, deadline))
            for i, post in enumerate(ctx.posts)
        ]
        for thread in editors:
            thread.start()
        for thread in editors:
            thread.join()
        time.sleep(1.5)
    reads = readers.reads
    worst, over, checked = _staleness(reads, publishes)
    # How soon the other server showed each publish, by detail reads.
    other_lags = []
    for p in publishes:
        other = b.name if p.server == a.name else a.name
        seen = [
            r.started - p.returned
            for r in reads
            if r.server == other and r.titles.get(p.post_id) == p.marker and r.started >= p.returned
        ]
        if seen:
            other_lags.append(min(seen))
    logs = _logs_since(ctx.servers, marks)
    failed = [p.statuses for p in publishes if not p.ok]
    result.figures = {
        **_counts(reads),
        "seconds": round(seconds),
        "publishes": len(publishes),
        "failed_publishes": len(failed),
        "publish_5xx": sum(1 for statuses in failed for s in statuses if s >= 500),
        "reads_checked_for_staleness": checked,
        "max_staleness_s": round(worst, 3),
        "stale_reads_over_1s": over,
        "first_read_on_other_server_after_publish_s": {
            "median": round(statistics.median(other_lags), 3) if other_lags else None,
            "max": round(max(other_lags), 3) if other_lags else None,
        },
        "latency": _latency(reads),
    }
    result.expect(result.figures["5xx"] == 0, "5xx answers to readers")
    result.expect(0 not in result.figures["statuses"], "requests without an HTTP answer")
    result.expect(not failed, f"{len(failed)} publishes failed: {failed[:3]}")
    result.expect(len(publishes) >= 4, "fewer than 4 publishes")
    result.expect(over == 0, f"{over} reads older than {STALE_LIMIT} s after a publish")
    result.expect("Traceback" not in logs, "a traceback in the server logs")
    return result
