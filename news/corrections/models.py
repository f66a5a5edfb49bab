"""A correction: what was wrong in a post or a live update, and what is right.

Append-only: once published, a correction is part of the record and can be
neither changed nor deleted (`save` and `delete` refuse; the admin and the API
log each attempt). A writer's correction is a proposal (`published_at` empty)
until an editor publishes it, directly or with the content change it explains.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

TEXT_MAX = 2000


class PublishedCorrection(Exception):
    """An attempt to change or delete a published correction."""


class CorrectionQuerySet(models.QuerySet):
    def published(self) -> CorrectionQuerySet:
        return self.filter(published_at__isnull=False)

    def proposed(self) -> CorrectionQuerySet:
        return self.filter(published_at__isnull=True)

    def update(self, **kwargs: Any) -> int:
        # Bulk updates bypass save(); published rows stay as they are.
        return super(CorrectionQuerySet, self.proposed()).update(**kwargs)

    def delete(self) -> Any:
        return super(CorrectionQuerySet, self.proposed()).delete()


class Correction(models.Model):
    CORRECTION = "correction"
    CLARIFICATION = "clarification"
    RETRACTION = "retraction"
    EDITORS_NOTE = "editors_note"
    KINDS = [
        (CORRECTION, "Correction"),
        (CLARIFICATION, "Clarification"),
        (RETRACTION, "Retraction"),
        (EDITORS_NOTE, "Editor's note"),
    ]

    # The story, always; for a live update's correction, the story it belongs to,
    # so "what changed in this story" is one query.
    post = models.ForeignKey(
        "news.LatestUpdatesPage", on_delete=models.CASCADE, related_name="corrections"
    )
    update = models.ForeignKey(
        "news.LiveUpdate",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    kind = models.CharField(max_length=16, choices=KINDS, default=CORRECTION)
    text = models.TextField(
        max_length=TEXT_MAX,
        help_text="What was wrong and what is right, in plain words readers understand.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A retraction's public path when it was made: the tombstone is served there.
    retracted_path = models.TextField(blank=True, default="")

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["published_at", "pk"]
        indexes = [models.Index(fields=["post", "published_at"], name="correction_post_idx")]
        permissions = [("publish_correction", "Can publish a correction or retraction")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.target_label()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values("published_at").first()
            if stored and stored["published_at"] is not None:
                raise PublishedCorrection("A published correction cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        stored = type(self).objects.filter(pk=self.pk).values("published_at").first()
        if stored and stored["published_at"] is not None:
            raise PublishedCorrection("A published correction cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def published(self) -> bool:
        return self.published_at is not None

    @property
    def target(self) -> Any:
        return self.update if self.update_id else self.post

    def target_label(self) -> str:
        return f"update {self.update_id}" if self.update_id else f"post {self.post_id}"
