"""The workflow's last step: publish what the editor approved.

Wagtail's default (`wagtail.workflows.publish_workflow_state`) publishes as
the approving user, so the publish checks that user's publish permission.
Pages keep that: Editors hold page publish rights, and the separation of
duties lives in their permission tester. A live update is different: no group
holds `publish_liveupdate`, so that no admin button or API route can publish
one except through review; the approval (already checked by the Editor
approval task: an editor, not their own work, one decision) is the permission.
"""

from __future__ import annotations

from typing import Any

from wagtail.workflows import publish_workflow_state


def publish_approved(workflow_state: Any, user: Any = None) -> None:
    from news.posts import is_update

    obj = workflow_state.content_object
    if is_update(obj):
        obj.get_latest_revision().publish(user=user, skip_permission_checks=True)
        return
    publish_workflow_state(workflow_state, user=user)
