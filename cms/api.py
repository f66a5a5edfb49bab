"""Mounts the headless APIs: Wagtail API v2 at /api/v2/ and v3 at /api/v3/.

Our own v3 routes join Wagtail's NinjaAPI instance, so /api/v3/openapi.json
documents everything in one place.
"""

from django.http import HttpRequest, HttpResponse
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.urls import api as api_v3
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.changelog.api import router as changes_router
from cms.delivery.problems import ProblemDetailsMixin
from cms.delivery.query_params import InvalidParameter
from cms.editorial.api import router as editorial_router
from cms.editorial.models import NotApprovable
from cms.wagtail_fixes.v2_query_params import CheckedQueryParams, checked_backends
from news.api.v2 import NewsPagesAPIViewSet
from news.api.v3 import router as posts_router
from news.corrections.api import router as corrections_router
from news.interchange.api import router as ninjs_router
from news.live.editorial_api import router as live_editorial_router
from news.live.feed_api import router as live_feed_router
from news.live.stream_api import router as live_stream_router
from news.preview.api import PagePreviewAPIViewSet


# v2 errors in the same problem+json shape as v3's.
class PagesEndpoint(ProblemDetailsMixin, NewsPagesAPIViewSet):
    pass


class ImagesEndpoint(ProblemDetailsMixin, CheckedQueryParams, ImagesAPIViewSet):
    filter_backends = checked_backends(ImagesAPIViewSet.filter_backends)


class DocumentsEndpoint(ProblemDetailsMixin, CheckedQueryParams, DocumentsAPIViewSet):
    filter_backends = checked_backends(DocumentsAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesEndpoint)
api_router.register_endpoint("documents", DocumentsEndpoint)
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)


@api_v3.exception_handler(InvalidParameter)
def invalid_parameter(request: HttpRequest, exc: InvalidParameter) -> HttpResponse:
    """A query parameter the one parser refused (cms/delivery/query_params.py): a 400."""
    return problem_response(status=400, detail=str(exc))


@api_v3.exception_handler(NotApprovable)
def not_approvable(request: HttpRequest, exc: NotApprovable) -> HttpResponse:
    """An approval refused by the publishing rules (both approve routes): a 422 naming each
    problem's place, as a refused submission does (cms/editorial/decisions.py)."""
    return problem_response(
        status=422,
        detail="This version cannot be approved: fix the problems listed in errors.",
        errors=exc.errors,
    )


api_v3.add_router("/editorial/", editorial_router)
api_v3.add_router("/news/", changes_router)
# A second router on the same prefix: ninja mounts each router's own routes
# (news/changes/, news/posts/), so both keep their paths and names.
api_v3.add_router("/news/", posts_router)
# Live coverage (news/live/): updates through review, and their feed and stream.
api_v3.add_router("/editorial/", live_editorial_router)
api_v3.add_router("/editorial/", corrections_router)
api_v3.add_router("/news/", live_feed_router)
api_v3.add_router("/news/", live_stream_router)
# A post as IPTC ninjs for agencies (news/interchange/).
api_v3.add_router("/news/", ninjs_router)

__all__ = ["api_router", "api_v3"]
