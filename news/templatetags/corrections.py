"""`{% corrections_of page %}`: a post's or an update's published corrections, for readers."""

from __future__ import annotations

from typing import Any

from django import template

from news.corrections.models import Correction

register = template.Library()


@register.inclusion_tag("news/corrections/list.html")
def corrections_of(obj: Any) -> dict[str, Any]:
    from news.posts import is_update

    if obj is None or obj.pk is None:
        return {"corrections": []}
    if is_update(obj):
        found = getattr(obj, "_published_corrections", None)
        if found is None:
            found = Correction.objects.published().filter(update_id=obj.pk)
    else:
        found = Correction.objects.published().filter(post_id=obj.pk, update__isnull=True)
    return {"corrections": list(found)}
