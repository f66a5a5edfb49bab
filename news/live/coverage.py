"""Starting and ending a story's live coverage: an editor's action on the story.

The coverage times are facts about the story's running, not text under
review, so they are set on the page row directly (no page revision, no
re-review), kept when a later revision of the story is published
(`LatestUpdatesPage.with_content_json`), logged in the audit log, and
announced like an update: the story's cached answers are replaced, and ending
coverage puts `coverage.ended` in the update feed and the stream.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from news.live.models import UpdateEvent

START_ACTION = "news.start_coverage"
END_ACTION = "news.end_coverage"

LIVE = "live"
ENDED = "ended"


def coverage_status(post: Any, now: Any = None) -> str | None:
    """ "live" between the start and the end, "ended" after it, None if never started."""
    now = now or timezone.now()
    started, ended = post.coverage_started_at, post.coverage_ended_at
    if started is None or started > now:
        return None
    if ended is not None and ended <= now:
        return ENDED
    return LIVE


def coverage_refusal(post: Any) -> str:
    """Why updates cannot be added to `post` now, or "" when they can."""
    status = coverage_status(post)
    if status is None:
        return "Live coverage of this story has not started; an editor starts it on the story."
    if status == ENDED:
        return "Live coverage of this story has ended; no more updates can be added."
    return ""


def may_manage(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("news.manage_coverage"))


def _locked(post: Any) -> Any:
    return type(post).objects.select_for_update().get(pk=post.pk)


@transaction.atomic
def start_coverage(post: Any, user: Any) -> Any:
    """Open the story for updates now. Restarting an ended story opens it again."""
    if not may_manage(user):
        raise PermissionDenied("Only editors can start live coverage.")
    post = _locked(post)
    if coverage_status(post) == LIVE:
        raise ValidationError("Live coverage of this story has already started.")
    now = timezone.now().replace(microsecond=0)
    # A restart keeps the first start: readers saw coverage begin then.
    started = post.coverage_started_at if coverage_status(post) == ENDED else now
    fields = {"coverage_started_at": started, "coverage_ended_at": None, "is_running_story": True}
    type(post).objects.filter(pk=post.pk).update(**fields)
    for name, value in fields.items():
        setattr(post, name, value)
    log(instance=post, action=START_ACTION, user=user)
    _announce_story(post)
    return post


@transaction.atomic
def end_coverage(post: Any, user: Any) -> Any:
    from news.live.publishing import announce

    if not may_manage(user):
        raise PermissionDenied("Only editors can end live coverage.")
    post = _locked(post)
    if coverage_status(post) != LIVE:
        raise ValidationError("This story is not being covered live.")
    now = timezone.now().replace(microsecond=0)
    type(post).objects.filter(pk=post.pk).update(coverage_ended_at=now)
    post.coverage_ended_at = now
    log(instance=post, action=END_ACTION, user=user)
    announce(post, UpdateEvent.ENDED, None, occurred_at=now)
    return post


def _announce_story(post: Any) -> None:
    """The story's detail now says `live`: refresh it (no feed entry for a start)."""
    from cms.changelog.models import PageChange
    from cms.changelog.signals import record
    from news.live.publishing import story_is_public

    if story_is_public(post):
        record(PageChange.UPDATED, post, post.live_revision_id)
