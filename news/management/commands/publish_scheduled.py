"""Wagtail's `publish_scheduled`, run in one transaction.

Wagtail publishes each due revision and then signals it, outside any
transaction; the change log is written from that signal. Running the command
atomically keeps each publish and its change-log row together: a failure leaves
nothing half-done, and the next run (every minute) tries again.
"""

from typing import Any

from django.db import transaction
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand


class Command(WagtailCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            super().handle(*args, **options)
