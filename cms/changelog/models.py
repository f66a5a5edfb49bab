"""One row per change readers could notice; the primary key is the sync cursor."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class PageChange(models.Model):
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"
    DELETED = "deleted"
    MOVED = "moved"
    # A live story's updates changed (news/live/): the post itself is unchanged,
    # but what its detail shows is not, so sync clients refetch it.
    UPDATED = "updated"
    EVENTS = [(e, e) for e in (PUBLISHED, UNPUBLISHED, DELETED, MOVED, UPDATED)]
    # Events after which readers can see the post.
    SHOWING = (PUBLISHED, MOVED, UPDATED)

    id = models.BigAutoField(primary_key=True)
    event = models.CharField(max_length=16, choices=EVENTS)
    # Plain integers, not foreign keys: the log outlives deleted pages and revisions.
    page_id = models.BigIntegerField(db_index=True)
    revision_id = models.BigIntegerField(null=True, blank=True)
    occurred_at = models.DateTimeField(default=timezone.now)
    # The public path at the time, e.g. "/latest-updates/<slug>/".
    url_path = models.TextField()

    class Meta:
        ordering = ["id"]
        verbose_name = "page change"

    def __str__(self) -> str:
        return f"#{self.pk} {self.event} page {self.page_id}"
