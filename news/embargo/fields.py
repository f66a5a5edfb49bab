"""`embargo_until` as an API field: the lift time while embargoed, else null.

A published post keeps the time its embargo lifted in the row; readers have
no use for it, and a partner's client should see one meaning: null means
"not under embargo".
"""

from __future__ import annotations

from typing import Any

from rest_framework.fields import Field

from news.live.representation import iso

__all__ = ["EmbargoUntilField", "embargo_until_json"]


def embargo_until_json(obj: Any) -> str | None:
    if not getattr(obj, "embargoed", False):
        return None
    return iso(obj.embargo_until)


class EmbargoUntilField(Field):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str | None:
        return embargo_until_json(value)
