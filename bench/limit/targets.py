"""The issue's targets against the stack's limit, checked on one run's figures.

A missed target carries its reason, from what the same run measured: what
one answer costs inside the app (bench/limit/probe.py: SQL queries and Redis
round trips), or which publishes were late or followed by a stale answer.
A part that was not run (BENCH_VARNISH=0) is a miss that says so.
"""

from __future__ import annotations

from typing import Any

from bench.limit import plan as p
from bench.limit.forms import EMBEDDED, PRODUCTION
from bench.limit.probe import REQUESTS
from bench.targets import Check

__all__ = ["FRESH_LIMIT_S", "evaluate"]

FRESH_LIMIT_S = 1.0
# (form, scenario, minimum ratio to the form's static file, what the probe calls it)
RATIO_TARGETS = (
    (PRODUCTION, p.V2, 0.8, REQUESTS[0]),
    (PRODUCTION, p.V3, 0.8, REQUESTS[1]),
    (PRODUCTION, p.NOT_MODIFIED, 0.9, REQUESTS[2]),
    (EMBEDDED, p.V2, 0.5, REQUESTS[0]),
    (EMBEDDED, p.V3, 0.5, REQUESTS[1]),
)


def cost_reason(cost: dict[str, int] | None) -> str:
    """What one answer costs inside the app, as a reason for a missed ratio."""
    if not cost:
        return "not probed"
    if cost["sql"]:
        return (
            f"each answer is built: {cost['sql']} SQL queries and {cost['redis']} Redis "
            "round trips per request"
        )
    trips = f"{cost['redis']} Redis round trip{'' if cost['redis'] == 1 else 's'} per request"
    if cost["redis"] == 1:
        # The floor with a shared rate limit: what is left is that trip and Python.
        return (
            f"{trips} (no SQL): the rate-limit count and the tokens in one call; the "
            "static file makes none and skips the middleware past whitenoise"
        )
    return f"{trips} (no SQL); the static file makes none"


def _ratio(
    form: str,
    name: str,
    minimum: float,
    figures: dict[tuple[str, str], p.Figure],
    ratios: dict[tuple[str, str], float],
    cost: dict[str, int] | None,
) -> Check:
    measure = f"{p.FORM_LABELS[form]}: {name} ÷ static file, req/s"
    target = f"≥ {minimum}"
    if (form, name) not in ratios:
        return Check(measure, "not measured", target, False, "the scenario could not run")
    ratio = ratios[(form, name)]
    static = figures[(form, p.STATIC)]
    passed = ratio >= minimum
    return Check(
        measure,
        f"{ratio:.2f} ({figures[(form, name)].rps:.0f} ÷ {static.rps:.0f})",
        target,
        passed,
        "" if passed else cost_reason(cost),
    )


def _freshness(fresh: dict[str, Any] | None) -> list[Check]:
    measure = "Varnish: publish → fresh, max over publishes"
    stale_measure = "Varnish: stale answers after the first fresh one"
    if fresh is None:
        skipped = "not run (BENCH_VARNISH=0)"
        return [
            Check(measure, skipped, f"≤ {FRESH_LIMIT_S:g} s", False, skipped),
            Check(stale_measure, skipped, "0", False, skipped),
        ]
    late = fresh["never_fresh"]
    slowest = fresh["max_s"]
    in_time = not late and slowest is not None and slowest <= FRESH_LIMIT_S
    if late:
        reason = (
            f"{late} of {fresh['publishes']} publishes not fresh within {fresh['timeout_s']:g} s"
        )
    elif not in_time:
        reason = f"the slowest publish took {slowest * 1000:.0f} ms to show at Varnish"
    else:
        reason = ""
    measured = (
        f"p50 {fresh['p50_s'] * 1000:.0f} ms, max {slowest * 1000:.0f} ms "
        f"over {fresh['publishes']} publishes"
        if slowest is not None
        else f"never fresh in {fresh['publishes']} publishes"
    )
    stale = fresh["stale_after"]
    return [
        Check(measure, measured, f"≤ {FRESH_LIMIT_S:g} s", in_time, reason),
        Check(
            stale_measure,
            f"{stale} of {fresh['reads_after']} reads",
            "0",
            stale == 0 and not late,
            ""
            if stale == 0 and not late
            else (
                f"{stale} reads of the v2/v3 detail through Varnish showed the old revision"
                if stale
                else "some publishes were never fresh"
            ),
        ),
    ]


def evaluate(
    figures: dict[tuple[str, str], p.Figure],
    ratios: dict[tuple[str, str], float],
    costs: dict[str, dict[str, dict[str, int]]],
    fresh: dict[str, Any] | None,
) -> list[Check]:
    checks = [
        _ratio(form, name, minimum, figures, ratios, costs.get(form, {}).get(probe))
        for form, name, minimum, probe in RATIO_TARGETS
    ]
    return checks + _freshness(fresh)
