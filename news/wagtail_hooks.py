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


@hooks.register("register_admin_urls")
def register_correction_urls() -> list[Any]:
    from news.corrections.admin import add_view, discard_view, publish_view

    return [
        path("corrections/add/<str:kind>/<int:pk>/", add_view, name="corrections_add"),
        path("corrections/<int:pk>/publish/", publish_view, name="corrections_publish"),
        path("corrections/<int:pk>/discard/", discard_view, name="corrections_discard"),
    ]


@hooks.register("register_log_actions")
def register_correction_log_actions(actions: Any) -> None:
    from news.corrections.api import EDIT_ACTION
    from news.corrections.publishing import ADD_ACTION, PUBLISH_ACTION, REFUSED_ACTION

    actions.register_action(ADD_ACTION, "Add correction", "Added a correction")
    actions.register_action(PUBLISH_ACTION, "Publish correction", "Published a correction")
    actions.register_action(
        REFUSED_ACTION, "Refused correction change", "Tried to change a published correction"
    )
    actions.register_action(EDIT_ACTION, "Edit correction proposal", "Edited a proposed correction")
    actions.register_action(
        "news.correction.discard", "Discard correction proposal", "Discarded a proposed correction"
    )
