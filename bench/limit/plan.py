"""What wrk is pointed at, and how its rounds add up to one figure per scenario.

Every form gets its own denominator from the same server process: the static
file of the same bytes as the v2 detail, served by whitenoise (or, with
Varnish in front, that file as a cached Varnish object). A ratio of 1 means
an API answer costs what the stack's cheapest possible answer of that size
costs. Kept free of I/O, so the tests can check it.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from bench.dataset import ACCEPT, HOST
from bench.limit.forms import EMBEDDED, PRODUCTION
from bench.limit.wrk import WrkResult

__all__ = ["Figure", "Scenario", "aggregate", "plan", "ratios", "rotated"]

VARNISH = "varnish"
V2 = "v2 detail, cached"
V3 = "v3 detail, cached"
NOT_MODIFIED = "v2 detail, 304"
STATIC = "static file, same bytes"
VARNISH_HIT = "v2 detail, Varnish hit"
VARNISH_STATIC = "static file, Varnish hit"
FORM_LABELS = {
    PRODUCTION: "production form",
    EMBEDDED: "embedded default",
    VARNISH: "Varnish in front of the production form",
}


@dataclass(frozen=True)
class Scenario:
    form: str
    name: str
    port: int
    path: str
    expect: int = 200
    extra_headers: dict[str, str] = field(default_factory=dict)
    # The form's denominator: what every other scenario of the form is divided by.
    static: bool = False
    # Its 200 body must be the static file's bytes.
    same_bytes: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.form, self.name)

    @property
    def headers(self) -> dict[str, str]:
        # The same for every scenario: the cache key's Host and Accept, no Accept-Encoding.
        return {"Host": HOST, "Accept": ACCEPT, **self.extra_headers}


@dataclass(frozen=True)
class Figure:
    requests: int
    seconds: float
    rps: float
    rps_min: float
    rps_max: float
    p50_ms: float
    p99_ms: float
    rounds: int


def plan(
    *,
    post_id: int,
    static_path: str,
    ports: dict[str, int],
    etags: dict[str, str],
) -> list[Scenario]:
    """The scenarios for the forms in `ports`; a 304 only where the form gave an ETag."""
    v2, v3 = f"/api/v2/pages/{post_id}/", f"/api/v3/pages/{post_id}/"
    scenarios = []
    for form in (PRODUCTION, EMBEDDED):
        if form not in ports:
            continue
        port = ports[form]
        scenarios += [
            Scenario(form, V2, port, v2, same_bytes=True),
            Scenario(form, V3, port, v3),
        ]
        if etags.get(form):
            scenarios.append(
                Scenario(form, NOT_MODIFIED, port, v2, 304, {"If-None-Match": etags[form]})
            )
        scenarios.append(Scenario(form, STATIC, port, static_path, static=True, same_bytes=True))
    if VARNISH in ports:
        port = ports[VARNISH]
        scenarios += [
            Scenario(VARNISH, VARNISH_HIT, port, v2, same_bytes=True),
            Scenario(VARNISH, VARNISH_STATIC, port, static_path, static=True, same_bytes=True),
        ]
    return scenarios


def rotated(scenarios: list[Scenario], round_number: int) -> list[Scenario]:
    """Round n starts n places further on, so no scenario always runs first or last."""
    shift = round_number % len(scenarios)
    return scenarios[shift:] + scenarios[:shift]


def aggregate(rounds: list[WrkResult]) -> Figure:
    """One figure from a scenario's rounds: all its requests over all its seconds.

    p50 is the median of the rounds' medians; p99 the worst round's.
    """
    requests = sum(r.requests for r in rounds)
    seconds = sum(r.seconds for r in rounds)
    return Figure(
        requests=requests,
        seconds=seconds,
        rps=requests / seconds if seconds else 0.0,
        rps_min=min(r.rps for r in rounds),
        rps_max=max(r.rps for r in rounds),
        p50_ms=statistics.median(r.latency_ms.get("50", float("nan")) for r in rounds),
        p99_ms=max(r.latency_ms.get("99", float("nan")) for r in rounds),
        rounds=len(rounds),
    )


def ratios(
    scenarios: list[Scenario], figures: dict[tuple[str, str], Figure]
) -> dict[tuple[str, str], float]:
    """Each scenario's req/s ÷ its own form's static file's req/s."""
    static = {s.form: figures[s.key].rps for s in scenarios if s.static}
    return {
        s.key: figures[s.key].rps / static[s.form]
        for s in scenarios
        if static.get(s.form) and s.key in figures
    }
