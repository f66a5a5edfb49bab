"""Small actions the tests share."""

from __future__ import annotations

from wagtail.models import Page


def publish(page: Page, user=None) -> Page:
    """Publish the way the admin does: through a revision."""
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page
