"""The scheduler loop and ``manage.py run_scheduler``."""

from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import OperationalError

from cms.scheduling import loop
from cms.scheduling.publishing import Outcome

MANAGE = Path(settings.BASE_DIR) / "manage.py"


def test_runs_are_aligned_to_the_interval():
    assert loop.next_tick(125.0, 60) == 180.0
    assert loop.next_tick(120.0, 60) == 180.0, "a run on the minute waits for the next one"
    assert loop.next_tick(125.0, 300) == 300.0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_once_publishes_what_is_due_and_logs_it(due_posts, caplog):
    [(post, _revision)] = due_posts(1)
    with caplog.at_level(logging.INFO, logger="cms.scheduling"):
        call_command("run_scheduler", "--once", stdout=io.StringIO())
    post.refresh_from_db()
    assert post.live
    assert "1 published, 0 unpublished, 0 failed" in caplog.text


def test_a_failed_run_is_a_warning_and_once_exits_non_zero(monkeypatch, caplog):
    def database_down() -> Outcome:
        raise OperationalError("connection refused")

    monkeypatch.setattr(loop, "run_once", database_down)
    with pytest.raises(CommandError, match="failed"):
        call_command("run_scheduler", "--once", stdout=io.StringIO())
    [record] = [r for r in caplog.records if r.name == "cms.scheduling"]
    assert record.levelno == logging.WARNING
    assert "retrying at the next run: connection refused" in record.getMessage()


def test_the_loop_carries_on_after_a_failed_run():
    runs: list[str] = []

    def flaky() -> Outcome:
        runs.append("run")
        if len(runs) == 1:
            raise OperationalError("the database is restarting")
        if len(runs) == 3:
            scheduler.stop()
        return Outcome()

    scheduler = loop.Scheduler(interval=0.01, run=flaky)
    scheduler.forever()
    assert len(runs) == 3


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_the_command_survives_a_broken_database_and_stops_on_a_signal(tmp_path, signum):
    # An empty SQLite file: every run fails ("no such table"), as with a database down.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    # Our own command line: this interpreter and manage.py, no shell.
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, str(MANAGE), "run_scheduler", "--interval", "60"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 30
        while not any("retrying at the next run" in line for line in lines):
            assert time.monotonic() < deadline, "no failed run was logged:\n" + "".join(lines)
            line = process.stderr.readline()
            assert line or process.poll() is None, "exited:\n" + "".join(lines)
            lines.append(line)
        assert process.poll() is None, "a failed run must not end the scheduler"
        process.send_signal(signum)
        _, rest = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0
    assert "Scheduler stopped" in rest
