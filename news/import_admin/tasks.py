"""The confirmed admin import, run by the worker as a django-tasks task.

It runs on the database-backed "webhooks" backend, the one `manage.py
db_worker` works (cms/tasks/), so nothing new has to be deployed.
The task carries only the job's id: the row holds the choices and the progress,
and a job that is not queued any more (run already, or a duplicate task) is left alone.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from cms.tasks import BACKEND
from news.import_admin import uploads
from news.import_admin.models import MAX_LISTED_RESULTS, MAX_LISTED_WARNINGS, ImportJob
from news.importers import ImportInputError, read_posts
from news.importers.progress import ProgressTracker, counted
from news.importers.run import ImportOptions, ImportRun

__all__ = ["run_import_job"]

logger = logging.getLogger("news.import")
# Progress is written every this many entries: often enough to watch, rarely enough to be cheap.
PROGRESS_EVERY = 10


class _JobProgress(ProgressTracker):
    """Counts entries as `counted` hands them over, saving the count now and then."""

    def __init__(self, job: ImportJob) -> None:
        self.job = job

    def advance(self) -> None:
        self.job.processed_entries += 1
        if self.job.processed_entries % PROGRESS_EVERY == 0:
            ImportJob.objects.filter(pk=self.job.pk).update(
                processed_entries=self.job.processed_entries
            )


def _claim(job_id: str) -> ImportJob | None:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != ImportJob.QUEUED:
            return None
        job.status, job.started_at = ImportJob.RUNNING, timezone.now()
        job.save(update_fields=["status", "started_at"])
        return job


@task(backend=BACKEND)
def run_import_job(job_id: str) -> str:
    job = _claim(job_id)
    if job is None:
        return "not queued"
    path = uploads.upload_path(job.upload_token, job.file_name)
    results: list[dict] = []
    run = None
    try:
        if job.parent is None:
            raise ImportInputError("the section to import into was deleted")
        entries = read_posts(path, job.format, name=job.file_name)
        job.total_entries = entries.total
        job.save(update_fields=["total_entries"])
        run = ImportRun(
            ImportOptions(parent=job.parent.specific, owner=job.owner, submit=job.submit)
        )
        for result in run.results(counted(entries, _JobProgress(job))):
            if len(results) < MAX_LISTED_RESULTS:
                results.append(
                    {
                        "title": result.title,
                        "outcome": result.outcome,
                        "page_id": result.page.pk if result.page else None,
                        "blocks": result.block_counts(),
                        "prose": result.prose,
                        "warnings": result.warnings,
                        "error": result.error,
                    }
                )
        job.status = ImportJob.DONE
    except Exception as error:  # the job says what stopped it; posts already saved stay whole
        logger.exception("Import %s of %s stopped", job.pk, job.file_name)
        job.status, job.error = ImportJob.FAILED, str(error) or error.__class__.__name__
    finally:
        uploads.remove(job.upload_token)
    if run is not None:
        report = run.report
        job.created, job.updated, job.failed = report.created, report.updated, report.failed
        job.outcome = {
            "skipped": report.skipped_by_kind(),
            "blocks": report.blocks_by_type(),
            "warnings": report.warnings[:MAX_LISTED_WARNINGS],
            "warning_count": len(report.warnings),
            "submitted": report.submitted,
            "not_submitted": report.not_submitted,
            "results": results,
        }
    job.finished_at = timezone.now()
    job.save()
    return job.status
