"""``manage.py db_worker``: django-tasks-db's worker, for the "webhooks" backend, plus the sweep.

This replaces django_tasks_db's command of the same name (cms.tasks comes
first in INSTALLED_APPS) and changes only two things:

- ``--backend`` defaults to "webhooks", the backend webhook deliveries are
  queued on, so ``python manage.py db_worker`` alone is the webhook worker
  (Wagtail's own tasks run at once on "default" and need no worker);
- for that backend it also runs the sweep (cms.webhooks.delivery.sweep): in a
  background thread every ``--sweep-interval`` seconds, or once before the
  queue with ``--batch``. The sweep sends deliveries whose task was lost or
  whose worker died mid-delivery (its claim lapsed); the queue alone cannot
  see those, as a killed worker leaves its task marked running forever.

Every other option is django-tasks-db's (``--interval``, ``--batch``,
``--max-tasks``, ``--reload``, ...). Several workers may run at once: deliveries
are claimed, so each attempt is made by one of them.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker as upstream

from cms.delivery.purge import outbox as purge_outbox
from cms.tasks import BACKEND
from cms.webhooks import delivery

logger = logging.getLogger("cms.webhooks")


def sweep_once() -> None:
    try:
        sent = delivery.sweep()
    except Exception:  # the next sweep tries again; the worker itself carries on
        logger.exception("Webhook sweep failed")
        return
    finally:
        close_old_connections()
    if sent:
        logger.info("Webhook sweep sent %d overdue deliveries", sent)
    # Front-end cache purges use the same outbox pattern (cms/delivery/purge/outbox.py).
    try:
        purged = purge_outbox.sweep()
    except Exception:
        logger.exception("Purge sweep failed")
        return
    finally:
        close_old_connections()
    if purged:
        logger.info("Purge sweep sent %d overdue purges", purged)


class Sweeper(threading.Thread):
    def __init__(self, interval: float) -> None:
        super().__init__(name="webhook-sweep", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.is_set():
                sweep_once()
                self.stopped.wait(self.interval)
        finally:
            connection.close()  # this thread's own connection


class Command(upstream.Command):
    help = (
        "Run the background worker for webhook deliveries (django-tasks-db's db_worker "
        "on the 'webhooks' backend, with the sweep for lost or interrupted deliveries)."
    )

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.set_defaults(backend_name=BACKEND)
        parser.add_argument(
            "--sweep-interval",
            type=upstream.valid_interval,
            default=None,
            help="Seconds between sweeps for lost or interrupted webhook deliveries "
            "(default: WEBHOOKS_SWEEP_INTERVAL).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interval = options.pop("sweep_interval")
        if interval is None:
            interval = float(settings.WEBHOOKS_SWEEP_INTERVAL)
        if options["backend_name"] == BACKEND:
            reloading_parent = options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
            if options["batch"]:
                sweep_once()
            elif not reloading_parent:  # with --reload, only the child process works
                Sweeper(interval).start()
        super().handle(*args, **options)
