"""Waiting until a server has finished the work wrk left it.

When wrk stops, the requests it had in flight are still being answered: up to
one per connection. For a form that builds every answer, that is about a
second of work, which the next scenario on the same server would pay for.
So after each wrk run the bench waits until the server's processes (gunicorn's
master and workers) use no CPU for a moment, read from /proc.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

__all__ = ["cpu_seconds", "wait"]

TICK = 1 / os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name, in parentheses, may hold spaces: split after it.
    return text.rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """User and system CPU of `pid` and its children, in seconds."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat(int(entry.name))
        # After the name: state, ppid, ... utime and stime are the 12th and 13th.
        if fields and (int(entry.name) == pid or int(fields[1]) == pid):
            total += (int(fields[11]) + int(fields[12])) * TICK
    return total


def wait(pid: int, window: float = 0.1, busy: float = 0.02, timeout: float = 15.0) -> float:
    """Block until `pid`'s processes use less than `busy` CPU seconds in `window`; the wait."""
    began = time.monotonic()
    before = cpu_seconds(pid)
    while time.monotonic() - began < timeout:
        time.sleep(window)
        after = cpu_seconds(pid)
        if after - before < busy:
            break
        before = after
    return time.monotonic() - began
