"""`python -m bench.live` (what `make bench-live` runs).

1. A fresh PostgreSQL database with the demo (its live story), Redis, gunicorn
   and Pushpin in front, all with production settings (stack.py).
2. BENCH_LIVE_CLIENTS readers (1,000 by default) open the story's stream
   through Pushpin; memory is read before and with them all connected.
3. BENCH_LIVE_UPDATES updates (30) are approved about a second apart; each
   reader stamps each event as it arrives.
4. Pushpin is stopped, BENCH_LIVE_MISSED updates (5) are approved while it is
   down, Pushpin starts again, and every reader must come back with
   Last-Event-ID and recover them, exactly once; one more update follows.

Every phase ends on counts (all readers connected, all holding an event),
with a deadline only so that a lost event cannot hang the run. The report is
printed and written into docs/performance.md; it exits non-zero if a target
was missed (the figures are still written: they are what happened).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from bench.live import report, stack

CLIENTS = int(os.environ.get("BENCH_LIVE_CLIENTS", "1000"))
UPDATES = int(os.environ.get("BENCH_LIVE_UPDATES", "30"))
MISSED = int(os.environ.get("BENCH_LIVE_MISSED", "5"))
SPACING = 1.0
# Pushpin asks the app's next link once more right after a stream is held; readers
# are left alone that long before an update is approved.
SETTLE = 2.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Child:
    """A helper process spoken to one JSON line at a time."""

    def __init__(self, args: list[str], env: dict[str, str], errors: Path) -> None:
        # Its own log: the desk's notification emails fail here (no SMTP server),
        # which production settings log at length.
        with errors.open("ab") as log_file:
            self.process = subprocess.Popen(  # noqa: S603 - our own modules, fixed arguments
                [sys.executable, *args],
                cwd=stack.paths.PROJECT_DIR,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log_file,
                text=True,
            )
        self.first = self.answer()

    def ask(self, line: str) -> dict[str, Any]:
        stdin: IO[str] = self.process.stdin  # type: ignore[assignment]
        stdin.write(line + "\n")
        stdin.flush()
        return self.answer()

    def answer(self) -> dict[str, Any]:
        line = self.process.stdout.readline()  # type: ignore[union-attr]
        if not line:
            raise RuntimeError(f"{self.process.args[1:3]} ended early")
        return json.loads(line)

    def close(self) -> None:
        try:
            self.process.stdin.write("quit\n")  # type: ignore[union-attr]
            self.process.stdin.close()  # type: ignore[union-attr]
            self.process.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


def wait_for(readers: Child, done: Callable[[dict[str, Any]], bool], limit: float) -> bool:
    deadline = time.monotonic() + limit
    while True:
        if done(readers.ask("status")):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.25)


def holding_all(ids: list[int], count: int) -> Callable[[dict[str, Any]], bool]:
    return lambda status: all(status["holding"].get(str(i), 0) >= count for i in ids)


def approve_spaced(approver: Child, count: int, label: str) -> list[dict[str, Any]]:
    approvals = []
    for number in range(count):
        began = time.monotonic()
        approvals.append(approver.ask(f"approve {label} {number + 1}"))
        time.sleep(max(0.0, SPACING - (time.monotonic() - began)))
    return approvals


def run(rundir: Path) -> dict[str, Any]:
    figures: dict[str, Any] = {"clients": CLIENTS, "updates": UPDATES, "missed": MISSED}
    figures["loadavg_before"] = os.getloadavg()
    with stack.database() as database_url:
        engine = stack.pushpin(rundir / "pushpin")
        env = stack.environment(database_url, engine)
        stack.flush_redis()
        log(f"Database {database_url.rsplit('/', 1)[1]}: migrate, demo, static files…")
        story = stack.prepare(env)
        with stack.gunicorn(env, rundir / "gunicorn.log") as app:
            engine.start()
            approver = Child(
                ["-m", "bench.live.approver", str(story)], env, rundir / "approver.log"
            )
            readers = None
            try:
                stack.warm_up(engine.http_port, story)
                time.sleep(SETTLE)
                figures["memory_before"] = stack.memory(app, engine)
                url = (
                    f"http://127.0.0.1:{engine.http_port}/api/v3/news/posts/{story}/updates/stream/"
                )
                log(f"{CLIENTS} readers connecting to {url}…")
                began = time.monotonic()
                readers = Child(
                    ["-m", "bench.live.readers", url, str(CLIENTS)], env, rundir / "readers.log"
                )
                all_in = wait_for(readers, lambda s: s["connected"] >= CLIENTS, 60 + CLIENTS / 20)
                figures["connect_seconds"] = time.monotonic() - began
                figures["connected"] = readers.ask("status")["connected"]
                if not all_in:
                    log(f"Only {figures['connected']} of {CLIENTS} readers connected.")
                time.sleep(SETTLE)
                figures["memory_connected"] = stack.memory(app, engine)

                log(f"Approving {UPDATES} updates, one a second…")
                live = approve_spaced(approver, UPDATES, "Live")
                wait_for(readers, holding_all([a["event_id"] for a in live], CLIENTS), 20)

                log(f"Stopping Pushpin; approving {MISSED} updates while it is down…")
                engine.stop()
                figures["stopped_at"] = time.time()
                wait_for(readers, lambda s: s["connected"] == 0, 20)
                missed = approve_spaced(approver, MISSED, "Missed")
                engine.start()
                figures["restarted_at"] = time.time()
                log("Pushpin is back; waiting for every reader to recover…")
                ids = [a["event_id"] for a in missed]
                wait_for(readers, holding_all(ids, CLIENTS), 60 + CLIENTS / 20)
                wait_for(readers, lambda s: s["connected"] >= CLIENTS, 30)
                time.sleep(SETTLE)
                after = approve_spaced(approver, 1, "After")
                wait_for(readers, holding_all([after[0]["event_id"]], CLIENTS), 20)
                figures["memory_end"] = stack.memory(app, engine)

                receipts = rundir / "receipts.json"
                readers.ask(f"dump {receipts}")
                figures["readers"] = json.loads(receipts.read_text())
                figures["approvals"] = {"live": live, "missed": missed, "after": after}
            finally:
                if readers is not None:
                    readers.close()
                approver.close()
                engine.stop()
    figures["loadavg_after"] = os.getloadavg()
    figures["pushpin_version"] = stack.pushpin_version()
    return figures


def main() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    # Pushpin and gunicorn inherit it: a thousand held connections need the fds.
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    rundir = Path(tempfile.mkdtemp(prefix="bench-live-"))
    log(f"Working files (logs, receipts) in {rundir}")
    figures = run(rundir)
    results = report.analyse(figures)
    markdown = report.render(figures, results)
    print(markdown)
    report.write(markdown)
    log(f"Written to {stack.paths.PERFORMANCE_DOC.relative_to(stack.paths.PROJECT_DIR)}.")
    return 0 if report.targets_met(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
