"""`python -m bench.scale.load`: the main bench's load client, across two servers.

Reads a plan on stdin (bench.scale.plan) whose scenarios each name the port
of the server they go to, and writes JSON results on stdout. Each scenario is
sent at both sizes back to back within every round, and rounds rotate the
order, so whatever else the machine does falls on 1,000 and 100,000 alike.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from bench import load


def _for(plan: dict[str, Any], scenario: dict[str, Any]) -> dict[str, Any]:
    return {**plan, "port": scenario["port"]}


def run(plan: dict[str, Any]) -> dict[str, Any]:
    scenarios = plan["scenarios"]
    prepared = {s["key"]: load._prepare(_for(plan, s), s) for s in scenarios}
    seconds = dict.fromkeys(prepared, 0.0)
    rounds = plan["rounds"]
    # Pairs of the same scenario at each size, kept together in every round.
    names = list(dict.fromkeys(s["name"] for s in scenarios))
    for number in range(rounds):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            for scenario in (s for s in scenarios if s["name"] == name):
                total = scenario["requests"]
                share = total // rounds + (number < total % rounds)
                headers, tally = prepared[scenario["key"]]
                seconds[scenario["key"]] += load._run_threads(
                    _for(plan, scenario), scenario, headers, share, tally
                )
        print(f"  round {number + 1} of {rounds} done", file=sys.stderr, flush=True)
    return {key: load.summary(tally, seconds[key]) for key, (_, tally) in prepared.items()}


if __name__ == "__main__":
    json.dump(run(json.load(sys.stdin)), sys.stdout)
