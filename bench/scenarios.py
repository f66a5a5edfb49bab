"""What the load client measures, and how much of it (env BENCH_*).

Counts, never durations: every scenario sends a fixed number of requests.
Scenarios that build their answer on every request (stock v2, our views
without the cache) are some forty times slower, so they send fewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bench.dataset import HOST
from cms.settings import env

BARE = "bare view"
STOCK = "stock v2 detail"
CACHED_V2 = "our v2 detail, cached"
CACHED_V3 = "our v3 detail, cached"
REVALIDATED = "our v2 detail, 304"
AFTER_PUBLISH = "first detail after publish"
# Keys of the after-publish scenario's paths.
COLD_V2 = "our v2 detail"
COLD_V3 = "our v3 detail"
COLD_STOCK = "stock v2 detail"

POSTS = "/pages/?type=news.LatestUpdatesPage&limit={}"
LISTING_SIZES = (1, 20)


def listing_name(size: int, cached: bool) -> str:
    return f"our v2 listing, limit={size}, " + ("cached" if cached else "built every time")


@dataclass(frozen=True)
class LoadSettings:
    requests: int
    slow_requests: int
    concurrency: int
    rounds: int
    publishes: int
    threads: int

    @classmethod
    def from_env(cls) -> LoadSettings:
        return cls(
            requests=env.get_int("BENCH_REQUESTS", 2000),
            slow_requests=env.get_int("BENCH_SLOW_REQUESTS", 200),
            concurrency=env.get_int("BENCH_CONCURRENCY", 8),
            rounds=env.get_int("BENCH_ROUNDS", 10),
            publishes=env.get_int("BENCH_PUBLISHES", 30),
            threads=env.get_int("BENCH_SERVER_THREADS", 4),
        )


def plan(post_id: int, host: str, port: int, load: LoadSettings) -> dict[str, Any]:
    """The JSON plan bench.load runs."""
    detail = f"/api/v2/pages/{post_id}/"
    stock = f"/bench/stock-v2/pages/{post_id}/"

    def fast(name: str, path: str, **extra: Any) -> dict[str, Any]:
        return {"name": name, "path": path, "requests": load.requests, "warmup": 200, **extra}

    def slow(name: str, path: str) -> dict[str, Any]:
        return {"name": name, "path": path, "requests": load.slow_requests, "warmup": 20}

    scenarios = [
        fast(BARE, "/bench/bare/"),
        fast(CACHED_V2, detail),
        fast(CACHED_V3, f"/api/v3/pages/{post_id}/"),
        fast(REVALIDATED, detail, revalidate=True, expect_status=304),
        *(fast(listing_name(n, True), "/api/v2" + POSTS.format(n)) for n in LISTING_SIZES),
        slow(STOCK, stock),
        *(
            slow(listing_name(n, False), "/bench/uncached-v2" + POSTS.format(n))
            for n in LISTING_SIZES
        ),
        {
            "name": AFTER_PUBLISH,
            "publish_path": f"/bench/publish/{post_id}/",
            "repeats": load.publishes,
            # In this order after each publish: ours first, as the first reader would be.
            "paths": {
                COLD_V2: detail,
                COLD_V3: f"/api/v3/pages/{post_id}/",
                COLD_STOCK: stock,
            },
        },
    ]
    return {
        "host": host,
        "port": port,
        "host_header": HOST,
        "concurrency": load.concurrency,
        "rounds": load.rounds,
        "scenarios": scenarios,
    }
