"""The Markdown report of `make bench-scale`, printed and written into docs/performance.md.

Only the part between the bench-scale markers is replaced; every figure
comes from the run being reported (generation times from the run that made
the database, which is reused while it holds the right number of posts).
"""

from __future__ import annotations

import datetime
import os
from typing import Any

import psycopg

from bench import paths, reporting
from bench.scale.plan import HELD_TO_RATIO, LISTING_SIZE
from bench.scale.queries import SIZES

BEGIN = "<!-- bench-scale:begin (written by `make bench-scale`; edits inside are overwritten) -->"
END = "<!-- bench-scale:end -->"
RATIO = 1.5
# Our own bar for "usable": an editor waits at most this long for a 300-block post.
ADMIN_EDIT_P95_MS = 2000


def machine() -> str:
    server = os.environ.get("BENCH_SCALE_PG", "postgres://postgres@127.0.0.1:5432/")
    with psycopg.connect(server + "postgres") as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    return reporting.machine(
        reporting.installed("django", "Django"),
        reporting.installed("wagtail", "Wagtail"),
        reporting.installed("gunicorn"),
        f"PostgreSQL {postgres}",
        reporting.installed("redis", "redis-py"),
    )


def _check(passed: bool) -> str:
    return "PASS" if passed else "**MISS**"


def _latency_rows(results: dict[str, Any], plan: dict[str, Any], small: str, big: str):
    rows = [
        f"| scenario | path | p50 ms {small} | p95 ms {small} | p50 ms {big} | p95 ms {big} "
        "| p95 ratio | target | result |",
        "|---|---|--:|--:|--:|--:|--:|---|---|",
    ]
    checks = []
    for scenario in (s for s in plan["scenarios"] if s["database"] == small):
        name = scenario["name"]
        a, b = results[f"{name} @ {small}"], results[f"{name} @ {big}"]
        ratio = b["p95_ms"] / a["p95_ms"]
        if name in HELD_TO_RATIO:
            target, passed = f"≤ {RATIO}×", ratio <= RATIO
        elif name.startswith("admin edit"):
            target, passed = f"p95 ≤ {ADMIN_EDIT_P95_MS} ms", b["p95_ms"] <= ADMIN_EDIT_P95_MS
        else:
            target, passed = "reported", None
        result = "" if passed is None else _check(passed)
        if passed is not None:
            checks.append((f"{name}: {target}", passed))
        rows.append(
            f"| {name} | `{scenario['path']}` | {a['p50_ms']:.1f} | {a['p95_ms']:.1f} | "
            f"{b['p50_ms']:.1f} | {b['p95_ms']:.1f} | {ratio:.2f}× | {target} | {result} |"
        )
    return rows, checks


def _query_rows(prepared: dict[str, Any], small: str, big: str):
    rows = [f"| request | {small} | {big} |", "|---|--:|--:|"]
    a, b = prepared[small]["queries"], prepared[big]["queries"]
    for label in a:
        rows.append(f"| {label} | {a[label]} | {b[label]} |")
    # Constant: the same count at both sizes and whatever the page size or body length.
    groups: dict[str, set[int]] = {}
    for label in a:
        group = label.rsplit(", ", 1)[0] if label.split(", ")[-1].startswith("limit") else label
        for blocks in (", 10 blocks", ", 300 blocks"):
            group = group.replace(blocks, "")
        groups.setdefault(group, set()).update({a[label], b[label]})
    checks = [
        (f"SQL queries constant: {group}", len(found) == 1) for group, found in groups.items()
    ]
    return rows, checks


def render(
    *,
    results: dict[str, Any],
    plan: dict[str, Any],
    prepared: dict[str, Any],
    generated: dict[str, Any],
    server: str,
) -> str:
    small, big = list(prepared)
    latency, latency_checks = _latency_rows(results, plan, small, big)
    queries, query_checks = _query_rows(prepared, small, big)
    checks = latency_checks + query_checks
    missed = [name for name, passed in checks if not passed]
    verdict = (
        f"All {len(checks)} targets met."
        if not missed
        else f"{len(checks) - len(missed)} of {len(checks)} targets met. Missed: "
        + "; ".join(missed)
        + "."
    )
    requests = {s["name"]: s["requests"] for s in plan["scenarios"]}
    made = [
        f"- `{db}`: {g['posts']:,} posts; generating {g['generated']:,} took "
        f"{g['seconds']} s ({g['seconds_python']} s building rows in Python, "
        f"{g['seconds_database']} s of COPY, index entries, sequences and ANALYZE), "
        f"after {g.get('seconds_migrate_and_bootstrap', '?')} s of migrate and bootstrap."
        for db, g in generated.items()
    ]
    lines = [
        "Command: `make bench-scale` (`python -m bench.scale`), run on "
        f"{datetime.datetime.now(datetime.UTC).strftime('%Y-%m-%d %H:%M UTC')}.",
        "",
        f"- Machine: {machine()}.",
        f"- Servers: one per database, each {server}; settings `bench/scale/settings.py` "
        "(DEBUG off, PostgreSQL, Redis response cache on, rate limits off).",
        f"- Load: one client process, {plan['concurrency']} keep-alive connections, "
        f"{max(requests.values())} requests per API scenario and "
        f"{min(requests.values())} per admin one at each size after a warm-up, in "
        f"{plan['rounds']} rounds where each scenario runs at both sizes back to back.",
        f"- API listings ask for {LISTING_SIZE} posts; every API answer except "
        '"v2 detail, cached" is built from the database (an Authorization header '
        "skips the shared cache).",
        "",
        "Generation (`python -m bench.scale.generate N`, bulk COPY):",
        "",
        *made,
        "",
        "### Targets",
        "",
        *(f"- {_check(passed)} {name}" for name, passed in checks),
        "",
        verdict,
        "",
        "### Latency under load, both sizes in the same run",
        "",
        *latency,
        "",
        "### SQL queries per request (in-process, built answers; limit "
        + " and ".join(str(n) for n in SIZES)
        + ", bodies of 10 and 300 blocks)",
        "",
        *queries,
    ]
    return "\n".join(lines) + "\n"


def write(markdown: str) -> None:
    """Replace what is between the markers, or append them with the report."""
    reporting.write_section(
        paths.PERFORMANCE_DOC, reporting.section(BEGIN, END, markdown), begin=BEGIN, end=END
    )
