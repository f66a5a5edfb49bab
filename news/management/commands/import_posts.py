"""`manage.py import_posts`: legacy posts (Blogger exports, HTML, text) as structured drafts.

Each post is imported in its own transaction (see news/importers/build.py), so a
crash leaves no half-made post and one bad post does not undo the others. The
file is checked in full before the first post is written, so an unusable file
writes nothing. Run `--dry-run` first: it prints the would-be posts as JSON on
stdout and the summary on stderr.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from wagtail.models import Page, Site

from news.importers import ImportInputError, ImportReport, SourcePost, build_post, read_posts
from news.importers.build import PeopleResolver, find_author, save_post
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

        report = ImportReport()
        people = PeopleResolver(create=not dry_run)
        output: list[dict[str, Any]] = []
        seen = 0
        show_progress = self.stderr.isatty()
        for entry in entries:
            if not isinstance(entry, SourcePost):
                report.skipped[entry.kind] += 1
                continue
            if options["limit"] is not None and seen >= options["limit"]:
                report.skipped["over --limit"] += 1
                continue
            seen += 1
            if show_progress:
                self.stderr.write(f"\r{seen} posts…", ending="")
            self._import_one(entry, parent, owner, options, report, people, output)
        if show_progress:
            self.stderr.write("")
        if dry_run:
            # stdout carries nothing but the JSON, so it can be piped straight to a tool.
            self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
        for line in report.summary_lines(dry_run):
            self.stderr.write(line)

    def _import_one(
        self,
        source: SourcePost,
        parent: Page,
        owner: Any,
        options: dict[str, Any],
        report: ImportReport,
        people: PeopleResolver,
        output: list[dict[str, Any]],
    ) -> None:
        title = source.title or source.source_id
        try:
            if not source.title:
                raise ValueError("the post has no title")
            built = build_post(source, people)
            exists = LatestUpdatesPage.objects.filter(source_id=source.source_id).exists()
            if options["dry_run"]:
                output.append(built.as_json())
                self._count(built, report, title)
                report.updated += exists
                report.created += not exists
                return
            author = find_author(source.author)
            if source.author and author is None:
                report.warn(title, f"author {source.author!r} matches no user")
            page_owner = owner or author
            page, created = save_post(built, parent, page_owner)
            self._count(built, report, title)
        except (ValueError, KeyError, TypeError, DatabaseError) as error:
            # One bad post is reported and skipped; its transaction left nothing behind.
            report.failed += 1
            report.warn(title, f"not imported: {error}")
            return
        report.created += created
        report.updated += not created
        if options["submit"]:
            self._submit(page, page_owner, report, title)

    def _count(self, built: Any, report: ImportReport, title: str) -> None:
        for kind, _value in built.detected.parts:
            report.blocks[kind] += 1
        for warning in built.warnings:
            report.warn(title, warning)
        prose = sum(kind == "paragraph" for kind, _value in built.detected.parts)
        self.stderr.write(
            f"{title}: {len(built.detected.parts) - prose} blocks detected, "
            f"{prose} paragraphs left as prose"
        )

    def _submit(self, page: LatestUpdatesPage, user: Any, report: ImportReport, title: str) -> None:
        workflow = page.get_workflow()
        if user is None or workflow is None:
            report.warn(title, "not submitted: needs --owner and the Editorial review workflow")
            return
        if page.workflow_in_progress:
            return
        workflow.start(page, user)

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
