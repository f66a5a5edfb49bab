"""The purge outbox: one row per cache to purge, per change."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class EdgePurge(models.Model):
    """Keys one cache in front must drop, written in the transaction that changed them.

    The row, not the task queue, says what is left to do (as with webhook
    deliveries): a lost task or a dead worker costs time, never a purge.
    """

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
    STATUSES = [(PENDING, "pending"), (DONE, "done"), (FAILED, "failed")]

    # A name in settings.EDGE_CACHES; the cache's address is read when sending,
    # so a row outlives a change of address.
    cache = models.CharField(max_length=64)
    keys = models.TextField(help_text="Surrogate keys, space-separated.")
    status = models.CharField(max_length=16, choices=STATUSES, default=PENDING)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    retry_until = models.DateTimeField()
    # Held by whoever is sending it; a lapsed claim belongs to a worker that died.
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name = "front-end cache purge"

    def __str__(self) -> str:
        return f"{self.cache}: {self.keys}"

    @property
    def key_list(self) -> list[str]:
        return self.keys.split()
