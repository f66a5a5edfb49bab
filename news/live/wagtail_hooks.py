"""Admin hooks for live coverage; imported by news/wagtail_hooks.py, which Wagtail loads."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet

from news.live.admin import LiveUpdateViewSet
from news.live.coverage import END_ACTION, START_ACTION
from news.live.coverage_views import coverage_view
from news.live.desk import desk_decide_view, desk_items_view, desk_view, may_use_desk
from news.live.panels import story_links
from news.live.posted_time import CORRECT_TIME_ACTION
from news.live.publishing import WITHDRAW_ACTION

register_snippet(LiveUpdateViewSet)


@hooks.register("register_log_actions")
def register_live_log_actions(actions: Any) -> None:
    actions.register_action(WITHDRAW_ACTION, "Withdraw live update", "Withdrew the live update")
    actions.register_action(START_ACTION, "Start live coverage", "Started live coverage")
    actions.register_action(END_ACTION, "End live coverage", "Ended live coverage")
    actions.register_action(
        CORRECT_TIME_ACTION, "Correct update time", "Corrected the time readers see"
    )


@hooks.register("register_admin_urls")
def register_live_urls() -> list[Any]:
    return [
        path("live-desk/", desk_view, name="live_desk"),
        path("live-desk/items/", desk_items_view, name="live_desk_items"),
        path("live-desk/<int:pk>/<str:action>/", desk_decide_view, name="live_desk_decide"),
        path("live-coverage/<int:page_id>/<str:action>/", coverage_view, name="live_coverage"),
    ]


class DeskMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return may_use_desk(request.user)


@hooks.register("register_admin_menu_item")
def register_desk_menu_item() -> MenuItem:
    return DeskMenuItem(
        "Live desk", reverse("live_desk"), icon_name="time", name="live-desk", order=204
    )


LABELS = {
    "new_update": ("New update", "plus", 1),
    "updates": ("Live updates", "time", 2),
    "start": ("Start live coverage", "time", 3),
    "end": ("End live coverage", "time", 3),
}


@hooks.register("register_page_header_buttons")
def live_story_header_buttons(
    page: Any, user: Any, view_name: str, next_url: str | None = None
) -> list[Any]:
    from news.posts import is_post

    if view_name != "edit" or not is_post(page):
        return []
    buttons = []
    for key, url in story_links(page.specific, user).items():
        label, icon, priority = LABELS[key]
        buttons.append(Button(label, url=url, icon_name=icon, priority=priority))
    return buttons
