"""`manage.py bootstrap_newsroom [--demo]`: safe to run on every deploy."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cms.editorial.roles import EDITORS, ensure_roles
from cms.editorial.workflow import ensure_workflow
from news.bootstrap import ensure_home_page, ensure_news_section


class Command(BaseCommand):
    help = (
        "Create the page tree (Home → Latest Updates), the Writers and Editors roles and "
        "the Editorial review workflow. "
        "With --demo (DEBUG only), also demo accounts, a published demo post and a live story."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also create the admin, editor and writer accounts (password 'changeme') "
            "and a published demo post. Refused unless DEBUG is on.",
        )
        parser.add_argument(
            "--no-live-story",
            action="store_true",
            help="With --demo, leave out the live story and its updates (news/live/demo.py).",
        )

    def handle(
        self, *args: Any, demo: bool = False, no_live_story: bool = False, **options: Any
    ) -> None:
        if demo and not settings.DEBUG:
            raise CommandError(
                "--demo creates accounts with the published password 'changeme', so it is "
                "refused unless DEBUG is on (set DJANGO_DEBUG=true on a development machine)."
            )
        home, created = ensure_home_page()
        self._report("Home page", home, created)
        section, created = ensure_news_section(home)
        self._report("Latest Updates section", section, created)
        groups = ensure_roles(section)
        self.stdout.write(f"Roles up to date: {', '.join(groups)}")
        workflow = ensure_workflow(section, groups[EDITORS])
        self.stdout.write(f"Workflow up to date: {workflow.name!r} on {section.title!r}")
        if demo:
            # Imported late: demo code is never needed on a production deploy.
            from news.demo import DEMO_PASSWORD, ensure_demo_post, ensure_demo_users

            users = ensure_demo_users()
            self.stdout.write(
                f"Demo accounts: {', '.join(users)} (password '{DEMO_PASSWORD}' "
                "unless changed since)"
            )
            post, created = ensure_demo_post(section, users)
            self._report("Demo post", post, created)
            if not no_live_story:
                from news.live.demo import ensure_demo_live_story

                story, created = ensure_demo_live_story(section, users)
                self._report("Demo live story", story, created)

    def _report(self, label: str, page: Any, created: bool) -> None:
        state = "created" if created else "already there"
        self.stdout.write(f"{label}: {page.get_url() or page.url_path} (id {page.pk}, {state})")
