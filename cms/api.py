"""Mounts the headless APIs: Wagtail API v2 at /api/v2/ and v3 at /api/v3/.

Our own v3 routes join Wagtail's NinjaAPI instance, so /api/v3/openapi.json
documents everything in one place.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v3.urls import api as api_v3
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.changelog.api import router as changes_router
from cms.delivery.problems import ProblemDetailsMixin
from cms.delivery.search import with_clean_search
from cms.editorial.api import router as editorial_router
from news.api.v2 import NewsPagesAPIViewSet
from news.api.v3 import router as posts_router
from news.preview.api import PagePreviewAPIViewSet


# v2 errors in the same problem+json shape as v3's.
class PagesEndpoint(ProblemDetailsMixin, NewsPagesAPIViewSet):
    pass


class ImagesEndpoint(ProblemDetailsMixin, ImagesAPIViewSet):
    filter_backends = with_clean_search(ImagesAPIViewSet.filter_backends)


class DocumentsEndpoint(ProblemDetailsMixin, DocumentsAPIViewSet):
    filter_backends = with_clean_search(DocumentsAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesEndpoint)
api_router.register_endpoint("documents", DocumentsEndpoint)
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)

api_v3.add_router("/editorial/", editorial_router)
api_v3.add_router("/news/", changes_router)
# A second router on the same prefix: ninja mounts each router's own routes
# (news/changes/, news/posts/), so both keep their paths and names.
api_v3.add_router("/news/", posts_router)

__all__ = ["api_router", "api_v3"]
