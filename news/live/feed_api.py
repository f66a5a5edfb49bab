"""Routes of live coverage (news/live/); mounted by cms/api.py."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["news"])
