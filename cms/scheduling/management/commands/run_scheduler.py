"""``manage.py run_scheduler``: scheduled publishing every minute, as a long-running process.

An alternative to a cron line running ``publish_scheduled`` (docs/operations.md).
Both may run at once, and several schedulers too: each revision is still
published exactly once (cms/scheduling/publishing.py).
"""

from __future__ import annotations

import logging
import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cms.scheduling.loop import Scheduler


class Command(BaseCommand):
    help = "Publish scheduled revisions and unpublish expired ones every minute, until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=60.0,
            help="Seconds between runs, aligned to the clock (default 60: on every minute).",
        )
        parser.add_argument(
            "--once", action="store_true", help="Run once and exit (non-zero if it failed)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interval"] <= 0:
            raise CommandError("--interval must be a positive number of seconds.")
        # Without LOGGING settings (dev), each run's line would otherwise go unseen;
        # with them (production) this does nothing.
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        scheduler = Scheduler(interval=options["interval"])
        if options["once"]:
            if not scheduler.run_safely():
                raise CommandError("Scheduled publishing failed (see the log).")
            return
        # SIGTERM (a service manager, `make serve`) and Ctrl-C end the loop after
        # the run in progress, rather than killing it between two items.
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: scheduler.stop())
        logging.getLogger("cms.scheduling").info(
            "Scheduler started: every %g seconds", options["interval"]
        )
        scheduler.forever()
        logging.getLogger("cms.scheduling").info("Scheduler stopped")
