"""``manage.py webhooks add|list|remove``: webhook endpoints for automation.

The same endpoints as the admin's Settings → Webhooks. ``add`` prints the new
endpoint's secret once, on its last line as ``id=<ID> secret=<SECRET>`` so a
script can take it with ``tail -n 1``; nothing shows it again (rotate it in the
admin to get a new one). Mistakes are one-line errors with a non-zero exit.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms.webhooks import client, events
from cms.webhooks import tags as tag_filter
from cms.webhooks.models import WebhookEndpoint


class Command(BaseCommand):
    help = "Add, list and remove webhook endpoints (docs/webhooks.md)."

    def add_arguments(self, parser: Any) -> None:
        commands = parser.add_subparsers(
            dest="subcommand", required=True, metavar="add|list|remove"
        )

        add = commands.add_parser("add", help="Register an endpoint and print its secret once.")
        add.add_argument("url", help="Where to POST events: http:// or https://")
        add.add_argument(
            "--events",
            dest="event_names",
            default=",".join(events.NAMES),
            help=f"Comma-separated events to send (default: all): {', '.join(events.NAMES)}",
        )
        add.add_argument(
            "--tags",
            dest="tag_names",
            default=None,
            help=(
                "Comma-separated tag names: send only events about posts with at least one "
                "of them, matched by name in any case (default: every post)"
            ),
        )
        add.add_argument("--description", default="", help="What the endpoint is for.")

        commands.add_parser("list", help="List endpoints (never their secrets).")

        remove = commands.add_parser("remove", help="Delete an endpoint and its delivery log.")
        remove.add_argument(
            "endpoint_id", metavar="ID", type=int, help="The endpoint's id, as `list` shows it."
        )

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        getattr(self, f"handle_{subcommand}")(**options)

    def handle_add(
        self, *, url: str, event_names: str, tag_names: str | None, description: str, **_: Any
    ) -> None:
        try:
            url = client.validate_url(url)
        except client.Refused as exc:
            raise CommandError(f"URL {url!r}: {exc}") from None
        try:
            wanted = parse_events(event_names)
        except ValueError as exc:
            raise CommandError(f"--events: {exc}") from None
        try:
            tags = parse_tags(tag_names)
        except ValueError as exc:
            raise CommandError(f"--tags: {exc}") from None
        if len(description) > 255:
            raise CommandError("--description: at most 255 characters.")
        endpoint = WebhookEndpoint(
            url=url, description=description, events=wanted, tags=tags, active=True
        )
        secret = endpoint.set_new_secret()
        with transaction.atomic():
            endpoint.save()
        self.stdout.write(f"Added webhook endpoint {endpoint.pk}: {url}")
        self.stdout.write(f"Events: {', '.join(wanted)}")
        self.stdout.write(f"Tags: {endpoint.tags_display}")
        self.stdout.write("Keep the secret now: it is not shown again.")
        self.stdout.write(f"id={endpoint.pk} secret={secret}")

    def handle_list(self, **_: Any) -> None:
        endpoints = list(WebhookEndpoint.objects.order_by("pk"))
        if not endpoints:
            self.stdout.write("No webhook endpoints.")
            return
        rows = [("ID", "ACTIVE", "EVENTS", "TAGS", "URL", "DESCRIPTION")]
        rows += [
            (
                str(e.pk),
                "yes" if e.active else "no",
                ",".join(name for name in events.NAMES if name in e.events) or "-",
                ",".join(e.tags) or "-",
                e.url,
                e.description,
            )
            for e in endpoints
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[5]]).rstrip())

    @transaction.atomic
    def handle_remove(self, *, endpoint_id: int, **_: Any) -> None:
        endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id).first()
        if endpoint is None:
            raise CommandError(f"No webhook endpoint with id {endpoint_id}.")
        endpoint.delete()
        self.stdout.write(f"Removed webhook endpoint {endpoint_id}: {endpoint.url}")


def parse_tags(text: str | None) -> list[str]:
    """--tags left out means every post; given, it must name at least one tag."""
    if text is None:
        return []
    tags = tag_filter.parse_tags(text)
    if not tags:
        raise ValueError("name at least one tag, or leave --tags out for every post")
    return tags


def parse_events(text: str) -> list[str]:
    wanted = events.parse_events(text.split(","))
    if not wanted:
        raise ValueError(f"name at least one event: {', '.join(events.NAMES)}")
    return wanted
