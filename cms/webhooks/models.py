"""Webhook endpoints, and the outbox of events and their deliveries.

``WebhookDelivery`` is the source of truth for delivery: its status, attempt
count, next attempt time and claim say everything a worker needs, so losing a
queued task or a worker costs nothing but time (see ``delivery.sweep``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from cms.webhooks import encryption, events, signing
from cms.webhooks import tags as tag_filter


class WebhookEndpoint(models.Model):
    """A receiver: where to POST, which events it wants, and the secret it verifies with."""

    # A CharField checked by cms.webhooks.client.validate_url rather than a URLField:
    # Django's URL validator refuses single-label hosts such as http://receiver:8080/.
    url = models.CharField("URL", max_length=2000)
    description = models.CharField(max_length=255, blank=True)
    events = models.JSONField(default=list, help_text="Event names, e.g. post.published.")
    # Tag names as typed (cms/webhooks/tags.py matches them ignoring case); [] = every post.
    tags = models.JSONField(
        default=list,
        blank=True,
        help_text="Only posts with at least one of these tags; empty for every post.",
    )
    active = models.BooleanField(
        default=True, help_text="Inactive endpoints are sent nothing, and nothing is queued."
    )
    # Fernet token (cms.webhooks.encryption); the plaintext is shown once, when made.
    secret_encrypted = models.TextField(editable=False)
    secret_rotated_at = models.DateTimeField(default=timezone.now, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["id"]
        verbose_name = "webhook endpoint"

    def __str__(self) -> str:
        return self.description or self.url

    def set_new_secret(self) -> str:
        """Generate, store (encrypted) and return a new secret; the caller shows it once."""
        secret = signing.new_secret()
        self.secret_encrypted = encryption.encrypt(secret)
        self.secret_rotated_at = timezone.now()
        return secret

    @property
    def secret(self) -> str:
        return encryption.decrypt(self.secret_encrypted)

    def wants(self, event_name: str, post_tags: list[str] | None = None) -> bool:
        """Active, subscribed to the event, and (when `post_tags` is given) the tags match."""
        if not (self.active and event_name in self.events):
            return False
        return post_tags is None or tag_filter.matches(self.tags, post_tags)

    @property
    def events_display(self) -> str:
        return ", ".join(name for name in events.NAMES if name in self.events) or "none"

    @property
    def tags_display(self) -> str:
        return ", ".join(self.tags) or "any (every post)"


class WebhookEvent(models.Model):
    """Something a receiver may want to hear about, as it was when it happened."""

    id = models.BigAutoField(primary_key=True)
    # No `choices`: a new name in events.py then needs no migration (nothing edits this field).
    name = models.CharField(max_length=32)
    occurred_at = models.DateTimeField(default=timezone.now)
    # Plain integers, as in the change log: events outlive deleted pages and revisions.
    page_id = models.BigIntegerField(db_index=True)
    revision_id = models.BigIntegerField(null=True, blank=True)
    # The "page" object sent, captured at recording time (a deleted page cannot be read later).
    page = models.JSONField()
    # The change-log row this came from (published, updated, unpublished, deleted).
    change_id = models.BigIntegerField(null=True, blank=True)
    # More of the body beside "page": for update.* events, the live update's JSON.
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} page {self.page_id}"


class WebhookDelivery(models.Model):
    """One event to one endpoint; its id is the X-CMS-Delivery receivers deduplicate on."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"
    STATUSES = [(PENDING, "Pending"), (DELIVERED, "Delivered"), (FAILED, "Failed")]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    # The exact request body, built when the event was recorded: every attempt sends
    # these bytes, only the signature's timestamp changes.
    body = models.TextField()
    status = models.CharField(max_length=16, choices=STATUSES, default=PENDING)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # When the next attempt is due; null once delivered or failed.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # Retries stop (status failed) once this has passed.
    retry_until = models.DateTimeField()
    # A worker's claim: while claimed_until is in the future, nobody else sends it.
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhooks_due_idx"),
            models.Index(fields=["endpoint", "-created_at"], name="webhooks_endpoint_log_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event.name} to {self.endpoint.url} ({self.status})"

    @property
    def in_flight(self) -> bool:
        return bool(self.claimed_until and self.claimed_until > timezone.now())
