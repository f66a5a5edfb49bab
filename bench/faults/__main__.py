"""`python -m bench.faults`: set up, run the drills, write docs/reliability.md, tear down.

FAULTS_MULTI_SECONDS sets how long editors and readers share the two servers
(default 120); FAULTS_ONLY=redis,postgres,multi,ratelimit runs a subset (e.g.
FAULTS_ONLY=ratelimit for the rate-limit flood alone, bench/faults/ratelimit.py). Exits 1 if any
expectation failed, with the server logs kept for reading.
"""

from __future__ import annotations

import os
import shutil
import sys
import time

from bench.faults import apps, ratelimit, report, scenarios
from bench.faults.services import PrivatePostgres, PrivateRedis, workspace


def main() -> int:
    started = time.monotonic()
    multi_seconds = float(os.environ.get("FAULTS_MULTI_SECONDS", "120"))
    only = set(
        filter(None, os.environ.get("FAULTS_ONLY", "redis,postgres,multi,ratelimit").split(","))
    )
    root = workspace()
    pg, redis = PrivatePostgres(root), PrivateRedis(root)
    servers: list[apps.AppServer] = []
    results: list[scenarios.Result] = []
    try:
        pg.create()
        redis.start()
        env = apps.environment(root, pg, redis)
        print(f"faults: private PostgreSQL :{pg.port}, Redis :{redis.port} in {root}", flush=True)
        data = apps.prepare(env)
        servers = [apps.AppServer(name, env, root / f"server-{name}.log") for name in "AB"]
        for server in servers:
            server.start()
        print(
            f"faults: servers A :{servers[0].port}, B :{servers[1].port} ready "
            f"after {time.monotonic() - started:.0f} s",
            flush=True,
        )
        ctx = scenarios.Context(servers, pg, redis, data["tokens"], data["posts"])
        drills = [
            ("redis", lambda: scenarios.redis_outage(ctx)),
            ("postgres", lambda: scenarios.postgres_restart(ctx)),
            ("multi", lambda: scenarios.two_servers(ctx, multi_seconds)),
            ("ratelimit", lambda: ratelimit.rate_limit_flood(ctx)),
        ]
        for key, drill in drills:
            if key not in only:
                continue
            t = time.monotonic()
            result = drill()
            results.append(result)
            verdict = "ok" if not result.failures else "FAILED " + "; ".join(result.failures)
            print(f"faults: {result.name} ({time.monotonic() - t:.0f} s): {verdict}", flush=True)
            print(f"        {result.figures}", flush=True)
    finally:
        for server in servers:
            server.stop()
        redis.destroy()
        pg.destroy()
    total = time.monotonic() - started
    report.write(
        results,
        total,
        {
            "FAULTS_MULTI_SECONDS": multi_seconds,
            "servers": "2 x gunicorn, 2 gthread workers x 4 threads",
            "rate-limit drill": "a third server, anonymous limit "
            f"{os.environ.get('FAULTS_RATELIMIT_ANON_PER_MINUTE', '60')}/min",
        },
    )
    failed = any(result.failures for result in results)
    if failed:
        print(f"faults: server logs kept in {root}", file=sys.stderr)
    else:
        shutil.rmtree(root, ignore_errors=True)
    print(f"faults: {'FAILED' if failed else 'passed'} in {total:.0f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
