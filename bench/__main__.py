"""`python -m bench` (what `make bench` runs after building the dataset).

Counts SQL queries in-process, starts one app server, drives the load client
in a separate process against it, then prints the report and writes it into
docs/performance.md. Exits non-zero, writing nothing, if any request failed:
figures from a broken run are not reported. A missed target is reported,
not an error.
"""

from __future__ import annotations

import sys

from bench import dataset


def main() -> int:
    dataset.configure()
    from bench import paths, queries, report, reporting, scenarios, server, targets
    from bench.load import run_in_process

    info = dataset.load_info()
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
    )
    failed = [name for name, r in results.items() if r.get("errors")] + [
        name for name, r in results[scenarios.AFTER_PUBLISH].items() if r["errors"]
    ]
    return reporting.publish(markdown, failed, report.write)


if __name__ == "__main__":
    sys.exit(main())
