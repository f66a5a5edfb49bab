"""Signed, retried webhooks for Latest Updates posts (docs/webhooks.md).

How an event travels:

1. ``outbox``: signal handlers turn a change-log row (published, updated,
   unpublished, deleted) or a review step (submitted, approved, rejected) into
   one ``WebhookEvent`` and one ``WebhookDelivery`` per active endpoint that asked
   for it (by event, and by the post's tags: ``tags``), in the transaction that
   made the change (a transactional outbox), with the request body built and
   stored there and then.
2. On commit, one ``deliver_webhook`` task per delivery is enqueued on the
   "webhooks" django-tasks backend (the database), which ``manage.py db_worker``
   runs (``tasks``).
3. ``delivery`` claims the row, signs the stored body (``signing``: Standard
   Webhooks' headers and our ``X-CMS-Signature``) and POSTs it with the guarded
   client (``client``); a failure is retried with exponential
   backoff and full jitter until ``WEBHOOKS_RETRY_HOURS`` have passed.
4. The worker's sweep (``cms/tasks/management/commands/db_worker.py``) sends whatever is
   due but was never picked up: a task lost before it was enqueued, or a claim
   left by a worker that died mid-delivery.

The delivery row, not the task queue, is the source of truth, so a restart of
the app or the worker loses nothing; delivery is at least once, and every
attempt of a delivery carries the same id for receivers to deduplicate on.
"""
