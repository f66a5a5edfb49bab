"""An update's stage in the newsroom's words, read from Wagtail's own state."""

from __future__ import annotations

from typing import Any

from cms.editorial.stages import stage_label

WITHDRAWN = "withdrawn"


def update_stage(update: Any) -> str:
    """ "draft", "in review", "changes requested", "published" (+ a newer stage), or "withdrawn"."""
    if update.withdrawn_at is not None:
        return WITHDRAWN
    return stage_label(update)
