"""The project's URLs plus a readiness probe that needs no dataset file."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from bench.scale.plan import READY_PATH


def ready(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path(READY_PATH.strip("/") + "/", ready),
    # Last: it ends with Wagtail's catch-all page serving.
    path("", include("cms.urls")),
]
