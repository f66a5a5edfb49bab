"""Quote provenance along the publish path: the approving editor's stamp, and the newsroom's view.

The rule (docs/trust.md, "Quote provenance"): a quote's `verified_by` is the
editor who approved the version it is in. Approval stamps every quote of the
approved revision (`stamp_verification`, called by the Editor approval task
before Wagtail publishes that revision, so the published body carries it); a
save by anyone else writes a new revision whose quotes carry no stamp (the
block drops it on every form or API write), until the next approval.

Readers never see the note or the verifier: the block's API JSON leaves them
out, and only `editorial_quotes` (the editorial API) shows them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from modelcluster.models import get_field_value

from news.blocks.common import optional
from news.blocks.provenance import EditorialQuoteProvenance
from news.blocks.quote import QuoteBlock

__all__ = ["EditorialQuoteProvenance", "editorial_quotes", "stamp_verification"]


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
