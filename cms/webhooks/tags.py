"""Filtering webhooks by the post's tags: parsing what an editor typed, and matching.

An endpoint with tags gets only events about posts that carry at least one of
them; an endpoint without tags gets every post. Tags are matched by **name**,
ignoring case (``Ukraine`` matches ``ukraine``): the name is what editors type
in the post's tag field and what the APIs and the webhook body's
``page.tags`` show. A live update's events are about its story, so they are
matched with the story's tags.

The tags an event is matched with are the ones its body shows, read once when
the event is recorded: for a review event, the version under review; for a
deletion, the post as it was (``remember_deleted_tags`` reads them before the
delete removes them).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

# Taggit's Tag.name is at most 100 characters: a longer name can match no post.
MAX_TAG_LENGTH = 100
MAX_TAGS = 50

# Set on a post while it is being deleted: its tags, read before its tagged items go.
_DELETED_TAGS_ATTRIBUTE = "_webhook_tags_before_delete"


class InvalidTags(ValueError):
    """Tag input an endpoint cannot use; the message says what to change, in one line."""


def parse_tags(text: str) -> list[str]:
    """Comma-separated tag names, as typed, de-duplicated ignoring case; [] for none.

    Names may hold spaces (as in the post's tag field). Empty items between
    commas are skipped; a name that no post could carry is refused.
    """
    wanted: list[str] = []
    seen: set[str] = set()
    for raw in text.split(","):
        name = " ".join(raw.split())  # inner runs of spaces count as one, as typed
        if not name:
            continue
        if len(name) > MAX_TAG_LENGTH:
            raise InvalidTags(f"tag {name[:20]!r}… is longer than {MAX_TAG_LENGTH} characters")
        if any(unicodedata.category(char).startswith("C") for char in name):
            raise InvalidTags(f"tag {name!r} has a control character")
        if name.casefold() not in seen:
            seen.add(name.casefold())
            wanted.append(name)
    if len(wanted) > MAX_TAGS:
        raise InvalidTags(f"at most {MAX_TAGS} tags (got {len(wanted)})")
    return wanted


def matches(endpoint_tags: Iterable[str], post_tags: Iterable[str]) -> bool:
    """True when the endpoint has no tags, or the post carries one of them (any case)."""
    wanted = {name.casefold() for name in endpoint_tags}
    if not wanted:
        return True
    return any(name.casefold() in wanted for name in post_tags)


def post_tags(page: Any) -> list[str]:
    """The post's tag names, sorted as the API sorts them; works on a revision's version too."""
    remembered = getattr(page, _DELETED_TAGS_ATTRIBUTE, None)
    if remembered is not None:
        return list(remembered)
    manager = getattr(page, "tags", None)
    if manager is None:  # not a post (nothing else reaches the outbox today)
        return []
    return sorted(tag.name for tag in manager.all())


def remember_deleted_tags(sender: Any, instance: Any, **kwargs: Any) -> None:
    """pre_delete of a post: keep its tags on the instance the change log announces next."""
    setattr(instance, _DELETED_TAGS_ATTRIBUTE, post_tags(instance))
