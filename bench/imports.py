"""`python -m bench.imports` (what `make bench-import` runs): the legacy-post importer's speed.

Generates Blogger exports of 200 and 2,000 posts (bench/blogger_export.py) and
runs the real `manage.py import_posts` on them, each in a fresh child process
against a throwaway SQLite database under the system temp directory:

- the 200-post import and the 2,000-post import, each on its own copy of one
  migrated, bootstrapped database, so both start from the same empty section;
- the same 2,000-post export imported again (every post updated, no new page);
- a `--dry-run` of each export (its peak memory grows: it prints one JSON array).

For each: wall time (posts per second), CPU time and the child's peak resident
memory (its ru_maxrss from os.wait4). The importer streams exports, so the
2,000-post peak should stay close to the 200-post one. Every run is checked
(exit status, the command's own summary, page and revision counts in the
database) and nothing is written if one failed: figures from a broken run are
never reported. The results replace the bench-import block of
docs/performance.md, leaving the rest of the file alone.

This process imports nothing from Django. A child started with vfork reports
the larger of its own peak and its parent's, so the parent is kept small
(its own peak is printed, and checked, alongside the figures).
"""

from __future__ import annotations

import datetime
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench import paths, reporting
from bench.blogger_export import comment_count, write_export

SIZES = (200, 2000)
OWNER = "bench-importer"
COMMAND = ".venv/bin/python -m bench.imports"
BEGIN = "<!-- bench-import:begin (written by `make bench-import`; edits inside are overwritten) -->"
END = "<!-- bench-import:end -->"
# The target stated with the figures: bounded memory means a flat peak.
MEMORY_RATIO_TARGET = 1.5
_SUMMARY = re.compile(r"^Posts (?:would be )?created: (\d+), (?:would be )?updated: (\d+)$", re.M)


class RunFailed(Exception):
    """A child exited badly or its result does not add up: nothing may be reported."""


@dataclass
class Run:
    label: str
    posts: int
    seconds: float
    cpu_seconds: float
    peak_kib: int
    summary: str

    @property
    def posts_per_second(self) -> float:
        return self.posts / self.seconds

    @property
    def posts_per_cpu_second(self) -> float:
        # Less sensitive than wall time to other work on a shared machine.
        return self.posts / self.cpu_seconds


class Sandbox:
    """A temporary directory with a template database and one database copy per run."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.template = root / "template.sqlite3"
        self.media = root / "media"

    def env(self, database: Path) -> dict[str, str]:
        env = dict(os.environ)
        # Nothing from the developer's shell may point the child at a real database or cache.
        for name in ("REDIS_URL", "DATABASE_CONN_MAX_AGE", "FRONTEND_CACHE_PURGE_URL"):
            env.pop(name, None)
        env.update(
            DJANGO_SETTINGS_MODULE="cms.settings.dev",
            # Dev settings for the fixed key, but DEBUG off as in production: with
            # DEBUG on, Django keeps every SQL query in memory.
            DJANGO_DEBUG="false",
            DATABASE_URL=f"sqlite:///{database}",
            MEDIA_ROOT=str(self.media),
            PYTHONUNBUFFERED="1",
        )
        return env

    def manage(self, database: Path, *args: str, label: str, posts: int = 0) -> Run:
        """Run `manage.py ARGS` in a fresh child; returns its timings, raises if it failed."""
        stdout_path = self.root / f"{label}.stdout"
        stderr_path = self.root / f"{label}.stderr"
        with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
            started = time.perf_counter()
            child = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
                [sys.executable, "manage.py", *args],
                cwd=paths.PROJECT_DIR,
                env=self.env(database),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
            )
            # wait4 gives this child's own rusage, unlike RUSAGE_CHILDREN's running maximum.
            _pid, status, usage = os.wait4(child.pid, 0)
            seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        stderr = stderr_path.read_text(errors="replace")
        if child.returncode != 0:
            tail = "\n".join(stderr.splitlines()[-20:])
            raise RunFailed(
                f"{label}: `manage.py {' '.join(args)}` exited {child.returncode}\n{tail}"
            )
        return Run(
            label=label,
            posts=posts,
            seconds=seconds,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            peak_kib=usage.ru_maxrss,  # KiB on Linux
            summary=stderr,
        )

    def prepare(self) -> None:
        """One migrated, bootstrapped database with the owner account, copied for every run."""
        self.manage(self.template, "migrate", "--no-input", label="migrate")
        self.manage(self.template, "bootstrap_newsroom", label="bootstrap")
        self.manage(
            self.template,
            "createsuperuser",
            "--no-input",
            f"--username={OWNER}",
            "--email=bench-importer@example.invalid",
            label="owner",
        )
        with sqlite3.connect(self.template) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def fresh_database(self, name: str) -> Path:
        database = self.root / f"{name}.sqlite3"
        shutil.copyfile(self.template, database)
        return database


def _count(database: Path, sql: str) -> int:
    with sqlite3.connect(database) as db:
        return db.execute(sql).fetchone()[0]


def _pages(database: Path) -> int:
    return _count(database, "SELECT COUNT(*) FROM news_latestupdatespage")


def _revisions(database: Path) -> int:
    return _count(database, "SELECT COUNT(*) FROM wagtailcore_revision")


def _check_summary(run: Run, created: int, updated: int, comments: int) -> None:
    match = _SUMMARY.search(run.summary)
    if not match:
        raise RunFailed(f"{run.label}: no summary line in the command's output")
    got = (int(match.group(1)), int(match.group(2)))
    if got != (created, updated):
        raise RunFailed(
            f"{run.label}: summary says created {got[0]}, updated {got[1]}; "
            f"expected {created} and {updated}"
        )
    if "Posts failed" in run.summary:
        raise RunFailed(f"{run.label}: some posts failed to import")
    if f"comment {comments}" not in run.summary:
        raise RunFailed(f"{run.label}: expected {comments} comments skipped")


def _blocks(run: Run) -> str:
    line = next((x for x in run.summary.splitlines() if x.startswith("Blocks: ")), "Blocks: ?")
    return line.removeprefix("Blocks: ")


def _import(sandbox: Sandbox, export: Path, posts: int, database: Path, label: str) -> Run:
    pages_before, revisions_before = _pages(database), _revisions(database)
    print(f"{label}: importing {posts} posts…", file=sys.stderr)
    run = sandbox.manage(
        database, "import_posts", str(export), f"--owner={OWNER}", label=label, posts=posts
    )
    new = pages_before == 0
    _check_summary(run, created=posts if new else 0, updated=0 if new else posts,
                   comments=comment_count(posts))  # fmt: skip
    pages = _pages(database)
    if pages != (posts if new else pages_before):
        raise RunFailed(f"{label}: {pages} posts in the database after importing {posts}")
    # Created or updated, every post gets exactly one new draft revision.
    added = _revisions(database) - revisions_before
    if added != posts:
        raise RunFailed(f"{label}: {added} revisions added for {posts} posts")
    return run


def _dry_run(sandbox: Sandbox, export: Path, posts: int, database: Path) -> Run:
    label = f"dry-run-{posts}"
    print(f"{label}: reading {posts} posts without writing…", file=sys.stderr)
    run = sandbox.manage(
        database, "import_posts", str(export), "--dry-run", label=label, posts=posts
    )
    _check_summary(run, created=posts, updated=0, comments=comment_count(posts))
    if _pages(database) != 0:
        raise RunFailed(f"{label}: the dry run wrote pages")
    # Counted in a separate process: loading the JSON here would raise this
    # process's own peak, which later children would inherit.
    counted = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import json,sys; print(len(json.load(open(sys.argv[1]))))",
         str(sandbox.root / f"{label}.stdout")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    if int(counted.stdout) != posts:
        raise RunFailed(f"{label}: {counted.stdout.strip()} posts in the JSON, expected {posts}")
    return run


def measure(root: Path) -> dict:
    sandbox = Sandbox(root)
    load_before = os.getloadavg()[0]
    print(f"Preparing a throwaway database in {root}…", file=sys.stderr)
    sandbox.prepare()
    exports = {}
    for posts in SIZES:
        exports[posts] = root / f"export-{posts}.xml"
        write_export(exports[posts], posts)
    # What Django costs before a post is read: settings, apps, system checks.
    baseline = sandbox.manage(sandbox.fresh_database("baseline"), "check", label="baseline")
    first = {}
    for posts in SIZES:
        database = sandbox.fresh_database(f"import-{posts}")
        first[posts] = _import(sandbox, exports[posts], posts, database, f"import-{posts}")
    big = SIZES[-1]
    rerun = _import(sandbox, exports[big], big, root / f"import-{big}.sqlite3", f"reimport-{big}")
    dry = {
        posts: _dry_run(sandbox, exports[posts], posts, sandbox.fresh_database(f"dry-{posts}"))
        for posts in SIZES
    }
    return {
        "baseline": baseline,
        "first": first,
        "rerun": rerun,
        "dry": dry,
        "export_bytes": {posts: path.stat().st_size for posts, path in exports.items()},
        "self_peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "load": (load_before, os.getloadavg()[0]),
    }


def machine() -> str:
    return reporting.machine(
        reporting.installed("django", "Django"),
        reporting.installed("wagtail", "Wagtail"),
        f"SQLite {sqlite3.sqlite_version}",
    )


def _mib(kib: int) -> str:
    return f"{kib / 1024:.1f}"


def render(results: dict, elapsed: float) -> str:
    small, big = SIZES
    first, rerun, dry = results["first"], results["rerun"], results["dry"]
    baseline = results["baseline"]
    ratio = first[big].peak_kib / first[small].peak_kib
    growth = (first[big].peak_kib - baseline.peak_kib) / max(
        first[small].peak_kib - baseline.peak_kib, 1
    )
    verdict = "met" if ratio <= MEMORY_RATIO_TARGET else "**missed**"
    rows = [
        (f"import, {small} posts", first[small]),
        (f"import, {big} posts", first[big]),
        (f"re-import, same {big} posts (all updated)", rerun),
        (f"`--dry-run`, {small} posts (JSON on stdout)", dry[small]),
        (f"`--dry-run`, {big} posts (JSON on stdout)", dry[big]),
    ]
    lines = [
        "## Importer: measured",
        "",
        f"Measured {datetime.date.today().isoformat()} with `{COMMAND}` "
        f"(`make bench-import`), {elapsed:.0f} s in all, on {machine()}; "
        f"1-minute load average {results['load'][0]:.1f} at the start, "
        f"{results['load'][1]:.1f} at the end.",
        "",
        "Each row is one `manage.py import_posts EXPORT --owner bench-importer` in a fresh "
        "process on a throwaway SQLite database (dev settings with `DJANGO_DEBUG=false`); "
        "wall time includes Django start-up and the command's full pass over the file "
        "before the first post is written.",
        "",
        "| run | posts | wall s | posts/s | CPU s | posts per CPU s | peak RSS MiB |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for label, run in rows:
        lines.append(
            f"| {label} | {run.posts} | {run.seconds:.1f} | {run.posts_per_second:.1f} | "
            f"{run.cpu_seconds:.1f} | {run.posts_per_cpu_second:.1f} | {_mib(run.peak_kib)} |"
        )
    lines.append(
        f"| `manage.py check` (start-up baseline) | – | {baseline.seconds:.1f} | – | "
        f"{baseline.cpu_seconds:.1f} | – | {_mib(baseline.peak_kib)} |"
    )
    sizes = ", ".join(
        f"{posts} posts {size / 1_000_000:.1f} MB"
        for posts, size in results["export_bytes"].items()
    )
    lines += [
        "",
        f"- Peak memory, {big} vs {small} posts: {_mib(first[big].peak_kib)} / "
        f"{_mib(first[small].peak_kib)} MiB = **{ratio:.2f}×** (target ≤ {MEMORY_RATIO_TARGET}×: "
        f"{verdict}); above the start-up baseline the growth is {growth:.2f}× for "
        f"{big // small}× the posts.",
        f"- The dry run writes its JSON array post by post: its peak is "
        f"{_mib(dry[big].peak_kib)} MiB for {big} posts against "
        f"{_mib(dry[small].peak_kib)} MiB for {small} "
        f"({dry[big].peak_kib / dry[small].peak_kib:.2f}×).",
        f"- Exports (generated by `bench/blogger_export.py`, seeded; one comment entry per four "
        f"posts, all skipped): {sizes}.",
        f"- Blocks detected in the {big}-post export: {_blocks(first[big])}.",
        f"- Checked before anything is reported: exit status, the command's created/updated "
        f"summary, {big} `LatestUpdatesPage` rows after the import and still {big} after the "
        f"re-import, one new revision per post per run, and {big} posts in the dry run's JSON.",
        "",
    ]
    return "\n".join(lines)


def write(markdown: str, document: Path = paths.PERFORMANCE_DOC) -> None:
    """Replace the bench-import block, or append it; the `bench:begin` block is never touched."""
    reporting.write_section(document, reporting.section(BEGIN, END, markdown), begin=BEGIN, end=END)


def main() -> int:
    started = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        results = measure(root)
    except RunFailed as error:
        print(f"Import bench failed, report not written:\n{error}", file=sys.stderr)
        print(f"Logs kept in {root}.", file=sys.stderr)
        return 1
    shutil.rmtree(root, ignore_errors=True)
    markdown = render(results, time.perf_counter() - started)
    print(markdown)
    print(
        f"(this process's own peak: {_mib(results['self_peak_kib'])} MiB, below every child's)",
        file=sys.stderr,
    )
    if results["self_peak_kib"] >= results["baseline"].peak_kib:
        print("This process outgrew the children it measures; not written.", file=sys.stderr)
        return 1
    write(markdown)
    print(f"Written to {paths.PERFORMANCE_DOC.relative_to(paths.PROJECT_DIR)}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
