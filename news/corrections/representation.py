"""What readers and partners see of corrections: JSON, dates and schema.org."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from rest_framework.fields import Field

from news.corrections.models import Correction
from news.live.representation import iso

__all__ = [
    "CorrectionsField",
    "correction_json",
    "corrections_json",
    "published_corrections",
    "json_ld_corrections",
    "modified_at",
    "prefetch_update_corrections",
]


def correction_json(correction: Correction) -> dict[str, Any]:
    """`{"kind", "text", "published_at"}`: never who wrote or published it."""
    return {
        "kind": correction.kind,
        "text": correction.text,
        "published_at": iso(correction.published_at),
    }


def _published_on_post(post: Any) -> list[Correction]:
    """Read once per post instance: the detail's `corrections` and its JSON-LD both show them."""
    if post.pk is None:
        return []
    found = getattr(post, "_own_corrections", None)
    if found is None:
        found = list(Correction.objects.published().filter(post_id=post.pk, update__isnull=True))
        post._own_corrections = found
    return found


def published_corrections(obj: Any) -> list[Correction]:
    """A post's own (or an update's) published corrections, oldest first."""
    from news.posts import is_update

    if not is_update(obj):
        return _published_on_post(obj)
    if obj.pk is None:
        return []
    found = getattr(obj, "_published_corrections", None)
    if found is None:
        found = list(Correction.objects.published().filter(update_id=obj.pk))
        obj._published_corrections = found
    return found


def corrections_json(obj: Any) -> list[dict[str, Any]]:
    return [correction_json(correction) for correction in published_corrections(obj)]


def prefetch_update_corrections(updates: Iterable[Any]) -> None:
    """Load many updates' published corrections in one query (feeds, the detail)."""
    updates = [update for update in updates if update.pk is not None]
    if not updates:
        return
    found: dict[int, list[Correction]] = defaultdict(list)
    for correction in Correction.objects.published().filter(
        update_id__in=[update.pk for update in updates]
    ):
        found[correction.update_id].append(correction)
    for update in updates:
        update._published_corrections = found.get(update.pk, [])


def last_corrected_at(post: Any) -> datetime.datetime | None:
    """The latest correction on the story or any of its updates."""
    if post.pk is None:
        return None
    annotated = getattr(post, "last_corrected_at", None)
    if annotated is not None or hasattr(post, "last_corrected_at"):
        return annotated
    latest = (
        Correction.objects.published()
        .filter(post_id=post.pk)
        .order_by("-published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return latest


def modified_at(post: Any) -> datetime.datetime | None:
    """When readers last saw the story change: a publish or a correction."""
    moments = [post.last_published_at or post.first_published_at, last_corrected_at(post)]
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else None


def json_ld_corrections(post: Any, iso: Any = iso) -> list[dict[str, Any]]:
    """schema.org `correction`: one CorrectionComment per published correction of the
    post, its date written by `iso` (the JSON-LD's own date format)."""
    return [
        {
            "@type": "CorrectionComment",
            "text": correction.text,
            "datePublished": iso(correction.published_at),
        }
        for correction in _published_on_post(post)
    ]


class CorrectionsField(Field):
    """`corrections` as an API field, in v2 and (through Wagtail's shim) v3."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> list[dict[str, Any]]:
        return corrections_json(value)
