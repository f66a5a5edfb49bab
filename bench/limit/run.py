"""The side-by-side run: every form up at once, wrk taking turns between them.

1. Under the production form's environment, the post's v2 detail is written
   into STATIC_ROOT and the publishing tokens are made (bench/limit/prepare.py);
   each form's cost per answer is probed (bench/limit/probe.py).
2. The production form, the embedded default and Varnish in front of the
   production form start, and stay up for the whole run.
3. Each scenario is checked once with a plain GET: its status, no
   Content-Encoding, the detail's bytes equal to the static file's, and at
   Varnish a hit. A failed check refuses the run.
4. wrk warms every scenario up, then runs the rounds: every scenario once per
   round, in an order that shifts each round, so that whatever else the
   machine does lands on all of them alike. After each wrk run the server it
   loaded is let finish what wrk left in flight (bench/limit/idle.py). The
   checks of step 3 run again.
5. The publish → fresh measurement at Varnish.

Every duration and count is fixed (env BENCH_WRK_*, BENCH_FRESH_*), so the
run's length is known in advance.
"""

from __future__ import annotations

import http.client
import json
import re
import sys
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import paths, server
from bench.limit import forms, idle, plan, publish, varnish, wrk
from cms.settings import env

__all__ = ["LimitRun", "Refused", "Settings", "measure"]


class Refused(RuntimeError):
    """The run cannot be reported: the reasons are in args[0]."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(reasons)
        self.reasons = reasons


@dataclass(frozen=True)
class Settings:
    # Whole seconds: wrk reads no fractions in --duration.
    seconds: int
    rounds: int
    warmup_seconds: int
    connections: int
    threads: int
    redis_url: str
    varnish: bool
    publishes: int
    fresh_timeout_s: float
    poll_s: float
    reads_after: int

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            seconds=env.get_int("BENCH_WRK_SECONDS", 5),
            rounds=env.get_int("BENCH_WRK_ROUNDS", 4),
            warmup_seconds=env.get_int("BENCH_WRK_WARMUP_SECONDS", 1),
            connections=env.get_int("BENCH_WRK_CONNECTIONS", 8),
            threads=env.get_int("BENCH_WRK_THREADS", 1),
            redis_url=env.get_str("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"),
            varnish=env.get_bool("BENCH_VARNISH", True),
            publishes=env.get_int("BENCH_FRESH_PUBLISHES", 30),
            fresh_timeout_s=env.get_float("BENCH_FRESH_TIMEOUT_SECONDS", 5),
            poll_s=env.get_float("BENCH_FRESH_POLL_MS", 5) / 1000,
            reads_after=env.get_int("BENCH_FRESH_READS_AFTER", 10),
        )


@dataclass
class LimitRun:
    settings: Settings
    scenarios: list[plan.Scenario]
    figures: dict[tuple[str, str], plan.Figure]
    ratios: dict[tuple[str, str], float]
    costs: dict[str, dict[str, dict[str, int]]]
    fresh: dict[str, Any] | None
    detail_bytes: int
    vcl: str
    problems: list[str] = field(default_factory=list)


def _get(scenario: plan.Scenario) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(server.HOST, scenario.port, timeout=30)
    try:
        connection.request("GET", scenario.path, headers=scenario.headers)
        response = connection.getresponse()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, response.read()
    finally:
        connection.close()


def _etag(port: int, path: str) -> str:
    probe = plan.Scenario("", "", port, path)
    return _get(probe)[1].get("etag", "")


def _from_whitenoise(headers: dict[str, str], body: bytes) -> bool:
    """whitenoise's own ETag, "<mtime hex>-<size hex>", which Django's views never send."""
    found = re.fullmatch(r'"[0-9a-f]+-([0-9a-f]+)"', headers.get("etag", ""))
    return found is not None and int(found[1], 16) == len(body)


def check(scenario: plan.Scenario, static_bytes: bytes) -> list[str]:
    """What is wrong with one plain GET of `scenario` (empty: nothing)."""
    status, headers, body = _get(scenario)
    if scenario.form == plan.VARNISH:
        # The first GET may have fetched it; the second must be a hit (two XIDs).
        status, headers, body = _get(scenario)
    where = f"{plan.FORM_LABELS[scenario.form]}, {scenario.name} ({scenario.path})"
    found = []
    if status != scenario.expect:
        found.append(f"{where}: answered {status}, not {scenario.expect}")
    if headers.get("content-encoding"):
        found.append(f"{where}: compressed ({headers['content-encoding']})")
    if scenario.same_bytes and status == 200 and body != static_bytes:
        found.append(f"{where}: {len(body)} bytes, not the static file's {len(static_bytes)}")
    if scenario.static and scenario.form != plan.VARNISH and not _from_whitenoise(headers, body):
        found.append(f"{where}: not served by whitenoise (ETag {headers.get('etag')!r})")
    if scenario.form == plan.VARNISH and not re.fullmatch(r"\d+ \d+", headers.get("x-varnish", "")):
        found.append(f"{where}: not a Varnish hit (X-Varnish: {headers.get('x-varnish')!r})")
    return found


def _wrk(scenario: plan.Scenario, settings: Settings, seconds: int) -> wrk.WrkResult:
    arguments = wrk.command(
        f"http://{server.HOST}:{scenario.port}{scenario.path}",
        seconds=seconds,
        connections=settings.connections,
        threads=settings.threads,
        headers=scenario.headers,
    )
    return wrk.run(arguments, seconds)


def _load(
    scenarios: list[plan.Scenario], settings: Settings, pids: dict[str, int]
) -> tuple[dict[tuple[str, str], plan.Figure], list[str]]:
    """Warm-ups, then the rounds; after every wrk run, the server it loaded finishes its work."""
    problems = []
    for scenario in scenarios if settings.warmup_seconds > 0 else []:
        warm = _wrk(scenario, settings, settings.warmup_seconds)
        idle.wait(pids[scenario.form])
        problems += [f"{scenario.form}, {scenario.name}, warm-up: {p}" for p in wrk.problems(warm)]
    rounds: dict[tuple[str, str], list[wrk.WrkResult]] = {s.key: [] for s in scenarios}
    for number in range(settings.rounds):
        for scenario in plan.rotated(scenarios, number):
            result = _wrk(scenario, settings, settings.seconds)
            idle.wait(pids[scenario.form])
            rounds[scenario.key].append(result)
            problems += [
                f"{scenario.form}, {scenario.name}, round {number + 1}: {p}"
                for p in wrk.problems(result)
            ]
        print(f"  wrk round {number + 1} of {settings.rounds} done", file=sys.stderr, flush=True)
    return {key: plan.aggregate(results) for key, results in rounds.items()}, problems


def _shown(path: Path) -> str:
    return str(
        path.relative_to(paths.PROJECT_DIR) if path.is_relative_to(paths.PROJECT_DIR) else path
    )


def _in_form(module: str, environment: dict[str, str], out: Path) -> dict[str, Any]:
    forms.run_module(module, environment, str(out))
    return json.loads(out.read_text())


def measure() -> LimitRun:
    """Run it all; Refused when any answer was not the one a working CMS gives."""
    settings = Settings.from_env()
    run_dir = paths.DATA_DIR / "limit"
    run_dir.mkdir(parents=True, exist_ok=True)
    ports = {forms.PRODUCTION: server.free_port(), forms.EMBEDDED: server.free_port()}
    if settings.varnish:
        ports[plan.VARNISH] = server.free_port()
    purge = varnish.purge_env(ports[plan.VARNISH]) if settings.varnish else {}
    environments = {
        name: forms.app_env(
            form,
            port=ports[name],
            redis_url=settings.redis_url,
            extra=purge if name == forms.PRODUCTION else None,
        )
        for name, form in forms.FORMS.items()
    }
    print("Writing the static file and tokens (production settings)…", file=sys.stderr)
    prepared = _in_form(
        "bench.limit.prepare", environments[forms.PRODUCTION], run_dir / "prepared.json"
    )
    static_file = Path(prepared["static_file"])
    try:
        print("Probing each form's cost per answer…", file=sys.stderr)
        costs = {
            name: _in_form("bench.limit.probe", environment, run_dir / f"probe-{name}.json")
            for name, environment in environments.items()
        }
        static_bytes = static_file.read_bytes()
        vcl = varnish.vcl_file()
        with ExitStack() as stack:
            pids = {}
            for name, form in forms.FORMS.items():
                print(f"Starting the {form.label}…", file=sys.stderr)
                pids[name] = stack.enter_context(
                    forms.running(form, environments[name], run_dir / f"{name}.log")
                )
            # Varnish's misses land on the production form.
            pids[plan.VARNISH] = pids[forms.PRODUCTION]
            if settings.varnish:
                print(f"Starting varnishd with {vcl}…", file=sys.stderr)
                stack.enter_context(
                    varnish.running(
                        vcl, ports[forms.PRODUCTION], ports[plan.VARNISH], run_dir / "varnish"
                    )
                )
            detail = f"/api/v2/pages/{prepared['post_id']}/"
            etags = {name: _etag(ports[name], detail) for name in forms.FORMS}
            scenarios = plan.plan(
                post_id=prepared["post_id"],
                static_path=prepared["static_path"],
                ports=ports,
                etags=etags,
            )
            refusals = [found for s in scenarios for found in check(s, static_bytes)]
            if refusals:
                raise Refused(refusals)
            print(f"wrk on {len(scenarios)} scenarios…", file=sys.stderr)
            figures, problems = _load(scenarios, settings, pids)
            problems += [found for s in scenarios for found in check(s, static_bytes)]
            fresh = None
            if settings.varnish and not problems:
                print(f"{settings.publishes} publishes, fresh at Varnish…", file=sys.stderr)
                publisher = publish.Publisher(
                    ports[forms.PRODUCTION],
                    ports[plan.VARNISH],
                    prepared["post_id"],
                    prepared["tokens"],
                )
                try:
                    fresh = publish.summarise(
                        publisher.measure(
                            settings.publishes,
                            settings.fresh_timeout_s,
                            settings.poll_s,
                            settings.reads_after,
                        )
                    )
                except publish.PublishError as error:
                    problems.append(str(error))
    finally:
        static_file.unlink(missing_ok=True)
    return LimitRun(
        settings=settings,
        scenarios=scenarios,
        figures=figures,
        ratios=plan.ratios(scenarios, figures),
        costs=costs,
        fresh=fresh,
        detail_bytes=len(static_bytes),
        vcl=_shown(vcl),
        problems=problems,
    )
