"""Settings → Webhooks in the admin, and a label for the audit log's secret rotations."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from cms.webhooks.views import ROTATE_ACTION, WebhookEndpointViewSet


@hooks.register("register_admin_viewset")
def register_webhooks() -> WebhookEndpointViewSet:
    return WebhookEndpointViewSet()


@hooks.register("register_log_actions")
def register_rotate_action(actions: Any) -> None:
    actions.register_action(ROTATE_ACTION, "Rotate webhook secret", "Rotated the webhook secret")
