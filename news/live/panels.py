"""The story edit view's "Live updates" panel: its updates and a New update button."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from wagtail.admin.panels import Panel

from news.live.coverage import LIVE, coverage_status, may_manage
from news.live.stages import update_stage

SHOWN = 10


def story_links(story: Any, user: Any) -> dict[str, str]:
    """The admin links for a story's live coverage that `user` may follow."""
    from news.live.admin import URL_NAMESPACE

    links = {}
    status = coverage_status(story)
    if status == LIVE and user.has_perm("news.add_liveupdate"):
        links["new_update"] = f"{reverse(f'{URL_NAMESPACE}:add')}?post={story.pk}"
    if user.has_perm("news.view_liveupdate") or user.has_perm("news.change_liveupdate"):
        links["updates"] = f"{reverse(f'{URL_NAMESPACE}:list')}?post={story.pk}"
    if may_manage(user):
        action = "end" if status == LIVE else "start"
        links[action] = reverse("live_coverage", args=[story.pk, action])
    return links


class LiveUpdatesPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "news/live/story_panel.html"

        def is_shown(self) -> bool:
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
            from news.live.admin import URL_NAMESPACE

            context = super().get_context_data(parent_context)
            story = self.instance
            updates = list(story.updates.select_related("author").order_by("-created_at")[:SHOWN])
            context.update(
                status=coverage_status(story),
                links=story_links(story, self.request.user),
                rows=[
                    {
                        "update": update,
                        "stage": update_stage(update),
                        "url": reverse(f"{URL_NAMESPACE}:edit", args=[update.pk]),
                    }
                    for update in updates
                ],
                more=story.updates.count() > SHOWN,
            )
            return context
