"""The five stages a newsroom talks about, derived from Wagtail's own state.

Nothing is stored: the stage is read from the page's live flag, its scheduled
revision and its current workflow state, so it can never disagree with them.
"""

from __future__ import annotations

from typing import Any

from wagtail.models import WorkflowState

DRAFT = "draft"
IN_REVIEW = "in review"
CHANGES_REQUESTED = "changes requested"
SCHEDULED = "scheduled"
PUBLISHED = "published"
STAGES = (DRAFT, IN_REVIEW, CHANGES_REQUESTED, SCHEDULED, PUBLISHED)


def editorial_stage(page: Any) -> str:
    """The stage of the post's newest version."""
    workflow_state = page.current_workflow_state
    if workflow_state is not None:
        if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
            return IN_REVIEW
        return CHANGES_REQUESTED
    if page.approved_schedule:
        return SCHEDULED
    if page.live and not page.has_unpublished_changes:
        return PUBLISHED
    return DRAFT


def stage_label(page: Any) -> str:
    """For admin listings, which also need to say that an older version is live."""
    stage = editorial_stage(page)
    if page.live and stage != PUBLISHED:
        return f"{PUBLISHED} + {stage}"
    return stage
