"""`GET /api/v2/page_preview/?content_type=…&token=…`: a draft, shaped as `/api/v2/pages/<id>/`.

The viewset extends the live pages endpoint and serializes the draft with the
same serializer, fields and block representations, so a front end renders a
preview with the code it renders live posts with. Every answer is
`Cache-Control: private, no-store`; errors are application/problem+json whose
detail names the parameter at fault, and never carry content.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest, HttpResponseBase
from django.urls import path
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api.v3.errors import problem_response
from wagtail.models import Page

from cms.delivery.query_params import InvalidParameter
from news.api.v2 import NewsPagesAPIViewSet
from news.preview.tokens import FrontEndPreviewMixin, PreviewUnavailable

__all__ = ["PagePreviewAPIViewSet"]

EXAMPLE = "news.latestupdatespage"


def previewable_model(value: str | None) -> type[FrontEndPreviewMixin]:
    if not value:
        raise PreviewUnavailable(400, f"content_type: required, e.g. content_type={EXAMPLE}.")
    app_label, _dot, model_name = value.partition(".")
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        raise PreviewUnavailable(
            400, f"content_type: {value[:100]!r} is not a page type; expected e.g. {EXAMPLE}."
        ) from None
    if not (issubclass(model, Page) and issubclass(model, FrontEndPreviewMixin)):
        raise PreviewUnavailable(
            400, f"content_type: {value[:100]!r} cannot be previewed; expected e.g. {EXAMPLE}."
        )
    return model


class PagePreviewAPIViewSet(NewsPagesAPIViewSet):
    # JSON only: the browsable HTML renderer would offer listing controls that mean nothing here.
    renderer_classes = [JSONRenderer]

    @classmethod
    def get_urlpatterns(cls) -> list[Any]:
        # One URL; the router's listing, detail and find routes do not apply to a draft.
        return [path("", cls.as_view({"get": "preview_view"}), name="preview")]

    def preview_view(self, request: HttpRequest) -> Response:
        # Any action but "listing_view" gets the detail serializer, as /pages/<id>/ does.
        serializer = self.get_serializer(self.get_object())
        return Response(serializer.data)

    def get_object(self) -> Page:
        if not hasattr(self, "_cached_object"):
            model = previewable_model(self.request.GET.get("content_type"))
            token = self.request.GET.get("token")
            if not token:
                raise PreviewUnavailable(
                    400, "token: required; the admin's Preview passes it to the front end."
                )
            page = model.get_page_from_preview_token(token)
            if page.pk is None:
                # A post not saved yet has no id; 0 keeps `id` and `detail_url` well formed.
                page.id = page.pk = 0
            self._cached_object = page
        return self._cached_object

    def handle_exception(self, exc: Exception) -> HttpResponseBase:
        if isinstance(exc, PreviewUnavailable):
            return problem_response(status=exc.status, detail=exc.detail)
        if isinstance(exc, InvalidParameter):
            return problem_response(status=400, detail=str(exc))
        response = super().handle_exception(exc)
        if response.status_code >= 400:
            # Wagtail's {"message"} (bad `fields`, say) and DRF's {"detail"} (405) alike.
            data = getattr(response, "data", None)
            detail = ""
            if isinstance(data, dict):
                detail = str(data.get("message") or data.get("detail") or "")
            converted = problem_response(status=response.status_code, detail=detail)
            if "Allow" in response:
                converted["Allow"] = response["Allow"]
            return converted
        return response

    def finalize_response(
        self, request: HttpRequest, response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)
        # A draft is for the person previewing it: no browser, proxy or CDN may keep it.
        response["Cache-Control"] = "private, no-store"
        return response
