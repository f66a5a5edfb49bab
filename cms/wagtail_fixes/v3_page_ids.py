"""A v3 page write with a page id that is not a number answers 404, not 500.

Before it validates the request, Wagtail 8.0's v3 API looks the page up to pick
the body schema for its type (PageTypeInjectingBodyModel.get_meta_type), using
the raw path segment: `PATCH /api/v3/pages/%02/` raised ValueError from the
lookup and answered 500. Found by schemathesis with a read-only token (.ci/fuzz);
anonymous requests are refused before this point. The id is read by the one
query-string parser (cms/delivery/query_params.py), as every id is.

Upstream: no issue filed that we know of. Checked against Wagtail 8.0.x.
Installed by `cms.wagtail_fixes.install_all()`.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from wagtail.api.v3.schemas.pages import PageTypeInjectingBodyModel

from cms.delivery.query_params import InvalidParameter, whole_number

__all__ = ["install", "installed"]

_ORIGINAL = PageTypeInjectingBodyModel.__dict__["get_meta_type"]


def _get_meta_type(cls: Any, request: Any, api: Any, path_params: dict[str, Any]) -> str:
    try:
        whole_number(cls.page_id_param, str(path_params.get(cls.page_id_param, "")))
    except InvalidParameter:
        # A path segment, not a query parameter: no page has that address.
        raise Http404("No page with that id.") from None
    return _ORIGINAL.__func__(cls, request, api, path_params)


def install() -> None:
    if PageTypeInjectingBodyModel.__dict__["get_meta_type"] is _ORIGINAL:
        PageTypeInjectingBodyModel.get_meta_type = classmethod(_get_meta_type)


def installed() -> bool:
    return PageTypeInjectingBodyModel.__dict__["get_meta_type"] is not _ORIGINAL
