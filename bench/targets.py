"""The issue's targets, checked against one run's figures.

Throughput ratios compare scenarios measured side by side in the same run;
the after-publish ratio compares mean latencies of requests sent one at a
time, so that queueing under load does not flatter either side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bench import scenarios as s
from bench.queries import LISTING, SUMMARY_LISTING, QueryCount


@dataclass(frozen=True)
class Check:
    measure: str
    measured: str
    target: str
    passed: bool
    # Why a target was missed, from what the run measured (bench/limit/probe.py).
    reason: str = ""


def _throughput_ratio(results: dict[str, Any], name: str, minimum: float) -> Check:
    ratio = results[name]["rps"] / results[s.BARE]["rps"]
    return Check(
        f"{name} ÷ bare view, req/s",
        f"{ratio:.2f} ({results[name]['rps']:.0f} ÷ {results[s.BARE]['rps']:.0f})",
        f"≥ {minimum}",
        ratio >= minimum,
    )


def _after_publish(results: dict[str, Any], name: str) -> Check:
    cold = results[s.AFTER_PUBLISH][name]
    stock = results[s.AFTER_PUBLISH][s.COLD_STOCK]
    ratio = stock["mean_ms"] / cold["mean_ms"]
    return Check(
        f"stock v2 detail ÷ {name} first after publish, mean latency",
        f"{ratio:.1f}× ({stock['mean_ms']:.1f} ms ÷ {cold['mean_ms']:.1f} ms)",
        "≥ 10×",
        ratio >= 10,
    )


def _zero_queries(counts: list[QueryCount], label: str) -> Check:
    found = next(c for c in counts if c.label == label)
    return Check(f"SQL queries, {label}", str(found.queries), "0", found.queries == 0)


def _constant_queries(counts: list[QueryCount], prefix: str) -> Check:
    found = [c for c in counts if c.label.startswith(prefix + ",")]
    sizes = " / ".join(c.label.rsplit("=", 1)[1] for c in found)
    figures = " / ".join(str(c.queries) for c in found)
    return Check(
        f"SQL queries, {prefix} (limit {sizes}, built)",
        figures,
        "the same at every size",
        len({c.queries for c in found}) == 1,
    )


def evaluate(results: dict[str, Any], queries: dict[str, list[QueryCount]]) -> list[Check]:
    after = results[s.AFTER_PUBLISH]
    stale = sum(after[name]["stale"] for name in (s.COLD_V2, s.COLD_V3))
    same_bytes = results[s.BARE]["body_sha256"] == results[s.CACHED_V2]["body_sha256"]
    return [
        _throughput_ratio(results, s.CACHED_V2, 0.8),
        _throughput_ratio(results, s.CACHED_V3, 0.8),
        _throughput_ratio(results, s.REVALIDATED, 0.9),
        _after_publish(results, s.COLD_V2),
        _after_publish(results, s.COLD_V3),
        Check(
            "answers after publish showing the old revision",
            f"{stale} of {2 * after[s.COLD_V2]['requests']}",
            "0",
            stale == 0,
        ),
        Check(
            "bare view serves the same bytes as our cached v2 detail",
            "yes" if same_bytes else "no",
            "yes",
            same_bytes,
        ),
        _zero_queries(queries["details"], "our v2 detail, cached"),
        _zero_queries(queries["details"], "our v3 detail, cached"),
        _zero_queries(queries["details"], "our v2 detail, 304"),
        _constant_queries(queries["listings"], LISTING),
        _constant_queries(queries["listings"], SUMMARY_LISTING),
    ]
