"""Admin hooks for live coverage; imported by news/wagtail_hooks.py, which Wagtail loads."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from news.live.coverage import END_ACTION, START_ACTION
from news.live.publishing import WITHDRAW_ACTION


@hooks.register("register_log_actions")
def register_live_log_actions(actions: Any) -> None:
    actions.register_action(WITHDRAW_ACTION, "Withdraw live update", "Withdrew the live update")
    actions.register_action(START_ACTION, "Start live coverage", "Started live coverage")
    actions.register_action(END_ACTION, "End live coverage", "Ended live coverage")
