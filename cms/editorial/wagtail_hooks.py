"""Admin hooks for the editorial workflow: dashboard panels and audit-log labels."""

from __future__ import annotations

from typing import Any

from wagtail import hooks
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.log_actions import LogFormatter

from cms.editorial.duties import OVERRIDE_ACTION
from cms.editorial.panels import OldestFirstReviewPanel, WriterWorkPanel


@hooks.register("construct_homepage_panels")
def newsroom_dashboard(request: Any, panels: list[Any]) -> None:
    for index, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[index] = OldestFirstReviewPanel()
    panels.append(WriterWorkPanel())


@hooks.register("register_log_actions")
def register_editorial_log_actions(actions: Any) -> None:
    @actions.register_action(OVERRIDE_ACTION)
    class OverrideSeparation(LogFormatter):
        label = "Override separation of duties"

        def format_message(self, log_entry: Any) -> str:
            action = log_entry.data.get("action", "review")
            return (
                f"Superuser signed off their own work ({action}), overriding separation of duties"
            )
