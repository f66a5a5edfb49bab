"""Site search for readers: live, public pages only, through Wagtail's search backend."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.models import Page

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("query", "").strip()[:MAX_QUERY_LENGTH]
    # Words only: NUL cannot reach the database and the SQLite backend cannot
    # take a stray double quote; neither changes what a reader meant.
    query = query.replace("\x00", "").replace('"', " ").strip()
    results = (
        Page.objects.live().public().specific().search(query) if query else Page.objects.none()
    )
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "search/search.html", {"search_query": query, "search_results": page}
    )
