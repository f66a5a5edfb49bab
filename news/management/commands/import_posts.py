"""`manage.py import_posts`: legacy posts (Blogger exports, HTML, text) as structured drafts.

Each post is imported in its own transaction (see news/importers/build.py), so a
crash leaves no half-made post and one bad post does not undo the others. The
file is checked in full before the first post is written, so an unusable file
writes nothing. Run `--dry-run` first: it prints the would-be posts as JSON on
stdout and the summary on stderr.

`--submit` applies the editorial API's submit checks to each draft
(cms/editorial/submission.py). A refused post stays an imported draft, the
refusal is reported with the post's title, and the run goes on; like a post
that fails to import, it does not change the exit status, which is non-zero
only when the file or the options are unusable and nothing was written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from wagtail.models import Page, Site

from news.importers import ImportInputError, read_posts
from news.importers.progress import Progress, counted
from news.importers.run import ImportOptions, ImportRun
from news.importers.sources import FORMATS
from news.models import LatestUpdatesPage, NewsIndexPage

USAGE_ERROR = 2


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


class Command(BaseCommand):
    help = "Import legacy posts as draft Latest Updates posts, never live."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="A Blogger export (.xml), an HTML file or a text file.")
        parser.add_argument("--parent", help="Page id or URL path of the section to import into.")
        parser.add_argument("--owner", help="Username that owns the drafts.")
        parser.add_argument("--format", choices=FORMATS, default="auto")
        parser.add_argument(
            "--dry-run", action="store_true", help="Write nothing; print the posts as JSON."
        )
        parser.add_argument(
            "--submit", action="store_true", help="Submit each draft to the editorial workflow."
        )
        parser.add_argument("--limit", type=int, help="Import at most N posts.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        dry_run = options["dry_run"]
        if options["limit"] is not None and options["limit"] < 1:
            raise _fail("--limit must be at least 1")
        owner = self._owner(options["owner"])
        parent = self._parent(options["parent"])
        if options["submit"] and dry_run:
            raise _fail("--submit cannot be combined with --dry-run")
        try:
            entries = read_posts(path, options["format"])
        except ImportInputError as error:
            raise _fail(str(error)) from error

        run = ImportRun(
            ImportOptions(
                parent=parent,
                owner=owner,
                dry_run=dry_run,
                submit=options["submit"],
                limit=options["limit"],
            )
        )
        progress = Progress(self.stderr, entries.total) if self.stderr.isatty() else None
        # The dry run's JSON array is written post by post, so a large export's
        # preview needs no more memory than one post.
        first = True
        if dry_run:
            self.stdout.write("[", ending="")
        for result in run.results(counted(entries, progress)):
            if result.built is None:
                continue
            if dry_run:
                item = json.dumps(result.built.as_json(), ensure_ascii=False, indent=2)
                self.stdout.write(("\n" if first else ",\n") + item, ending="")
                first = False
            if progress:
                progress.clear()
            self.stderr.write(
                f"{result.title}: {result.detected} blocks detected, "
                f"{result.prose} paragraphs left as prose"
            )
            if result.not_submitted:
                # Said next to the post, as it happens; the summary lists it again.
                self.stderr.write(
                    f"{result.title}: not submitted for review: {result.not_submitted}"
                )
        if progress:
            progress.finish()
        if dry_run:
            # stdout carries nothing but the JSON, so it can be piped straight to a tool.
            self.stdout.write("\n]" if not first else "]")
        for line in run.report.summary_lines(dry_run):
            self.stderr.write(line)

    def _owner(self, username: str | None) -> Any:
        if not username:
            return None
        User = get_user_model()
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise _fail(f"--owner: no user called {username!r}") from None

    def _parent(self, value: str | None) -> Page:
        if value is None:
            parent = NewsIndexPage.objects.first()
            if parent is None:
                raise _fail("no Latest Updates section: run bootstrap_newsroom or pass --parent")
            return parent
        page = None
        if value.isdigit():
            page = Page.objects.filter(pk=int(value)).first()
        else:
            path = "/" + value.strip("/") + "/" if value.strip("/") else "/"
            for site in Site.objects.select_related("root_page"):
                page = Page.objects.filter(
                    url_path=site.root_page.url_path + path.lstrip("/")
                ).first()
                if page:
                    break
        if page is None:
            raise _fail(f"--parent: no page {value!r}")
        page = page.specific
        if not LatestUpdatesPage.can_create_at(page):
            raise _fail(f"--parent: posts cannot be created under {page.title!r}")
        return page


__all__ = ["Command"]
