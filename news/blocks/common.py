"""How the blocks write values in their API JSON: people, dates and optional text."""

from __future__ import annotations

import datetime
from typing import Any

__all__ = ["iso_date", "optional", "person"]


def person(person: Any) -> dict[str, Any] | None:
    return person.api_representation() if person else None


def iso_date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def optional(text: str | None) -> str | None:
    """Absent optional text is null in the API, whether stored as "" or missing."""
    return text or None
