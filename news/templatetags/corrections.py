"""`{% corrections_of page %}`: a post's or an update's published corrections, for readers."""

from __future__ import annotations

from typing import Any

from django import template

from news.corrections.representation import published_corrections

register = template.Library()


@register.inclusion_tag("news/corrections/list.html")
def corrections_of(obj: Any) -> dict[str, Any]:
    return {"corrections": published_corrections(obj) if obj is not None else []}
