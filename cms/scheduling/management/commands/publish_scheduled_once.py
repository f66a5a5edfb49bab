"""``manage.py publish_scheduled_once``: Wagtail's ``publish_scheduled``, safe to overlap.

Two runs at once (a cron line and the scheduler, two hosts, a slow run meeting
the next) publish each due revision exactly once: one "wagtail.publish.scheduled"
log entry, one change-log row, one webhook delivery. The pass itself is
cms.scheduling.publishing.run_once, Wagtail's publish and unpublish calls in one
locked transaction per item. ``--dryrun`` is Wagtail's own listing.

A new name rather than another ``publish_scheduled``: news/ already overrides
that one (one transaction around Wagtail's pass), and a second override would
hide one of the two depending on INSTALLED_APPS order. Do not run both: the
other command does not take these locks, so it can still publish an item again.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from wagtail.management.commands import publish_scheduled as upstream

from cms.scheduling.publishing import run_once


class Command(upstream.Command):
    help = "Publish revisions whose go-live time has passed and unpublish expired objects, once."

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dryrun"]:
            return super().handle(*args, **options)
        outcome = run_once()
        if options["verbosity"] > 1:
            self.stdout.write(
                f"Published {len(outcome.published)} revisions, "
                f"unpublished {len(outcome.unpublished)} expired objects."
            )
        if outcome.failed:
            # Non-zero exit for cron's mail; the failed items are retried on the next run.
            raise CommandError(f"{outcome.failed} scheduled items failed (see the log).")
