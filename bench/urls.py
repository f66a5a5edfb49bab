"""The project's URLs plus the routes only the bench server has.

Stock Wagtail v2 and our own v2 are also mounted outside /api/, where
DeliveryCacheMiddleware does not cache: the first is what "stock" means,
the second shows what our answers cost to build.
"""

from django.urls import include, path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from bench import views
from cms.api import PagesEndpoint

stock_v2 = WagtailAPIRouter("bench_stock_v2")
stock_v2.register_endpoint("pages", PagesAPIViewSet)

uncached_v2 = WagtailAPIRouter("bench_uncached_v2")
uncached_v2.register_endpoint("pages", PagesEndpoint)

urlpatterns = [
    path("bench/bare/", views.bare_detail),
    path("bench/publish/<int:page_id>/", views.publish),
    path("bench/stock-v2/", stock_v2.urls),
    path("bench/uncached-v2/", uncached_v2.urls),
    # Last: it ends with Wagtail's catch-all page serving.
    path("", include("cms.urls")),
]
