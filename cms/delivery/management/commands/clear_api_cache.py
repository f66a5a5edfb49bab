"""`manage.py clear_api_cache`: forget every cached API answer, on every app server.

For changes no publish announces: media moved to another storage, a base URL
changed, a deploy that changes what answers look like. It takes the path a
page-tree change takes (cms/delivery/invalidation.py), so the version tokens
move for every process (Redis or the token files) and a configured front-end
cache is told too.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cms.delivery import invalidation


class Command(BaseCommand):
    help = "Invalidate every cached API answer on every app server (and a front-end cache)."

    def handle(self, *args: Any, **options: Any) -> None:
        # Outside a transaction the after-commit work runs at once.
        invalidation.on_structure_change(sender=None)
        self.stdout.write("Cached API answers invalidated.")
