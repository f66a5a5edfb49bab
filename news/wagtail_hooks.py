"""Admin registration: the newsroom's snippets and the import screen."""

from typing import Any

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from news.import_admin.views import PERMISSION as IMPORT_PERMISSION
from news.import_admin.views import ImportJobView, ImportView
from news.models import Person


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    list_display = ["name", "role", "organisation"]
    search_fields = ["name", "role", "organisation"]
    add_to_admin_menu = True
    menu_order = 300


register_snippet(PersonViewSet)


@hooks.register("register_admin_urls")
def register_import_url() -> list[Any]:
    return [
        path("import-posts/", ImportView.as_view(), name="news_import"),
        path("import-posts/<uuid:job_id>/", ImportJobView.as_view(), name="news_import_job"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return request.user.has_perm(IMPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_import_menu_item() -> MenuItem:
    return ImportMenuItem(
        "Import posts", reverse("news_import"), icon_name="upload", name="import-posts", order=310
    )


# Live coverage's admin (news/live/): Wagtail loads only this module by name.
from news.live import wagtail_hooks as _live_hooks  # noqa: E402, F401
