"""Site search for readers: live, public pages only, through Wagtail's search backend."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.models import Page

from cms.delivery.search import unquoted

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("query", "").strip()[:MAX_QUERY_LENGTH]
    # A reader gets results, not an error: NUL (which cannot reach the database)
    # is dropped here, where the APIs refuse it, and quotes as in the APIs.
    query = unquoted(query.replace("\x00", ""))
    results = (
        Page.objects.live().public().specific().search(query) if query else Page.objects.none()
    )
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "search/search.html", {"search_query": query, "search_results": page}
    )
