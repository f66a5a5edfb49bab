"""`python -m bench` (what `make bench` runs after building the dataset).

First the headline: the production form, the embedded default and Varnish in
front, each against a static file of the same bytes from the same server, in
one side-by-side run (bench/limit/). Then the older figures against a bare
Django view: SQL queries counted in-process, one app server on the bench
settings, the load client in a separate process.

The report is printed and written into docs/performance.md only if every
answer was one a working CMS gives: a non-2xx/3xx answer, a failed request,
or a failed check of bytes, compression or status refuses the run, which
exits non-zero and writes nothing. A missed target is reported, not an error.
"""

from __future__ import annotations

import sys

from bench import dataset


def _software() -> tuple[str, ...]:
    import redis

    from bench.limit import varnish, wrk
    from cms.settings import env

    url = env.get_str("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
    server = redis.Redis.from_url(url).info("server")["redis_version"]
    return (f"Redis {server}", varnish.version(), wrk.version())


def main() -> int:
    dataset.configure()
    from bench import paths, queries, report, reporting, scenarios, server, targets
    from bench.limit import report as limit_report
    from bench.limit import run as limit_run
    from bench.limit import targets as limit_targets
    from bench.load import run_in_process

    info = dataset.load_info()
    try:
        limit = limit_run.measure()
    except limit_run.Refused as refused:
        return reporting.refuse(refused.reasons)
    if limit.problems:
        return reporting.refuse(limit.problems)
    limit_checks = limit_targets.evaluate(limit.figures, limit.ratios, limit.costs, limit.fresh)

    # The bare view serves these bytes: take them from the post as it is now.
    paths.DETAIL_BYTES.write_bytes(dataset.detail_bytes(info["post_id"]))
    print("Counting SQL queries per request…", file=sys.stderr)
    counts = queries.measure(info["post_id"])
    load = scenarios.LoadSettings.from_env()
    with server.running(threads=load.threads) as app:
        plan = scenarios.plan(info["post_id"], app.host, app.port, load)
        print(f"Load against {app.describe()} on port {app.port}…", file=sys.stderr)
        results = run_in_process(plan)
    checks = targets.evaluate(results, counts)
    markdown = report.render(
        results=results,
        plan=plan,
        queries=counts,
        checks=checks,
        server=app.describe(),
        dataset=info,
        limit=limit_report.render(limit, limit_checks, _versions()),
        software=_software(),
    )
    failed = [name for name, r in results.items() if r.get("errors")] + [
        name for name, r in results[scenarios.AFTER_PUBLISH].items() if r["errors"]
    ]
    return reporting.publish(markdown, failed, report.write)


def _versions() -> dict[str, str]:
    from bench.limit import varnish, wrk

    return {"varnish": varnish.version(), "wrk": wrk.version()}


if __name__ == "__main__":
    sys.exit(main())
