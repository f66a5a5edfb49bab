"""Wagtail's `publish_scheduled`, made safe to run from several places at once.

Wagtail's own pass reads the due revisions without a lock and publishes each
from that list, so two overlapping runs (a cron line and `run_scheduler`, two
hosts) published every post twice on PostgreSQL: two change-log rows and two
webhooks. This name now runs `publish_scheduled_once`
(cms/scheduling/publishing.py): one locked transaction per item, re-checked
after the lock, so each publish commits with its change-log row exactly once.
"""

from cms.scheduling.management.commands.publish_scheduled_once import Command

__all__ = ["Command"]
