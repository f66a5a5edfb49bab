"""One import run, shared by `manage.py import_posts` and the admin's import screen.

Both front doors hand this the entries read from a file and get back one
`PostResult` per post, so a dry run in the admin shows exactly what the command
would do, and the real run writes exactly what the dry run showed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from wagtail.models import Page

from cms.editorial.submission import SubmissionRefused, submit_for_review
from news.importers.build import BuiltPost, PeopleResolver, build_post, find_author, save_post
from news.importers.report import ImportReport
from news.importers.sources import Skipped, SourcePost
from news.models import LatestUpdatesPage

__all__ = ["ImportOptions", "ImportRun", "PostResult"]


@dataclass
class ImportOptions:
    parent: Page
    owner: Any = None
    dry_run: bool = False
    submit: bool = False
    limit: int | None = None


@dataclass
class PostResult:
    """What became of one post: what was found in it and where it went."""

    title: str
    outcome: str  # "created", "updated" or "failed" (in a dry run: what would happen)
    page: LatestUpdatesPage | None = None
    built: BuiltPost | None = None
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    # With --submit: why the draft was not submitted for review ("" when it was, or not asked).
    not_submitted: str = ""

    @property
    def detected(self) -> int:
        return 0 if self.built is None else self.blocks - self.prose

    @property
    def blocks(self) -> int:
        return 0 if self.built is None else len(self.built.detected.parts)

    @property
    def prose(self) -> int:
        if self.built is None:
            return 0
        return sum(kind == "paragraph" for kind, _value in self.built.detected.parts)

    def block_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for kind, _value in self.built.detected.parts if self.built else ():
            counts[kind] = counts.get(kind, 0) + 1
        return counts


class ImportRun:
    def __init__(self, options: ImportOptions) -> None:
        self.options = options
        self.report = ImportReport()
        # New people are created only by save_post, with their post, so a dry run
        # (which saves no post) matches people but writes nothing at all.
        self.people = PeopleResolver()
        self.seen = 0

    def results(self, entries: Iterable[SourcePost | Skipped]) -> Iterator[PostResult]:
        """Import (or preview) each post, lazily: the caller drives the pace and the progress."""
        limit = self.options.limit
        for entry in entries:
            if not isinstance(entry, SourcePost):
                self.report.skipped[entry.kind] += 1
                continue
            if limit is not None and self.seen >= limit:
                self.report.skipped["over --limit"] += 1
                continue
            self.seen += 1
            yield self._one(entry)

    def _one(self, source: SourcePost) -> PostResult:
        title = source.title or source.source_id
        report = self.report
        try:
            if not source.title:
                raise ValueError("the post has no title")
            built = build_post(source, self.people)
            author = find_author(source.author)
            warnings = list(built.warnings)
            if source.author and author is None and self.options.owner is None:
                # Only worth a warning when the draft is left without an owner.
                warnings.append(f"author {source.author!r} matches no user (kept on the post)")
            if self.options.dry_run:
                exists = LatestUpdatesPage.objects.filter(source_id=source.source_id).exists()
                page, created = None, not exists
            else:
                page, created = save_post(built, self.options.parent, self.options.owner or author)
        except (ValueError, KeyError, TypeError, DatabaseError, ValidationError) as error:
            # One bad post is reported and skipped; its transaction left nothing behind.
            report.failed += 1
            report.warn(title, f"not imported: {error}")
            return PostResult(title, "failed", error=str(error))
        for kind, _value in built.detected.parts:
            report.blocks[kind] += 1
        for warning in warnings:
            report.warn(title, warning)
        report.created += created
        report.updated += not created
        result = PostResult(
            title, "created" if created else "updated", page, built, warnings=warnings
        )
        if self.options.submit and page is not None:
            self._submit(page, self.options.owner or author, result)
        return result

    def _submit(self, page: LatestUpdatesPage, user: Any, result: PostResult) -> None:
        """Submit in the owner's name with the editorial API's own checks; a refusal is reported.

        A refused post stays imported as a draft and the run goes on: an import
        is a batch, and one post an editor must fix should not hold up the rest.
        """
        if user is None:
            reason = "it has no owner to submit it in the name of (give one with --owner)"
        else:
            try:
                # Read afresh, as the API does: the rules look at the saved state, not ours.
                submit_for_review(LatestUpdatesPage.objects.get(pk=page.pk), user)
            except SubmissionRefused as refusal:
                reason = refusal.describe()
            except DatabaseError as error:
                # Its transaction rolled back, so the draft is as imported; say so and go on.
                reason = f"the database refused it ({error})"
            else:
                self.report.submitted += 1
                return
        result.not_submitted = reason
        message = f"not submitted for review: {reason}"
        result.warnings.append(message)
        self.report.not_submitted += 1
        self.report.warn(result.title, message)
