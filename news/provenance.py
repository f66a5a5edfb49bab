"""Quote provenance along the publish path: the approving editor's stamp, and the newsroom's view.

The rule (docs/trust.md, "Quote provenance"): a quote's `verified_by` is the
editor who approved the version it is in. Approval stamps every quote of the
approved revision (`stamp_verification`, called by the Editor approval task
before Wagtail publishes that revision, so the published body carries it). A
new revision never carries a stamp, whoever writes it and however (admin form,
API write, revert, code): `unstamp_new_revision` clears it as the revision row
is created, so only approval, which changes an existing revision, can set it.

Readers never see the note or the verifier: the block's API JSON leaves them
out, and only `editorial_quotes` (the editorial API) shows them.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save
from django.utils import timezone
from modelcluster.models import get_field_value

from news.blocks.common import optional
from news.blocks.provenance import VERIFICATION_FIELDS, EditorialQuoteProvenance
from news.blocks.quote import QuoteBlock

__all__ = [
    "EditorialQuoteProvenance",
    "connect",
    "editorial_quotes",
    "stamp_verification",
    "unstamp_new_revision",
]


def _quotes(obj: Any) -> Iterator[tuple[Any, int, Any]]:
    """(stream field, index in the stream, child) of every quote in `obj`'s stream fields."""
    for field in obj._meta.get_fields():
        if getattr(field, "stream_block", None) is None:
            continue
        for index, child in enumerate(getattr(obj, field.name)):
            if isinstance(child.block, QuoteBlock):
                yield field, index, child


def stamp_verification(revision: Any, user: Any, when: datetime.datetime | None = None) -> int:
    """Record `user` as the verifier of every quote in `revision`; how many quotes.

    Writes the revision's stored content, as Wagtail's own scheduling does with
    `go_live_at`, so publishing this revision publishes the stamp with it.
    """
    when = when or timezone.now()
    obj = revision.as_object()
    fields = {}
    count = 0
    for field, _index, child in _quotes(obj):
        child.value["provenance"]["verified_by"] = user.pk
        child.value["provenance"]["verified_at"] = when
        fields[field.name] = field
        count += 1
    for name, field in fields.items():
        revision.content[name] = get_field_value(field, obj)
    if fields:
        revision.save(update_fields=["content"])
    return count


def editorial_quotes(obj: Any) -> list[dict[str, Any]]:
    """Every quote of `obj` (a version of a post or update) with its full provenance."""
    quotes = list(_quotes(obj))
    ids = {child.value["provenance"]["verified_by"] for _f, _i, child in quotes} - {None}
    users = get_user_model().objects.in_bulk(ids)
    answer = []
    for field, index, child in quotes:
        provenance = child.value["provenance"]
        verifier = users.get(provenance["verified_by"])
        answer.append(
            {
                "field": field.name,
                "index": index,
                "id": child.id,
                "text": child.value["text"],
                "provenance": {
                    "method": optional(provenance["method"]),
                    "source_url": optional(child.value.link),
                    "note": optional(provenance["note"]),
                    "verified_by": {
                        "id": verifier.pk,
                        "name": verifier.get_full_name() or verifier.get_username(),
                    }
                    if verifier
                    else None,
                    "verified_at": provenance["verified_at"] if verifier else None,
                },
            }
        )
    return answer


def _quote_types(model: Any) -> dict[str, set[str]]:
    """{stream field name: names of its quote children} for `model`."""
    found: dict[str, set[str]] = {}
    for field in model._meta.get_fields():
        block = getattr(field, "stream_block", None)
        if block is not None:
            names = {n for n, child in block.child_blocks.items() if isinstance(child, QuoteBlock)}
            if names:
                found[field.name] = names
    return found


def _unstamped(stream: list[Any], quote_types: set[str]) -> bool:
    """Clear the stamp of every quote in a stream's stored JSON; whether any was set."""
    changed = False
    for item in stream:
        if not isinstance(item, dict) or item.get("type") not in quote_types:
            continue
        provenance = (item.get("value") or {}).get("provenance")
        if not isinstance(provenance, dict):
            continue
        for name in VERIFICATION_FIELDS:
            if provenance.get(name) is not None:
                provenance[name] = None
                changed = True
    return changed


def unstamp_new_revision(sender: Any, instance: Any, **kwargs: Any) -> None:
    """pre_save of Revision: a revision being created carries no verification."""
    if not instance._state.adding or not isinstance(instance.content, dict):
        return
    model = instance.content_type.model_class() if instance.content_type_id else None
    if model is None:
        return
    for name, quote_types in _quote_types(model).items():
        stored = instance.content.get(name)
        # Wagtail stores a stream as JSON text in the revision; accept a list as well.
        stream = json.loads(stored) if isinstance(stored, str) else stored
        if isinstance(stream, list) and _unstamped(stream, quote_types):
            instance.content[name] = json.dumps(stream) if isinstance(stored, str) else stream


def connect() -> None:
    from wagtail.models import Revision

    pre_save.connect(unstamp_new_revision, sender=Revision, dispatch_uid="news.provenance.unstamp")
