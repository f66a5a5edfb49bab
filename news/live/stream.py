"""Pushing a story's update events to the readers holding its stream open.

Filled in by the stream delivery (news/live/delivery_api.py); connected to
`post_changed` by cms.changelog.events in its stated order.
"""

from __future__ import annotations

from typing import Any

from cms.changelog.events import PostChange


def on_post_changed(sender: Any, change: PostChange, **kwargs: Any) -> None:
    """Nothing to push yet: streams read the feed table directly."""
