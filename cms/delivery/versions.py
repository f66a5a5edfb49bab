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

Where the tokens live (the shared cache, or files every process on the
machine reads) is tokens.py's business. A token lost (eviction, restart) is
replaced by a fresh random one, which can only cause a rebuild, never a stale
answer.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from cms.delivery import tokens

logger = logging.getLogger(__name__)

STRUCTURE = "delivery:v:structure"
LISTINGS = "delivery:v:listings"


def page_key(page_id: int) -> str:
    return f"delivery:v:page:{page_id}"


def combined(keys: list[str], found: dict[str, str]) -> str:
    """The combined token for `keys` given those already read, creating any that are missing."""
    store = tokens.store()
    return ".".join(
        found[key] if key in found else store.create(key, tokens.new_token()) for key in keys
    )


def current(keys: list[str]) -> str:
    """The combined token for `keys`, creating any that are missing."""
    return combined(keys, tokens.store().read(keys))


def fresh_tokens(keys: Iterable[str]) -> dict[str, str]:
    return {key: tokens.new_token() for key in keys}


def bump(keys: Iterable[str]) -> None:
    keys = list(keys)
    if keys:
        tokens.store().bump(keys)


def bump_pages(page_ids: Iterable[int]) -> None:
    bump([LISTINGS, *(page_key(pk) for pk in set(page_ids))])


def bump_listings() -> None:
    bump([LISTINGS])


def bump_structure() -> None:
    bump([STRUCTURE, LISTINGS])
