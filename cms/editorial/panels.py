"""Dashboard panels: what a writer must work on, what an editor must review."""

from __future__ import annotations

from typing import Any

from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

from cms.editorial.stages import CHANGES_REQUESTED, DRAFT, editorial_stage
from news.posts import post_model

MAX_ROWS = 20


class WriterWorkPanel(Component):
    """A writer's own posts that are waiting on them: drafts and changes requested."""

    name = "newsroom_writer_work"
    template_name = "editorial/writer_work_panel.html"
    order = 90

    def get_context_data(self, parent_context: Any) -> dict[str, Any]:
        request = parent_context["request"]
        posts = (
            post_model()
            .objects.filter(owner=request.user)
            .select_related("latest_revision")
            .order_by("-latest_revision_created_at")[: MAX_ROWS * 3]
        )
        rows = []
        for post in posts:
            stage = editorial_stage(post)
            if stage in (DRAFT, CHANGES_REQUESTED):
                rows.append({"post": post, "stage": stage, "comment": _latest_comment(post)})
        # Changes requested first: someone is waiting for them.
        rows.sort(key=lambda row: row["stage"] != CHANGES_REQUESTED)
        return {"rows": rows[:MAX_ROWS], "request": request}


def _latest_comment(post: Any) -> str:
    state = post.current_workflow_state
    if state is None or state.current_task_state is None:
        return ""
    return state.current_task_state.get_comment()


class OldestFirstReviewPanel(WorkflowObjectsToModeratePanel):
    """Wagtail's "Awaiting your review", oldest submission first so nothing waits forever."""

    def get_context_data(self, parent_context: Any) -> dict[str, Any]:
        context = super().get_context_data(parent_context)
        context["states"] = list(reversed(context["states"]))
        return context
