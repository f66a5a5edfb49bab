"""A live update and the story's update feed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from news.blocks import NewsBodyBlock

HEADLINE_MAX = 120


class LiveUpdateQuerySet(models.QuerySet):
    def public(self) -> LiveUpdateQuerySet:
        """Updates readers may see: published and not withdrawn (the story's own
        visibility is checked by whoever asks for its updates)."""
        return self.filter(live=True, withdrawn_at__isnull=True, posted_at__isnull=False)


class LiveUpdate(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model
):
    """One update inside a running story, reviewed and published on its own.

    Publishing is only ever the workflow's last step (cms/editorial/finish.py):
    no group holds `publish_liveupdate`, so no admin button or API route
    publishes an update except an editor's approval.
    """

    post = models.ForeignKey(
        "news.LatestUpdatesPage", on_delete=models.CASCADE, related_name="updates"
    )
    headline = models.CharField(max_length=HEADLINE_MAX, blank=True)
    body = StreamField(NewsBodyBlock())
    pinned = models.BooleanField(
        default=False, help_text="A key event: shown above the other updates."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_updates",
    )
    # Set once, when the update first goes live (news/live/publishing.py); an
    # editor may correct it afterwards.
    posted_at = models.DateTimeField(
        "posted at",
        null=True,
        blank=True,
        db_index=True,
        help_text="The time readers see. Set when the update is first published.",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by an editor's approval (news/embargo/): public from this time, partners before.
    embargo_until = models.DateTimeField(null=True, blank=True, editable=False)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="liveupdate")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="liveupdate",
        for_concrete_model=False,
    )

    search_fields = [
        index.SearchField("headline"),
        index.SearchField("body"),
        index.FilterField("post"),
        index.FilterField("live"),
    ]

    objects = LiveUpdateQuerySet.as_manager()

    # Kept from the row, not the revision, when a revision is published: they
    # are set outside the editing form (first publish, withdrawal).
    KEPT_ON_PUBLISH = (
        "posted_at",
        "withdrawn_at",
        "withdrawn_reason",
        "withdrawn_by_id",
        "post_id",
    )

    class Meta:
        ordering = ["-posted_at", "-pk"]
        verbose_name = "live update"
        verbose_name_plural = "live updates"
        permissions = [("withdraw_liveupdate", "Can withdraw a published live update")]
        indexes = [models.Index(fields=["post", "live", "-posted_at"], name="live_update_feed_idx")]

    def __str__(self) -> str:
        return self.headline or self.summary()

    @property
    def revisions(self) -> Any:
        return self._revisions

    def summary(self, length: int = 60) -> str:
        """The headline, or the start of the first text in the body."""
        if self.headline:
            return self.headline
        for block in self.body:
            text = block.block.get_searchable_content(block.value)
            words = " ".join(str(t) for t in text).strip()
            if words:
                return words if len(words) <= length else words[: length - 1] + "…"
        return f"Update {self.pk}" if self.pk else "New update"

    def get_admin_display_title(self) -> str:
        return str(self)

    @property
    def embargoed(self) -> bool:
        return self.embargo_until is not None and self.embargo_until > timezone.now()

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def clean(self) -> None:
        super().clean()
        if self.withdrawn_at is not None and self.pk:
            raise ValidationError("A withdrawn update cannot be changed.")

    def with_content_json(self, content: dict[str, Any]) -> LiveUpdate:
        obj = super().with_content_json(content)
        if self.pk:
            current = type(self).objects.filter(pk=self.pk).values(*self.KEPT_ON_PUBLISH).first()
            if current:
                for name, value in current.items():
                    setattr(obj, name, value)
        return obj

    def publish(self, *args: Any, **kwargs: Any) -> Any:
        # The update feed row and the change-log row commit with the publish or not at all.
        with transaction.atomic():
            return super().publish(*args, **kwargs)

    def unpublish(self, *args: Any, **kwargs: Any) -> Any:
        with transaction.atomic():
            return super().unpublish(*args, **kwargs)


class UpdateEvent(models.Model):
    """One entry in a story's update feed; the primary key is the cursor.

    Published, updated and withdrawn updates, and the end of coverage. The
    feed and the stream render an entry from the update as it is now, so a
    withdrawn update's text is never served again, even for older entries.
    """

    PUBLISHED = "published"
    UPDATED = "updated"
    WITHDRAWN = "withdrawn"
    ENDED = "coverage.ended"
    KINDS = [(k, k) for k in (PUBLISHED, UPDATED, WITHDRAWN, ENDED)]

    id = models.BigAutoField(primary_key=True)
    post_id = models.BigIntegerField(db_index=True)
    # A plain integer: the feed keeps the tombstone of a deleted update.
    update_id = models.BigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=16, choices=KINDS)
    occurred_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["post_id", "id"], name="update_event_cursor_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} update {self.update_id} of post {self.post_id}"
