"""An admin import confirmed by an editor and run by the worker, with its progress.

A large export takes minutes to import (docs/performance.md), longer than any
request should live, so the confirmed import runs as a django-tasks task on the
worker (`manage.py db_worker`) and the editor watches this row fill in.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

__all__ = ["ImportJob"]

# What the job page lists; the counts cover everything however long the file.
MAX_LISTED_RESULTS = 5000
MAX_LISTED_WARNINGS = 1000


class ImportJob(models.Model):
    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [
        (QUEUED, "Waiting for the worker"),
        (RUNNING, "Importing"),
        (DONE, "Done"),
        (FAILED, "Stopped by an error"),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    file_name = models.CharField(max_length=255)
    # Where the upload waits for the worker (news/import_admin/uploads.py).
    upload_token = models.CharField(max_length=64)
    format = models.CharField(max_length=16)
    parent = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submit = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=STATUSES, default=QUEUED)
    total_entries = models.PositiveIntegerField(default=0)
    processed_entries = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    # {"skipped": [[kind, n]...], "blocks": [[type, n]...], "warnings": [...], "results": [...]}
    outcome = models.JSONField(default=dict)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "import"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.DONE, self.FAILED)

    @property
    def percent(self) -> int:
        if not self.total_entries:
            return 0
        return min(100, 100 * self.processed_entries // self.total_entries)
