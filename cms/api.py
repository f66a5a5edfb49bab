"""Mounts the headless APIs: Wagtail API v2 at /api/v2/ and v3 at /api/v3/.

Our own v3 routes join Wagtail's NinjaAPI instance, so /api/v3/openapi.json
documents everything in one place.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v3.urls import api as api_v3
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.changelog.api import router as changes_router
from cms.editorial.api import router as editorial_router
from news.api_views import NewsPagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", NewsPagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)

api_v3.add_router("/editorial/", editorial_router)
api_v3.add_router("/news/", changes_router)

__all__ = ["api_router", "api_v3"]
