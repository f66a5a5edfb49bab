"""Load the chosen objects (People, images) of many updates' bodies in one go.

Wagtail batches a StreamField's chooser lookups within one stream
(`StreamValue._prefetch_blocks`), but each update has its own stream, so
rendering twenty updates that quote someone would cost twenty queries. This
does what Wagtail does for one stream across all of them: per block type, one
`bulk_to_python` call over every update's raw values. It reads StreamValue's
private `_raw_data` and `_bound_blocks` (checked against Wagtail 8.0.x); if
they are missing the bodies load lazily as before, only slower.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from wagtail.blocks import StreamValue

__all__ = ["prefetch_bodies"]


def prefetch_bodies(updates: Iterable[Any]) -> None:
    """Convert every not-yet-converted block of the updates' bodies, one batch per type,
    and load their published corrections, which every rendering of an update shows."""
    from news.corrections.representation import prefetch_update_corrections

    updates = list(updates)
    prefetch_update_corrections(updates)
    pending: dict[str, list[tuple[Any, int]]] = defaultdict(list)
    for update in updates:
        stream = update.body
        raw, bound = getattr(stream, "_raw_data", None), getattr(stream, "_bound_blocks", None)
        if raw is None or bound is None:
            return
        for index, item in enumerate(raw):
            if bound[index] is None and item is not None:
                pending[item["type"]].append((stream, index))
    for type_name, places in pending.items():
        stream_block = places[0][0].stream_block
        child = stream_block.child_blocks.get(type_name)
        if child is None:  # a block type since removed: Wagtail skips it too
            continue
        values = child.bulk_to_python(
            [stream._raw_data[index]["value"] for stream, index in places]
        )
        for (stream, index), value in zip(places, values, strict=True):
            stream._bound_blocks[index] = StreamValue.StreamChild(
                child, value, id=stream._raw_data[index].get("id")
            )
