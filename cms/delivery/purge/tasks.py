"""The worker's task that retries one purge (cms/tasks/: the database-backed queue)."""

from __future__ import annotations

from django_tasks import task

from cms.delivery.purge import outbox
from cms.tasks import BACKEND


@task(backend=BACKEND)
def purge_edge_cache(purge_id: int) -> str:
    return outbox.attempt(purge_id)
