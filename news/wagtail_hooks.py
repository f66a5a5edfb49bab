"""Admin registration for the newsroom's snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
