"""Turning the readers' receipts into the `make bench-live` figures and table."""

from __future__ import annotations

import os
from typing import Any

from bench import paths, reporting

BEGIN = "<!-- bench-live:begin (written by `make bench-live`; edits inside are overwritten) -->"
END = "<!-- bench-live:end -->"
HEADING = """## Live updates stream (make bench-live)

`make bench-live` (bench/live/) runs the update stream as `make serve` does and holds a
thousand readers on one story's `/api/v3/news/posts/{id}/updates/stream/`, through Pushpin.
An editor approves updates through the Editor approval task in a process of its own; the
latency of an event is from the moment its approval commits to the moment a reader has
read the whole event, for every reader and every event. The readers are one asyncio
process (aiohttp) on the same machine, and reconnect as EventSource does, with
`Last-Event-ID` after a retry delay of 1–2 s. Then Pushpin is stopped, updates are
approved while it is down, and it is started again: each reader must come back and get
every missed event exactly once. Not part of `make test`; it needs the local PostgreSQL,
Redis (database 11) and the `pushpin` binary.

Reading it: gunicorn holds no reader (Pushpin does), so its workers' growth is what
serving the burst of connections left behind, not a cost per open stream; Pushpin's growth
is. Each new stream costs the app two short requests (the answer with the hold
instructions, then Pushpin's check of the `next` link), so the time to connect a thousand
readers, or to bring them back after a restart, is set by how fast gunicorn answers them.
A reader here retries after any answer that is not 200; a browser's EventSource gives up
for good after one (a 502 from Pushpin while it is still starting, for instance), so a
front end should open a new EventSource when one closes with an error.

"""
TARGET_P99_MS = 1000.0


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _latencies(readers: list[dict], approvals: list[dict]) -> list[float]:
    committed = {str(a["event_id"]): a["committed_at"] for a in approvals}
    out = []
    for reader in readers:
        first: dict[str, float] = {}
        for event_id, arrived in reader["receipts"]:
            first.setdefault(event_id, arrived)
        out.extend((first[i] - t) * 1000 for i, t in committed.items() if i in first)
    return out


def analyse(figures: dict[str, Any]) -> dict[str, Any]:
    readers, approvals = figures["readers"], figures["approvals"]
    live = [str(a["event_id"]) for a in approvals["live"]]
    missed = [str(a["event_id"]) for a in approvals["missed"]]
    after = [str(a["event_id"]) for a in approvals["after"]]
    expected = set(live + missed + after)
    restarted = figures["restarted_at"]
    lost = {"live": 0, "missed": 0, "after": 0}
    twice = {"live": 0, "missed": 0, "after": 0}
    unexpected = 0
    refused = {"connect": 0, "restart": 0}
    recovered, recovery, reconnected = 0, [], []
    for reader in readers:
        counts: dict[str, int] = {}
        for event_id, _ in reader["receipts"]:
            counts[event_id] = counts.get(event_id, 0) + 1
        unexpected += sum(n for i, n in counts.items() if i not in expected)
        for phase, ids in (("live", live), ("missed", missed), ("after", after)):
            lost[phase] += sum(1 for i in ids if i not in counts)
            twice[phase] += sum(counts[i] - 1 for i in ids if counts.get(i, 0) > 1)
        if all(counts.get(i) == 1 for i in missed):
            recovered += 1
            arrived = max(t for i, t in reader["receipts"] if i in missed)
            recovery.append(arrived - restarted)
        for moment, what in reader["log"]:
            if what.startswith("status"):
                refused["restart" if moment >= figures["stopped_at"] else "connect"] += 1
        opened = [t for t, what in reader["log"] if what == "open" and t >= restarted]
        if opened:
            reconnected.append(opened[0] - restarted)
    live_ms = _latencies(readers, approvals["live"])
    after_ms = _latencies(readers, approvals["after"])
    return {
        "p50_ms": percentile(live_ms, 0.50),
        "p99_ms": percentile(live_ms, 0.99),
        "max_ms": max(live_ms, default=float("nan")),
        "receipts": len(live_ms),
        "after_p99_ms": percentile(after_ms, 0.99),
        "lost": lost,
        "twice": twice,
        "unexpected": unexpected,
        "refused": refused,
        "recovered": recovered,
        "recovery_p50_s": percentile(recovery, 0.5),
        "recovery_max_s": max(recovery, default=float("nan")),
        "reconnected": len(reconnected),
        "reconnect_max_s": max(reconnected, default=float("nan")),
        "down_s": restarted - figures["stopped_at"],
    }


def targets_met(results: dict[str, Any]) -> bool:
    return (
        results["p99_ms"] <= TARGET_P99_MS
        and not any(results["lost"].values())
        and not any(results["twice"].values())
        and not results["unexpected"]
    )


def _mb(value: float) -> str:
    return f"{value / 2**20:.1f} MB"


def _memory_rows(figures: dict[str, Any]) -> list[str]:
    before, connected = figures["memory_before"], figures["memory_connected"]
    share = 1000 / max(1, figures["connected"])
    rows = []
    for key, name in (("gunicorn_workers", "gunicorn workers"), ("pushpin", "Pushpin")):
        grown = connected[key] - before[key]
        rows.append(
            f"| {name} memory (RSS): idle → {figures['connected']} readers "
            f"| {_mb(before[key])} → {_mb(connected[key])}; "
            f"{_mb(grown * share)} more per 1,000 readers | |"
        )
    return rows


def render(figures: dict[str, Any], results: dict[str, Any]) -> str:
    clients, updates, missed = figures["clients"], figures["updates"], figures["missed"]
    lost, twice = results["lost"], results["twice"]
    workers = figures["memory_before"]["gunicorn_worker_count"]
    rows = [
        "| measure | result | target |",
        "|---|--:|--:|",
        f"| readers connected through Pushpin | {figures['connected']} of {clients} "
        f"(in {figures['connect_seconds']:.1f} s) | {clients} |",
        f"| approval → receipt, p50 ({results['receipts']:,} receipts of {updates} updates) "
        f"| {results['p50_ms']:.0f} ms | |",
        f"| approval → receipt, p99 | {results['p99_ms']:.0f} ms | ≤ 1,000 ms |",
        f"| approval → receipt, slowest | {results['max_ms']:.0f} ms | |",
        f"| events lost (of {clients * updates:,}) | {lost['live']} | 0 |",
        f"| events received twice | {twice['live']} | 0 |",
        *_memory_rows(figures),
        f"| Pushpin down, updates approved meanwhile | {results['down_s']:.1f} s, {missed} | |",
        f"| answers other than 200 (retried; a browser's EventSource would give up) "
        f"while connecting / after the restart "
        f"| {results['refused']['connect']} / {results['refused']['restart']} | 0 / 0 |",
        f"| readers that recovered every missed event exactly once "
        f"| {results['recovered']} of {clients} | {clients} |",
        f"| readers reconnected after the restart (slowest) | {results['reconnected']} "
        f"({results['reconnect_max_s']:.1f} s) | {clients} |",
        f"| Pushpin ready → reader holds every missed event, p50 / slowest "
        f"| {results['recovery_p50_s']:.1f} s / {results['recovery_max_s']:.1f} s | |",
        f"| missed events lost / received twice | {lost['missed']} / {twice['missed']} | 0 / 0 |",
        f"| the next update after the restart: p99, lost, twice "
        f"| {results['after_p99_ms']:.0f} ms, {lost['after']}, {twice['after']} | |",
        f"| events no approval made | {results['unexpected']} | 0 |",
    ]
    before, after = (
        "/".join(f"{x:.1f}" for x in avg)
        for avg in (figures["loadavg_before"], figures["loadavg_after"])
    )
    shared = max(figures["loadavg_before"][0], figures["loadavg_after"][0]) > (os.cpu_count() or 1)
    markdown = "\n".join(
        [
            "- Form measured: `cms.settings.production`, PostgreSQL (a database made for the "
            "run), Redis (cache and rate limits; the anonymous limit raised out of reach, as "
            "every reader is 127.0.0.1), gunicorn with cms/gunicorn_conf.py "
            f"({workers} gthread workers × 4 threads), {figures['pushpin_version']} in front.",
            f"- {clients} readers, {updates} updates approved one a second, then Pushpin "
            f"stopped, {missed} approved while it was down, Pushpin started again, and one "
            "more update.",
            f"- Load average (1/5/15 min) before: {before}; after: {after}."
            + (
                " The machine was shared with other work during the run (load above the "
                "core count): latencies include waiting for a CPU."
                if shared
                else ""
            ),
            f"- Machine: {reporting.machine(reporting.installed('gunicorn'))}.",
            f"- Targets {'met' if targets_met(results) else 'NOT met'}.",
            "",
            *rows,
            "",
        ]
    )
    return reporting.section(BEGIN, END, markdown)


def write(section: str) -> None:
    reporting.write_section(paths.PERFORMANCE_DOC, section, begin=BEGIN, end=END, heading=HEADING)
