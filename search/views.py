"""Site search for readers: live, public pages only, through Wagtail's search backend."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.models import Page

from cms.delivery.query_params import InvalidParameter, unquoted, whole_number_or

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
    try:
        number = whole_number_or("page", request.GET.get("page"), 1, low=1)
    except InvalidParameter:
        # A reader gets the first page rather than an error, as Paginator.get_page does.
        number = 1
    page = Paginator(results, RESULTS_PER_PAGE).get_page(number)
    return TemplateResponse(
        request, "search/search.html", {"search_query": query, "search_results": page}
    )
