"""The background worker: django-tasks' database backend and its `db_worker` command.

Wagtail's own tasks (search and reference index updates, renditions) run at
once on the "default" backend, in the process that asks. Work that must not
hold up a request is queued on the database-backed backend named by
`BACKEND` (settings.TASKS) and run by `python manage.py db_worker`
(`management/commands/db_worker.py`), which `make run` and `make serve` start:

- webhook deliveries (cms.webhooks.tasks), with the worker's sweep for lost or
  interrupted ones;
- confirmed admin imports (news.import_admin.tasks).

The backend keeps the name "webhooks", the name queued tasks are stored under.
"""

__all__ = ["BACKEND"]

# The database-backed django-tasks backend db_worker works (settings.TASKS).
BACKEND = "webhooks"
