"""wrk, run as its own process, and what its text output says.

wrk is the load generator an operator would reach for, written in C, so the
client costs little beside a Python server. It counts every answer with a
status of 400 or above as "Non-2xx or 3xx responses" and every dropped or
timed-out connection as a socket error; either refuses the run (see
`problems`): a 429 or a reset connection is not a delivered post.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field

__all__ = ["WrkError", "WrkResult", "command", "parse", "problems", "run", "version"]

# wrk prints durations with these units (src/units.c).
TIME_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_TIME = r"([\d.]+)(us|ms|s|m|h)"
_SUMMARY = re.compile(rf"^\s*(\d+) requests in {_TIME}, ", re.MULTILINE)
_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)\s*$", re.MULTILINE)
_PERCENTILE = re.compile(rf"^\s+([\d.]+)%\s+{_TIME}\s*$", re.MULTILINE)
_NON_2XX = re.compile(r"^\s*Non-2xx or 3xx responses:\s+(\d+)\s*$", re.MULTILINE)
_SOCKET = re.compile(
    r"^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)\s*$", re.MULTILINE
)
SOCKET_ERRORS = ("connect", "read", "write", "timeout")


class WrkError(RuntimeError):
    """wrk did not run, or printed something this module cannot read."""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    rps: float
    # Percentile ("50", "75", "90", "99") -> milliseconds, from --latency.
    latency_ms: dict[str, float]
    non_2xx_3xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)


def _seconds(value: str, unit: str) -> float:
    return float(value) * TIME_UNITS[unit]


def parse(output: str) -> WrkResult:
    """Read `wrk --latency` output; WrkError if its summary lines are missing."""
    summary, rate = _SUMMARY.search(output), _RATE.search(output)
    if summary is None or rate is None:
        raise WrkError(f"unreadable wrk output:\n{output}")
    non_2xx = _NON_2XX.search(output)
    sockets = _SOCKET.search(output)
    return WrkResult(
        requests=int(summary[1]),
        seconds=_seconds(summary[2], summary[3]),
        rps=float(rate[1]),
        latency_ms={
            f"{float(p[0]):g}": _seconds(p[1], p[2]) * 1000 for p in _PERCENTILE.findall(output)
        },
        non_2xx_3xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=dict(zip(SOCKET_ERRORS, map(int, sockets.groups()), strict=True))
        if sockets
        else {},
    )


def problems(result: WrkResult) -> list[str]:
    """Why these figures cannot be reported; empty when every request got a 2xx or 3xx."""
    found = []
    if result.non_2xx_3xx:
        found.append(f"{result.non_2xx_3xx} non-2xx/3xx answers of {result.requests}")
    errors = {kind: n for kind, n in result.socket_errors.items() if n}
    if errors:
        found.append("socket errors: " + ", ".join(f"{k} {n}" for k, n in errors.items()))
    if not result.requests:
        found.append("no request completed")
    return found


def command(
    url: str,
    *,
    seconds: int,
    connections: int,
    threads: int,
    headers: dict[str, str],
    timeout_s: int = 10,
) -> list[str]:
    """The wrk command line; every header is sent as given, Host included."""
    arguments = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        f"--timeout={timeout_s}s",
        "--latency",
    ]
    for name, value in headers.items():
        arguments += ["--header", f"{name}: {value}"]
    return [*arguments, url]


def run(arguments: list[str], seconds: int) -> WrkResult:
    """Run wrk and read its output. Nothing goes through a shell."""
    if shutil.which(arguments[0]) is None:
        raise WrkError("wrk is not installed (Debian: apt-get install wrk)")
    finished = subprocess.run(  # noqa: S603 - a fixed program with arguments we built
        arguments, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    if finished.returncode != 0:
        raise WrkError(f"wrk exited with {finished.returncode}: {finished.stderr.strip()}")
    return parse(finished.stdout)


def version() -> str:
    """ "wrk 4.1.0", from the banner `wrk -v` prints (it exits non-zero)."""
    program = shutil.which("wrk")
    if program is None:
        return "wrk (not installed)"
    banner = subprocess.run(  # noqa: S603 - a fixed program and argument
        [program, "-v"], capture_output=True, text=True, check=False
    ).stdout
    found = re.search(r"wrk \S*?(\d+\.\d+(?:\.\d+)?)", banner)
    return f"wrk {found[1]}" if found else "wrk"
