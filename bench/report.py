"""The Markdown report: printed, and written into docs/performance.md.

Only the part between the markers is replaced, so the prose around it
survives re-runs. Every figure comes from the run being reported.
"""

from __future__ import annotations

import datetime
import sqlite3
from pathlib import Path
from typing import Any

from bench import paths, reporting
from bench import scenarios as s
from bench.limit.report import check_rows
from bench.load import PUBLISH
from bench.queries import QueryCount
from bench.targets import Check

BEGIN = "<!-- bench:begin (written by `make bench`; edits inside are overwritten) -->"
END = "<!-- bench:end -->"
COMMAND = "make bench"


def machine(*others: str) -> str:
    """The machine line; `others` adds what else the run used (wrk, Varnish, Redis)."""
    return reporting.machine(
        reporting.installed("django", "Django"),
        reporting.installed("wagtail", "Wagtail"),
        reporting.installed("gunicorn"),
        reporting.installed("whitenoise"),
        f"SQLite {sqlite3.sqlite_version}",
        *others,
    )


def _throughput_rows(results: dict[str, Any], plan: dict[str, Any]) -> list[str]:
    bare = results[s.BARE]["rps"]
    rows = [
        "| scenario | path | requests | req/s | × bare view | p50 ms | p95 ms |",
        "|---|---|--:|--:|--:|--:|--:|",
    ]
    for scenario in plan["scenarios"]:
        if "publish_path" in scenario:
            continue
        r = results[scenario["name"]]
        errors = f" ({r['errors']} errors)" if r["errors"] else ""
        rows.append(
            f"| {scenario['name']} | `{scenario['path']}` | {r['requests']}{errors} | "
            f"{r['rps']:.0f} | {r['rps'] / bare:.2f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} |"
        )
    return rows


def _after_publish_rows(results: dict[str, Any], plan: dict[str, Any]) -> list[str]:
    scenario = next(x for x in plan["scenarios"] if "publish_path" in x)
    rows = [
        "| request (in this order, once per publish) | path | requests "
        "| mean ms | p50 ms | p95 ms |",
        "|---|---|--:|--:|--:|--:|",
    ]
    measured = [
        (PUBLISH, "the publish itself (not in any ratio)", scenario["publish_path"]),
        *((name, name, path) for name, path in scenario["paths"].items()),
    ]
    for name, label, path in measured:
        r = results[s.AFTER_PUBLISH][name]
        rows.append(
            f"| {label} | `{path}` | {r['requests']} | {r['mean_ms']:.1f} | "
            f"{r['p50_ms']:.1f} | {r['p95_ms']:.1f} |"
        )
    return rows


def _query_rows(queries: dict[str, list[QueryCount]]) -> list[str]:
    rows = ["| request | SQL queries |", "|---|--:|"]
    for found in (*queries["details"], *queries["listings"]):
        rows.append(f"| {found.label} (`{found.path}`) | {found.queries} |")
    return rows


def _verdict(checks: list[Check]) -> str:
    missed = [c for c in checks if not c.passed]
    if not missed:
        return f"All {len(checks)} targets met."
    listed = "; ".join(f"{c.measure}: {c.measured} (target {c.target})" for c in missed)
    return f"{len(checks) - len(missed)} of {len(checks)} targets met. Missed: {listed}."


def render(
    *,
    results: dict[str, Any],
    plan: dict[str, Any],
    queries: dict[str, list[QueryCount]],
    checks: list[Check],
    server: str,
    dataset: dict[str, Any],
    limit: list[str],
    software: tuple[str, ...] = (),
) -> str:
    """The whole report: the static-file comparison (`limit`) first, then the bare view's."""
    scenario_requests = {x["name"]: x.get("requests") for x in plan["scenarios"]}
    lines = [
        f"Command: `{COMMAND}`, run on "
        f"{datetime.datetime.now(datetime.UTC).strftime('%Y-%m-%d %H:%M UTC')}.",
        "",
        f"- Machine: {machine(*software)}.",
        f"- Code: {reporting.code_state()}.",
        f"- Data: post {dataset['post_id']} with {dataset['blocks']} body blocks "
        f"({dataset['detail_bytes']:,} bytes of v2 JSON as the dataset step made it); "
        f"{dataset['live_posts']} live posts.",
        "",
        *limit,
        "### Against a bare Django view, bench settings (no longer the headline)",
        "",
        f"- Server: {server}; bench settings (`bench/settings.py`): DEBUG off, "
        "local-memory cache, SQLite, rate limits off.",
        f"- Load: one client process, {plan['concurrency']} keep-alive connections; "
        f"{scenario_requests[s.BARE]} requests per cached scenario and "
        f"{scenario_requests[s.STOCK]} per uncached one, after a warm-up, "
        f"in {plan['rounds']} interleaved rounds (a Python client, `bench/load.py`).",
        "",
        "#### Targets",
        "",
        *check_rows(checks),
        "",
        _verdict(checks),
        "",
        "#### Throughput and latency under load",
        "",
        *_throughput_rows(results, plan),
        "",
        "#### First detail after a publish (one request at a time)",
        "",
        *_after_publish_rows(results, plan),
        "",
        "#### SQL queries per request (in-process, Django test client)",
        "",
        *_query_rows(queries),
    ]
    return "\n".join(lines) + "\n"


def write(markdown: str, document: Path = paths.PERFORMANCE_DOC) -> None:
    """Replace what is between the markers, or append them with the report."""
    reporting.write_section(document, reporting.section(BEGIN, END, markdown), begin=BEGIN, end=END)
