"""Old Blogger links keep working: publishing an imported post redirects its legacy path.

The redirect is made at first publish, not at import: until an editor
publishes the draft, the old address has nothing public to point at.
Wagtail's redirects middleware serves it (301) once the path 404s here.
"""

from __future__ import annotations

from typing import Any

from wagtail.contrib.redirects.models import Redirect

__all__ = ["connect", "redirect_legacy_path"]


def redirect_legacy_path(sender: Any, instance: Any, **kwargs: Any) -> None:
    from news.models import LatestUpdatesPage

    if not (isinstance(instance, LatestUpdatesPage) and instance.legacy_path and instance.live):
        return
    old_path = Redirect.normalise_path(instance.legacy_path)
    if old_path == Redirect.normalise_path(instance.url_path):
        return
    site = instance.get_site()
    existing = Redirect.objects.filter(old_path=old_path, site=site).first()
    if existing is None:
        Redirect.add_redirect(old_path, redirect_to=instance, site=site, is_permanent=True)
    elif existing.redirect_page_id != instance.pk:
        # An earlier import of the same legacy URL pointed elsewhere: the newest publish wins.
        existing.redirect_page = instance
        existing.redirect_link = ""
        existing.save()


def connect() -> None:
    from wagtail.signals import page_published

    page_published.connect(redirect_legacy_path, dispatch_uid="news_legacy_redirect")
