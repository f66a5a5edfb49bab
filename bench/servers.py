"""`python -m bench.servers`: the same delivery load against gunicorn and granian.

Which app server to run in production is a matter of figures, so both get the
same budget: one worker process with BENCH_SERVER_THREADS threads (gunicorn's
gthread worker; granian's WSGI worker with that many blocking threads), the
same SQLite dataset (`python -m bench.dataset`), the same load client
(bench/load.py) and a subset of the plan in bench/scenarios.py, with fewer
requests than `make bench`. The servers take turns, pass after pass, so that
whatever else the machine does lands on both alike; each figure is the median
of the passes. The table goes into docs/performance.md between the
bench-servers markers, leaving the rest of the file alone.
"""

from __future__ import annotations

import os
import signal
import statistics
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench import dataset, reporting
from cms.settings import env

BEGIN = "<!-- bench-servers:begin (written by `python -m bench.servers`; edits inside are overwritten) -->"  # noqa: E501
END = "<!-- bench-servers:end -->"
GUNICORN = "gunicorn"
GRANIAN = "granian"


def _granian_command(port: int, threads: int) -> list[str]:
    from bench import paths, server

    return [
        str(Path(sys.executable).with_name("granian")),
        "--interface=wsgi",
        f"--host={server.HOST}",
        f"--port={port}",
        "--workers=1",
        # WSGI calls run on these threads, as gunicorn's gthread worker runs them on its own.
        f"--blocking-threads={threads}",
        "--runtime-threads=1",
        "--http=1",
        "--no-ws",
        "--backlog=256",
        "--log-level=warning",
        f"--working-dir={paths.PROJECT_DIR}",
        "cms.wsgi:application",
    ]


@contextmanager
def granian_running(threads: int) -> Iterator[Any]:
    """Start granian as bench.server starts gunicorn; stop it whatever happens."""
    from bench import server

    port = server.free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    # SIGINT is granian's graceful stop.
    with server.serving(
        _granian_command(port, threads), name="granian", port=port, env=env, stop=signal.SIGINT
    ):
        yield server.Server(server.HOST, port, workers=1, threads=threads)


def describe(name: str, threads: int) -> str:
    if name == GUNICORN:
        return f"gunicorn {version('gunicorn')}: 1 gthread worker × {threads} threads"
    return f"granian {version('granian')}: 1 WSGI worker × {threads} blocking threads"


def load_settings() -> Any:
    """`make bench`'s settings (BENCH_*), with fewer requests unless told otherwise."""
    from bench import scenarios

    return replace(
        scenarios.LoadSettings.from_env(),
        requests=env.get_int("BENCH_SERVERS_REQUESTS", 1000),
        slow_requests=env.get_int("BENCH_SERVERS_SLOW_REQUESTS", 100),
        rounds=env.get_int("BENCH_SERVERS_ROUNDS", 4),
    )


def scenario_names() -> list[str]:
    from bench import scenarios as s

    return [
        s.BARE,
        s.CACHED_V2,
        s.REVALIDATED,
        s.listing_name(20, True),
        s.listing_name(20, False),
    ]


def subset(plan: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The plan with only the named steady-load scenarios, in that order."""
    by_name = {scenario["name"]: scenario for scenario in plan["scenarios"]}
    return {**plan, "scenarios": [by_name[name] for name in names]}


def _one_pass(
    starter: Callable[[int], AbstractContextManager[Any]], post_id: int, load: Any
) -> dict[str, Any]:
    from bench import scenarios
    from bench.load import run_in_process

    with starter(load.threads) as app:
        plan = subset(scenarios.plan(post_id, app.host, app.port, load), scenario_names())
        return run_in_process(plan)


def medians(passes: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per scenario: median req/s (and its range) and p95 over the passes, and errors."""
    return {
        name: {
            "rps": statistics.median(p[name]["rps"] for p in passes),
            "rps_min": min(p[name]["rps"] for p in passes),
            "rps_max": max(p[name]["rps"] for p in passes),
            "p95_ms": statistics.median(p[name]["p95_ms"] for p in passes),
            "errors": sum(p[name]["errors"] for p in passes),
            "requests": sum(p[name]["requests"] for p in passes),
        }
        for name in passes[0]
    }


def _rps(figures: dict[str, float]) -> str:
    return f"{figures['rps']:.0f} ({figures['rps_min']:.0f}–{figures['rps_max']:.0f})"


def render(
    figures: dict[str, dict[str, dict[str, float]]],
    threads: int,
    passes: int,
    load: Any,
    loadavg: tuple[tuple[float, ...], tuple[float, ...]],
) -> str:
    from bench import report

    rows = [
        "| scenario | gunicorn req/s (range) | granian req/s (range) | granian ÷ gunicorn "
        "| gunicorn p95 ms | granian p95 ms |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for name in scenario_names():
        g, r = figures[GUNICORN][name], figures[GRANIAN][name]
        rows.append(
            f"| {name} | {_rps(g)} | {_rps(r)} | {r['rps'] / g['rps']:.2f} "
            f"| {g['p95_ms']:.1f} | {r['p95_ms']:.1f} |"
        )
    before, after = ("/".join(f"{x:.1f}" for x in avg) for avg in loadavg)
    markdown = "\n".join(
        [
            f"- {describe(GUNICORN, threads)}; {describe(GRANIAN, threads)}.",
            f"- Load client: {load.concurrency} keep-alive connections; "
            f"{load.requests} requests a pass for fast scenarios, {load.slow_requests} "
            f"for the listing built every time; {passes} passes per server, taking turns; "
            "each figure is the median of the passes, the range their lowest and highest.",
            f"- Load average (1/5/15 min) before: {before}; after: {after}. "
            "Above the core count the figures are noisy: compare the ratios, not the values.",
            f"- Machine: {report.machine()}, granian {version('granian')}.",
            "",
            *rows,
            "",
        ]
    )
    return reporting.section(BEGIN, END, markdown)


def write(section: str, document: Path) -> None:
    """Replace the bench-servers block, or append one; other blocks stay as they are."""
    reporting.write_section(
        document, section, begin=BEGIN, end=END, heading="## gunicorn or granian\n\n"
    )


def main() -> int:
    dataset.configure()
    from bench import paths

    info = dataset.load_info()
    paths.DETAIL_BYTES.write_bytes(dataset.detail_bytes(info["post_id"]))
    load = load_settings()
    passes = env.get_int("BENCH_SERVERS_PASSES", 3)
    from bench import server

    starters = {GUNICORN: server.running, GRANIAN: granian_running}
    results: dict[str, list[dict[str, Any]]] = {GUNICORN: [], GRANIAN: []}
    before = os.getloadavg()
    for number in range(passes):
        # Alternate who goes first, so neither always runs on a warmer machine.
        order = [GUNICORN, GRANIAN] if number % 2 == 0 else [GRANIAN, GUNICORN]
        for name in order:
            label = describe(name, load.threads)
            print(f"Pass {number + 1} of {passes}: {label}…", file=sys.stderr)
            results[name].append(_one_pass(starters[name], info["post_id"], load))
    after = os.getloadavg()
    figures = {name: medians(runs) for name, runs in results.items()}
    section = render(figures, load.threads, passes, load, (before, after))
    print(section)
    failed = [f"{n}: {s}" for n, f in figures.items() for s, r in f.items() if r["errors"]]
    if failed:
        print(f"Requests failed ({', '.join(failed)}); not written.", file=sys.stderr)
        return 1
    write(section, paths.PERFORMANCE_DOC)
    print(f"Written to {paths.PERFORMANCE_DOC.relative_to(paths.PROJECT_DIR)}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
