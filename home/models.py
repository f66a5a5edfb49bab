"""The site root."""

from __future__ import annotations

from typing import Any

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

# How many recent posts the home page shows before linking to the section.
HOME_POST_COUNT = 5


class HomePage(Page):
    introduction = models.CharField(max_length=400, blank=True)

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.NewsIndexPage"]
    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from news.models import NewsIndexPage

        context = super().get_context(request, *args, **kwargs)
        section = NewsIndexPage.objects.child_of(self).live().first()
        context["section"] = section
        context["latest_posts"] = section.live_posts()[:HOME_POST_COUNT] if section else []
        return context
