"""A post's `tags` field: modelcluster's, loading a revision's tags in one query.

The admin opens a post for editing (and previews it) from its latest
revision. A revision's tagged items carry only tag ids, and modelcluster
then read each item's tag with a query of its own, so the edit view's query
count followed the post's number of tags. Here the tags still missing are
read together, in one query, before anything asks for them. Tags already
loaded (a post read from the database, or tags just added) are left as they
are, so unsaved changes show exactly as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from modelcluster.contrib.taggit import ClusterTaggableManager, _ClusterTaggableManager

__all__ = ["ClusterTagsField", "load_tags"]


def load_tags(through: Any, tagged_items: Iterable[Any]) -> list[Any]:
    """The tagged items, each with its tag loaded: one query for all those not yet loaded."""
    items = list(tagged_items)
    missing = {
        item.tag_id for item in items if item.tag_id is not None and not through.tag.is_cached(item)
    }
    if missing:
        tags = through.tag_model()._default_manager.in_bulk(missing)
        for item in items:
            if item.tag_id in tags and not through.tag.is_cached(item):
                item.tag = tags[item.tag_id]
    return items


class _TagsManager(_ClusterTaggableManager):
    def get_queryset(self, extra_filters: Any = None) -> Any:
        if self.instance is not None and self.get_tagged_item_manager().is_deferring:
            # In memory, as from a revision: modelcluster reads `item.tag` one by one next.
            load_tags(self.through, self.get_tagged_item_manager().all())
        return super().get_queryset(extra_filters)


class ClusterTagsField(ClusterTaggableManager):
    """`ClusterTaggableManager` whose tags, read from a revision, cost one query in all."""

    def __get__(self, instance: Any, model: Any) -> Any:
        return _TagsManager(
            through=self.through, model=model, instance=instance, prefetch_cache_name=self.name
        )

    def value_from_object(self, instance: Any) -> list[Any]:
        # What the admin form shows; modelcluster's own version reads one tag per query.
        rel_name = self.through._meta.get_field("content_object").remote_field.get_accessor_name()
        items = load_tags(self.through, getattr(instance, rel_name).all())
        return [item.tag for item in items]
