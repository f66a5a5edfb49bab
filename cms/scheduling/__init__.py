"""Scheduled publishing that is safe to run twice at once (docs/operations.md).

- ``publishing``: one pass of Wagtail's scheduled publish and expiry, with a row
  lock per item so overlapping passes act on each item exactly once;
- ``loop``: the minute-by-minute scheduler that ``manage.py run_scheduler`` runs.
"""
