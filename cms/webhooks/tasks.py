"""The django-tasks task that sends one webhook delivery.

It runs on the "webhooks" backend (settings.TASKS): the database, worked by
``manage.py db_worker``, so a publish never waits on a receiver. Wagtail's own
tasks stay on "default" (see cms/settings/base.py). The task carries only the
delivery's id; the row says whether anything is left to do, so a duplicate or
late task is harmless.
"""

from __future__ import annotations

from django_tasks import task

from cms.tasks import BACKEND
from cms.webhooks import delivery


@task(backend=BACKEND)
def deliver_webhook(delivery_id: str) -> str:
    return delivery.attempt(delivery_id)
