"""The static-file comparison as Markdown: the head of `make bench`'s report."""

from __future__ import annotations

from typing import Any

from bench.limit import forms, plan, varnish
from bench.limit.run import LimitRun
from bench.targets import Check

__all__ = ["check_rows", "render", "verdict"]


def check_rows(checks: list[Check]) -> list[str]:
    rows = ["| measure | measured | target | result |", "|---|---|---|---|"]
    for check in checks:
        result = "PASS" if check.passed else f"**MISS**: {check.reason}".rstrip(": ")
        rows.append(f"| {check.measure} | {check.measured} | {check.target} | {result} |")
    return rows


def verdict(checks: list[Check]) -> str:
    missed = [c for c in checks if not c.passed]
    if not missed:
        return f"All {len(checks)} targets met."
    return f"{len(checks) - len(missed)} of {len(checks)} targets met; the misses say why."


def _throughput_rows(run: LimitRun) -> list[str]:
    rows = [
        "| form | scenario | path | req/s (rounds' range) | ÷ static | p50 ms | p99 ms "
        "| requests |",
        "|---|---|---|--:|--:|--:|--:|--:|",
    ]
    for scenario in run.scenarios:
        f = run.figures[scenario.key]
        ratio = run.ratios.get(scenario.key)
        rows.append(
            f"| {plan.FORM_LABELS[scenario.form]} | {scenario.name} | `{scenario.path}` | "
            f"{f.rps:.0f} ({f.rps_min:.0f}–{f.rps_max:.0f}) | "
            f"{'' if ratio is None else f'{ratio:.2f}'} | {f.p50_ms:.1f} | {f.p99_ms:.1f} | "
            f"{f.requests} |"
        )
    return rows


def _fresh_rows(fresh: dict[str, Any] | None) -> list[str]:
    if fresh is None:
        return ["Not run (BENCH_VARNISH=0)."]

    def ms(seconds: float | None) -> str:
        return "–" if seconds is None else f"{seconds * 1000:.0f} ms"

    return [
        "| measure | value |",
        "|---|--:|",
        f"| publishes | {fresh['publishes']} |",
        f"| publish → fresh at Varnish, from the publish's answer: p50 | {ms(fresh['p50_s'])} |",
        f"| publish → fresh at Varnish, from the publish's answer: max | {ms(fresh['max_s'])} |",
        f"| the publish request itself (PATCHed draft → published), p50 "
        f"| {ms(fresh['publish_p50_s'])} |",
        f"| publishes not fresh within {fresh['timeout_s']:g} s | {fresh['never_fresh']} |",
        f"| stale answers after the first fresh one (v2 and v3 detail through Varnish) "
        f"| {fresh['stale_after']} of {fresh['reads_after']} |",
    ]


def _cost_rows(costs: dict[str, dict[str, dict[str, int]]]) -> list[str]:
    rows = [
        "| form | request | status | SQL queries | Redis round trips |",
        "|---|---|--:|--:|--:|",
    ]
    for form, requests in costs.items():
        for name, cost in requests.items():
            rows.append(
                f"| {plan.FORM_LABELS[form]} | {name} | {cost['status']} | {cost['sql']} "
                f"| {cost['redis']} |"
            )
    return rows


def render(run: LimitRun, checks: list[Check], versions: dict[str, str]) -> list[str]:
    s = run.settings
    production, embedded = forms.FORMS[forms.PRODUCTION], forms.FORMS[forms.EMBEDDED]
    return [
        "### Against the stack's limit: a static file of the same bytes",
        "",
        f"- Production form: `cms.settings.production` under gunicorn with "
        f"`cms/gunicorn_conf.py` (what `make serve` runs), {production.workers} worker "
        "(`WEB_CONCURRENCY=1`) of 4 threads, access log on; `REDIS_URL` "
        f"`{s.redis_url}`; `DATABASE_URL` the bench's SQLite dataset "
        "(`bench/.data/bench.sqlite3`); `SECURE_SSL_REDIRECT=false`; the rate limiter on, "
        f"`API_RATE_LIMIT_ANON_PER_MINUTE={forms.RATE_LIMIT_OUT_OF_REACH}`.",
        f"- Embedded default: the same without `REDIS_URL`, {embedded.workers} workers.",
        f"- Varnish in front: {versions['varnish']} with `{run.vcl}` in front of the "
        "production form; the app purges it by surrogate key itself when a publish "
        f"commits (`{varnish.PURGE_SETTING}`, with `API_TRUSTED_PROXY_COUNT=1` as "
        "docs/operations.md says)."
        if s.varnish
        else "- Varnish in front: not run (BENCH_VARNISH=0).",
        f"- Static file: the post's v2 detail ({run.detail_bytes:,} bytes), written into "
        "`STATIC_ROOT` under a plain name before the servers start and served by "
        "whitenoise from each server's own process (at Varnish, that file as a cached "
        "object). Checked before and after the load with one GET each: the detail's bytes "
        "equal the file's, the file answered by whitenoise (its own ETag), no answer "
        "compressed, the 304 a 304, Varnish answers hits.",
        f"- Load: {versions['wrk']} in its own process, {s.threads} thread, "
        f"{s.connections} keep-alive connections; per scenario a {s.warmup_seconds} s "
        f"warm-up, then {s.rounds} rounds of {s.seconds} s, every scenario once per "
        "round in an order that shifts each round. A non-2xx/3xx answer or a socket "
        "error anywhere refuses the run.",
        "- Publishing: through the v3 write API, straight to the production form: the "
        "demo writer `PATCH`es the standfirst with a new marker, the demo editor "
        "`POST`s `actions/publish/`; then the v2 detail is read through Varnish every "
        f"{s.poll_s * 1000:g} ms until it shows the marker, and {s.reads_after} more times "
        "each (v2 and v3) after that.",
        "",
        "#### Targets",
        "",
        *check_rows(checks),
        "",
        verdict(checks),
        "",
        "#### Throughput, each ÷ its own form's static file",
        "",
        *_throughput_rows(run),
        "",
        "#### Publish → fresh at Varnish",
        "",
        *_fresh_rows(run.fresh),
        "",
        "#### One answer's cost inside the app (in-process, same settings)",
        "",
        *_cost_rows(run.costs),
        "",
    ]
