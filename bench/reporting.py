"""What the bench reports share: the machine line, and their own block of a docs page.

Each report (`make bench`, `make bench-import`, `make bench-scale`, `python -m
bench.servers`) owns one block of docs/performance.md between its markers and
replaces only that block, so the prose around it and the other reports' blocks
survive re-runs. This module imports nothing from Django: bench/imports.py keeps
its own process small and must not load it.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from bench import paths

__all__ = ["code_state", "installed", "machine", "publish", "refuse", "section", "write_section"]

# What a performance page starts as when a report is the first to write it.
NEW_DOCUMENT = "# Performance\n"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def installed(distribution: str, label: str | None = None) -> str:
    """ "Name version" of an installed package, as the machine line lists it."""
    return f"{label or distribution} {version(distribution)}"


def machine(*software: str) -> str:
    """The CPUs and system, then Python and each of `software` (see `installed`)."""
    return (
        f"{os.cpu_count()} CPUs ({_cpu_model()}), {platform.system()} {platform.release()}; "
        + ", ".join([f"Python {platform.python_version()}", *software])
    )


def code_state() -> str:
    """The commit measured, and whether the checkout differed from it: figures belong to code."""
    git = shutil.which("git")
    if git is None:
        return "unknown (no git)"

    def ask(*arguments: str) -> str:
        return subprocess.run(  # noqa: S603 - git with fixed arguments
            [git, *arguments], capture_output=True, text=True, cwd=paths.PROJECT_DIR, check=False
        ).stdout.strip()

    commit = ask("log", "-1", "--format=%h %s")
    if not commit:
        return "unknown (not a git checkout)"
    changed = ask("status", "--porcelain", "--untracked-files=no")
    return f"commit {commit}" + (" plus uncommitted changes" if changed else "")


def section(begin: str, end: str, markdown: str) -> str:
    """A report as it stands in the document: its markers with the Markdown between."""
    return f"{begin}\n\n{markdown}\n{end}"


def write_section(document: Path, text: str, *, begin: str, end: str, heading: str = "") -> None:
    """Put `text` (a `section`) in place of the block from `begin` to `end`, or append it.

    The begin marker is found by its name alone (what comes before " ("), so a
    changed note in the marker still finds the old block. `heading` goes before
    a block that is appended, not before one that is replaced.
    """
    marker = begin.split(" (")[0]
    page = document.read_text() if document.exists() else NEW_DOCUMENT
    found = next((line for line in page.splitlines() if line.startswith(marker)), None)
    if found is not None and end in page:
        head, rest = page.split(found, 1)
        page = head + text + rest.split(end, 1)[1]
    else:
        page = page.rstrip("\n") + "\n\n" + heading + text + "\n"
    document.write_text(page)


def refuse(reasons: list[str]) -> int:
    """Say why a run is refused; its exit status. Nothing is printed as figures or written."""
    print("Run refused, nothing reported or written:", file=sys.stderr)
    for reason in reasons:
        print(f"- {reason}", file=sys.stderr)
    return 1


def publish(markdown: str, failed: list[str], write: Callable[[str], None]) -> int:
    """Print the report and write it into the docs unless a request `failed`; the exit status.

    Figures from a run in which requests failed are not reported: the run
    exits non-zero, prints only where requests failed, and the docs keep the
    last good figures.
    """
    if failed:
        return refuse([f"requests failed in: {', '.join(failed)}"])
    print(markdown)
    write(markdown)
    print(f"Written to {paths.PERFORMANCE_DOC.relative_to(paths.PROJECT_DIR)}.", file=sys.stderr)
    return 0
