"""Version tokens that name the current state of what the APIs serve.

A cached response is stored under the tokens it depends on, so changing a
token invalidates every response built from the old state at once, on every
app server sharing the cache, without finding or deleting them. Three kinds:

- `structure`: the page tree, sites and view restrictions. Every response
  depends on it.
- `listings`: anything any listing shows; every change bumps it.
- `page:<id>`: one page's own detail, bumped when it is published,
  unpublished, moved or deleted, or when something it shows (a Person, an
  image) is edited.

A token lost from the cache (eviction, restart) is replaced by a fresh
random one, which can only cause a rebuild, never a stale answer.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from django.core.cache import cache

logger = logging.getLogger(__name__)

STRUCTURE = "delivery:v:structure"
LISTINGS = "delivery:v:listings"


def page_key(page_id: int) -> str:
    return f"delivery:v:page:{page_id}"


def current(keys: list[str]) -> str:
    """The combined token for `keys`, creating any that are missing."""
    found = cache.get_many(keys)
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        # add(), not set(): if another server created the token meanwhile, use theirs.
        for key, token in missing.items():
            if not cache.add(key, token, timeout=None):
                found[key] = cache.get(key) or token
            else:
                found[key] = token
    return ".".join(found[key] for key in keys)


def fresh_tokens(keys: Iterable[str]) -> dict[str, str]:
    return {key: uuid.uuid4().hex for key in keys}


def bump(keys: Iterable[str]) -> None:
    keys = list(keys)
    if keys:
        cache.set_many(fresh_tokens(keys), timeout=None)


def bump_pages(page_ids: Iterable[int]) -> None:
    bump([LISTINGS, *(page_key(pk) for pk in set(page_ids))])


def bump_listings() -> None:
    bump([LISTINGS])


def bump_structure() -> None:
    bump([STRUCTURE, LISTINGS])
