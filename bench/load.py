"""The load client: `python -m bench.load` reads a JSON plan on stdin and
writes JSON results on stdout.

A separate process from the app server and from the runner (no Django in
it), with one client for every scenario so that their ratios are fair:
threads, each with its own keep-alive http.client connection, sending a
fixed number of requests (counts, never a duration) after a warm-up.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

PUBLISH = "publish"


@dataclass
class Tally:
    """What one scenario measured; latencies in seconds."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    body_sha256: str = ""
    body_bytes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, latencies: list[float], errors: int, statuses: dict[str, int]) -> None:
        with self.lock:
            self.latencies.extend(latencies)
            self.errors += errors
            for status, number in statuses.items():
                self.statuses[status] = self.statuses.get(status, 0) + number


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))]


def summary(tally: Tally, seconds: float | None) -> dict[str, Any]:
    latencies = tally.latencies or [float("nan")]
    return {
        "requests": len(tally.latencies),
        "errors": tally.errors,
        "statuses": tally.statuses,
        "seconds": seconds,
        "rps": len(tally.latencies) / seconds if seconds else None,
        "mean_ms": statistics.fmean(latencies) * 1000,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "body_bytes": tally.body_bytes,
        "body_sha256": tally.body_sha256,
    }


class Client:
    """One keep-alive connection; reconnects if the server closed it."""

    def __init__(self, plan: dict[str, Any]) -> None:
        self.address = (plan["host"], plan["port"])
        self.base_headers = {"Host": plan["host_header"], "Accept": "application/json"}
        self.connection = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(*self.address, timeout=60)

    def send(
        self, method: str, path: str, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        all_headers = {**self.base_headers, **(headers or {})}
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, headers=all_headers)
                response = self.connection.getresponse()
                # Header names in lower case: servers differ (granian sends "etag").
                headers = {name.lower(): value for name, value in response.getheaders()}
                return response.status, headers, response.read()
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = self._connect()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.connection.close()


def _hammer(
    plan: dict[str, Any],
    scenario: dict[str, Any],
    headers: dict[str, str],
    count: int,
    start: threading.Barrier,
    tally: Tally | None,
) -> None:
    client = Client(plan)
    client.connection.connect()  # before the clock starts
    latencies, errors, statuses = [], 0, {}
    expected = scenario.get("expect_status", 200)
    start.wait()
    for _ in range(count):
        began = time.perf_counter()
        try:
            status, _, _ = client.send("GET", scenario["path"], headers)
        except (OSError, http.client.HTTPException):
            errors += 1
            continue
        latencies.append(time.perf_counter() - began)
        statuses[str(status)] = statuses.get(str(status), 0) + 1
        errors += status != expected
    client.close()
    if tally is not None:
        tally.add(latencies, errors, statuses)


def _run_threads(
    plan: dict[str, Any],
    scenario: dict[str, Any],
    headers: dict[str, str],
    total: int,
    tally: Tally | None,
) -> float:
    """Send `total` GETs over `concurrency` connections; the wall-clock seconds it took."""
    concurrency = plan["concurrency"]
    start = threading.Barrier(concurrency + 1)
    shares = [total // concurrency + (i < total % concurrency) for i in range(concurrency)]
    threads = [
        threading.Thread(target=_hammer, args=(plan, scenario, headers, share, start, tally))
        for share in shares
    ]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began


def _prepare(plan: dict[str, Any], scenario: dict[str, Any]) -> tuple[dict[str, str], Tally]:
    """Fetch the answer once, then warm up; the headers to send and an empty tally."""
    probe = Client(plan)
    _, response_headers, body = probe.send("GET", scenario["path"])
    probe.close()
    headers = dict(scenario.get("headers", {}))
    if scenario.get("revalidate"):
        # Revalidate the answer just fetched, as a client holding it would.
        headers["If-None-Match"] = response_headers["etag"]
    _run_threads(plan, scenario, headers, scenario["warmup"], None)
    return headers, Tally(body_sha256=hashlib.sha256(body).hexdigest(), body_bytes=len(body))


def steady_load(plan: dict[str, Any], scenarios: list[dict[str, Any]]) -> dict[str, Any]:
    """Each scenario's requests, split into rounds that take turns.

    Interleaving spreads whatever else the machine does over every scenario
    alike, so their ratios stay fair even when the absolute figures move.
    """
    prepared = {s["name"]: _prepare(plan, s) for s in scenarios}
    seconds = dict.fromkeys(prepared, 0.0)
    rounds = plan["rounds"]
    for number in range(rounds):
        shift = number % len(scenarios)
        for scenario in scenarios[shift:] + scenarios[:shift]:
            name, total = scenario["name"], scenario["requests"]
            share = total // rounds + (number < total % rounds)
            headers, tally = prepared[name]
            seconds[name] += _run_threads(plan, scenario, headers, share, tally)
        print(f"  round {number + 1} of {rounds} done", file=sys.stderr, flush=True)
    return {name: summary(tally, seconds[name]) for name, (_, tally) in prepared.items()}


def after_publish(plan: dict[str, Any], scenario: dict[str, Any]) -> dict[str, Any]:
    """Publish a new revision, then time the first GET of each path, one at a time.

    The answer must show the new revision; one that does not is counted stale.
    """
    client = Client(plan)
    tallies = {name: Tally() for name in [PUBLISH, *scenario["paths"]]}
    stale = dict.fromkeys(tallies, 0)
    for _ in range(scenario["repeats"]):
        began = time.perf_counter()
        status, _, body = client.send("POST", scenario["publish_path"])
        if status != 200:
            raise RuntimeError(f"publish answered {status}: {body[:300]!r}")
        # What moved to the publish: saving the revision, invalidating, warming up.
        tallies[PUBLISH].add([time.perf_counter() - began], 0, {"200": 1})
        marker = json.loads(body)["marker"].encode()
        for name, path in scenario["paths"].items():
            began = time.perf_counter()
            status, _, body = client.send("GET", path)
            elapsed = time.perf_counter() - began
            tallies[name].add([elapsed], int(status != 200), {str(status): 1})
            stale[name] += marker not in body
    client.close()
    return {name: {**summary(tally, None), "stale": stale[name]} for name, tally in tallies.items()}


def run(plan: dict[str, Any]) -> dict[str, Any]:
    steady = [s for s in plan["scenarios"] if not s.get("publish_path")]
    results = steady_load(plan, steady)
    for scenario in plan["scenarios"]:
        if scenario.get("publish_path"):
            results[scenario["name"]] = after_publish(plan, scenario)
    return results


def run_in_process(plan: dict[str, Any], module: str = "bench.load") -> dict[str, Any]:
    """What a runner calls: the load client `module` on `plan`, in a process of its own.

    Its own process keeps the runner's Django (and its GIL) out of the timings.
    bench.scale passes its own client, bench.scale.load.
    """
    from bench import paths

    finished = subprocess.run(  # noqa: S603 - this interpreter, one of our own modules
        [sys.executable, "-m", module],
        input=json.dumps(plan),
        stdout=subprocess.PIPE,
        text=True,
        check=True,
        cwd=paths.PROJECT_DIR,
    )
    return json.loads(finished.stdout)


if __name__ == "__main__":
    json.dump(run(json.load(sys.stdin)), sys.stdout)
