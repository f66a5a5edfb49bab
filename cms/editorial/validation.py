"""The publishing rules applied to a version of a post outside the admin form.

The admin checks them when a writer submits; the API must check the same rules
and say where each problem is, as the admin does next to the field.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError


def _flatten(data: dict[str, Any], loc: list[Any]) -> Iterator[dict[str, Any]]:
    for message in data.get("messages", []):
        yield {"loc": loc, "msg": message}
    for key, child in data.get("blockErrors", {}).items():
        yield from _flatten(child, [*loc, key])


def publishing_errors(page: Any) -> list[dict[str, Any]]:
    """Every problem that would stop this version being published, with where it is."""
    errors: list[dict[str, Any]] = []
    try:
        page.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.extend({"loc": [field], "msg": message} for message in messages)
    # Model validation does not run StreamField block rules, so run them as the form does.
    for field in page._meta.get_fields():
        block = getattr(field, "stream_block", None)
        if block is None:
            continue
        stream = getattr(page, field.name)
        try:
            block.clean(stream)
        except ValidationError as error:
            errors.extend(_with_block_ids(block_errors(error, [field.name]), stream))
    return errors


def _with_block_ids(errors: list[dict[str, Any]], stream: Any) -> list[dict[str, Any]]:
    """Name the block of each error by its id too: the index moves when blocks are reordered."""
    for error in errors:
        loc = error["loc"]
        if len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(stream):
            child = stream[loc[1]]
            error["block"] = {"index": loc[1], "id": child.id, "type": child.block_type}
    return errors


def block_errors(error: ValidationError, loc: list[Any]) -> list[dict[str, Any]]:
    """A StreamField block error as one entry per problem, each with its path in the stream."""
    data = error.as_json_data() if hasattr(error, "as_json_data") else {"messages": error.messages}
    return list(_flatten(data, loc))
