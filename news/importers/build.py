"""Detected parts as StreamField values, and a draft LatestUpdatesPage made or updated.

Each post is saved in its own transaction (`save_post` is atomic), together with
the people it names for the first time: a crash or a bad post leaves no
half-made page and no stray Person, and the posts before it stay imported, so a
2,000-post export does not hang on one database transaction or lose all its
work to one broken entry. Re-running is safe because posts are matched by the
source id stored on the page.
"""

from __future__ import annotations

import datetime
import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.text import slugify
from wagtail.blocks import (
    CharBlock,
    ChoiceBlock,
    ListBlock,
    StreamValue,
    StructBlock,
    TextBlock,
    URLBlock,
)
from wagtail.models import Page
from wagtail.rich_text import RichText

from news.importers.detect import STANDFIRST_MAX, Detected, detect
from news.importers.people import PersonRef
from news.importers.sources import SourcePost
from news.importers.text import html_paragraphs, text_paragraphs
from news.models import LatestUpdatesPage, Person

__all__ = ["BuiltPost", "PeopleResolver", "build_post", "save_post"]


class PeopleResolver:
    """Speakers matched to Person snippets by name; a missing one is made but left unsaved.

    A new person is saved by `save_post`, in the transaction of the post that
    names them, so a post that fails to import adds nobody to the people list.
    One resolver serves a whole run, so two posts naming the same newcomer share
    one Person: whichever is saved first creates the row.
    """

    def __init__(self) -> None:
        self.cache: dict[str, Person] = {}

    def __call__(self, ref: PersonRef | None) -> Person | None:
        if ref is None:
            return None
        if ref.name in self.cache:
            return self.cache[ref.name]
        person = Person.objects.filter(name__iexact=ref.name).first()
        if person is None and " " not in ref.name:
            matches = list(Person.objects.filter(name__iendswith=f" {ref.name}")[:2])
            person = matches[0] if len(matches) == 1 else None
        if person is None:
            person = Person(name=ref.name, role=ref.role[:255])
        self.cache[ref.name] = person
        return person


@dataclass
class BuiltPost:
    source: SourcePost
    standfirst: str
    body: StreamValue
    detected: Detected
    warnings: list[str] = field(default_factory=list)
    # Everyone the body refers to, some perhaps not saved yet (see PeopleResolver).
    people: list[Person] = field(default_factory=list)

    def unsaved_people(self) -> list[Person]:
        unsaved: dict[int, Person] = {}
        for person in self.people:
            if person._state.adding:
                unsaved.setdefault(id(person), person)
        return list(unsaved.values())

    def dateline(self) -> datetime.date:
        return self.source.published or datetime.date.today()

    def api_body(self) -> list[dict[str, Any]]:
        """The body as the delivery API serves it: each block's own get_api_representation."""
        return self.body.stream_block.get_api_representation(self.body)

    def as_json(self) -> dict[str, Any]:
        data = {
            "title": self.source.title,
            "standfirst": self.standfirst,
            "tags": self.source.labels,
            "dateline": self.dateline().isoformat(),
            "source_url": self.source.url,
            "legacy_path": self.source.legacy_path,
            "status_in_source": self.source.status,
            "body": self.api_body(),
        }
        # Round-trip through JSON so Decimals and dates come out as the API writes them.
        return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _paragraph(text: str) -> RichText:
    # Only &, < and > need escaping in rich text; apostrophes stay readable in the API.
    lines = (html.escape(line, quote=False) for line in text.split("\n"))
    return RichText("<p>" + "<br/>".join(lines) + "</p>")


def _blank(block: Any) -> Any:
    """A child block's empty value: nothing for lists, structs and choices, never a default."""
    if isinstance(block, ListBlock):
        return []
    if isinstance(block, StructBlock):
        return {n: _blank(child) for n, child in block.child_blocks.items()}
    if isinstance(block, (CharBlock, TextBlock, ChoiceBlock, URLBlock)):
        return ""
    return None


_LABELS = {"quote": "quote", "aid_package": "aid package"}


def _to_fill_in(kind: str, n: int, value: dict[str, Any], notes: list[str]) -> list[str]:
    """What the editor must fill in or check in the n-th block of its kind.

    A quote's provenance is never in the source (docs/trust.md), so every quote asks for it.
    """
    label = f"{_LABELS[kind]} {n}"
    lines = []
    if kind == "quote":
        lines.append(f"{label}: provenance method to fill in")
        speaker = value.get("speaker")
        if not speaker and not value.get("attribution"):
            lines.append(f"{label}: speaker to fill in")
        elif speaker is not None and not speaker.role:
            lines.append(f"{label}: speaker's role to fill in (not given in the text)")
    else:
        missing = [f for f in ("donor", "recipient") if not value.get(f)]
        if value.get("amount") is not None and not value.get("currency"):
            missing.append("currency")
        if value.get("amount") is None and not value.get("items"):
            missing.append("amount or items")
        lines.extend(f"{label}: {field} to fill in" for field in missing)
    lines.extend(f"{label}: {note}" for note in notes)
    return lines


def _value(kind: str, value: Any, people: Callable[[PersonRef | None], Person | None]) -> Any:
    if kind == "paragraph":
        return _paragraph(value)
    if kind == "quote":
        return {**value, "speaker": people(value["speaker"])}
    if kind == "aid_package":
        return {**value, "announced_by": people(value["announced_by"])}
    return value


def build_post(source: SourcePost, people: PeopleResolver) -> BuiltPost:
    """The post's draft content, writing nothing: its new people are saved with it."""
    named: list[Person] = []

    def resolve(ref: PersonRef | None) -> Person | None:
        person = people(ref)
        if person is not None:
            named.append(person)
        return person

    paragraphs = (
        html_paragraphs(source.content)
        if source.content_type == "html"
        else text_paragraphs(source.content)
    )
    detected = detect(paragraphs, post_date=source.published)
    warnings = list(detected.warnings)
    standfirst = detected.standfirst
    if not standfirst:
        # The field is required: fall back to the title, and tell the editor.
        standfirst = source.title[:STANDFIRST_MAX]
    stream_block = LatestUpdatesPage.body.field.stream_block
    raw = []
    counters: dict[str, int] = {}
    for kind, value in detected.parts:
        notes: list[str] = []
        if isinstance(value, dict):
            value = dict(value)
            notes = value.pop("_notes", [])
        value = _value(kind, value, resolve)
        if isinstance(value, dict):
            # Every field present, as a value loaded from the database would have them, but
            # empty: a block's default (a recipient, a category) is not something the text said.
            children = stream_block.child_blocks[kind].child_blocks
            blanks = {n: _blank(child) for n, child in children.items()}
            value = {**blanks, **value}
        raw.append((kind, value))
        if kind in ("quote", "aid_package"):
            counters[kind] = counters.get(kind, 0) + 1
            warnings.extend(_to_fill_in(kind, counters[kind], value, notes))
    body = stream_block.normalize(raw)
    if not source.published:
        warnings.append("no publish date in the source: dateline set to today")
    return BuiltPost(source, standfirst, body, detected, warnings, named)


def _unique_slug(parent: Page, title: str, page: LatestUpdatesPage | None) -> str:
    base = slugify(title)[:200] or "imported-post"
    slug, n = base, 1
    siblings = parent.get_children()
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    while siblings.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def find_author(name: str) -> Any:
    """The user whose full name or username is the source's author name, if exactly one."""
    if not name:
        return None
    User = get_user_model()
    first, _space, last = name.strip().partition(" ")
    matches = list(
        User.objects.filter(first_name__iexact=first, last_name__iexact=last)[:2]
        if last
        else User.objects.filter(username__iexact=name.strip())[:2]
    )
    return matches[0] if len(matches) == 1 else None


def save_post(built: BuiltPost, parent: Page, owner: Any) -> tuple[LatestUpdatesPage, bool]:
    """Create the draft, or add a new draft revision to the page imported before.

    Never publishes: the page is saved with live=False and only a revision is added,
    so an imported post reaches readers only through the editorial workflow.
    The people the post names for the first time are created in the same
    transaction, so a post that fails leaves no Person, page or revision behind.
    """
    new_people = built.unsaved_people()
    try:
        with transaction.atomic():
            for person in new_people:
                person.save()
            return _save_page(built, parent, owner)
    except BaseException:
        # Their rows were rolled back, but the resolver still hands these objects to
        # later posts: unsaved again, the next post naming them creates them anew
        # instead of pointing its blocks at a row that no longer exists.
        for person in new_people:
            person.pk = None
            person._state.adding = True
        raise


def _save_page(built: BuiltPost, parent: Page, owner: Any) -> tuple[LatestUpdatesPage, bool]:
    source = built.source
    existing = LatestUpdatesPage.objects.filter(source_id=source.source_id).first()
    fields = {
        "title": source.title[:255],
        "standfirst": built.standfirst,
        "dateline": built.dateline(),
        "source_url": source.url[:500],
        "legacy_path": source.legacy_path[:500],
        "source_author": source.author[:255],
        "body": built.body,
    }
    if existing is None:
        page = LatestUpdatesPage(
            **fields,
            slug=_unique_slug(parent, source.title, None),
            source_id=source.source_id,
            owner=owner,
            live=False,
        )
        page.tags.set(source.labels)
        parent.add_child(instance=page)
        created = True
    else:
        page = existing.get_latest_revision_as_object()
        for name, value in fields.items():
            setattr(page, name, value)
        page.tags.set(source.labels)
        created = False
    page.save_revision(user=owner, log_action=True)
    return page, created
