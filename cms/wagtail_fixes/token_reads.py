"""What an API token may read over v3: the public content, plus what its owner edits.

Wagtail 8.0's v3 answers a request with a token from a different set than an
anonymous one, and neither is what a newsroom needs:

- pages: only the pages the token's owner may change or publish. A partner
  site's read-only token got an empty `/api/v3/pages/` and a 404 for every
  published post, while an anonymous request got them;
- images and documents: view restrictions are judged as for a signed-in
  person, so any token, even one whose owner has no rights at all, listed the
  files of a collection restricted to signed-in users (`LEAKS_ALLOWED` in
  .ci/fuzz recorded that).

Here a token reads what an anonymous reader reads (live pages without a view
restriction, files outside restricted collections), plus, for pages, those
its owner may change or publish, and, for files, the collections whose files
its owner may choose or change in the admin. A token is a client acting for
a service, not a signed-in visitor: a login, password or group restriction
on the site is not lifted by it. The draft of a page (`?version=draft`) is
only shown to someone who may edit that page; anyone else gets 403.

A token of the Partners group also reads embargoed posts (news/embargo/):
they are listed, and their detail is the approved version, marked
`"embargoed": true` with its `embargo_until`.

Upstream: no issue filed that we know of. Checked against Wagtail 8.0.x.
Installed by `cms.wagtail_fixes.install_after_wagtail_apps()`, after
wagtail.images and wagtail.documents are ready.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from wagtail.models import Page

__all__ = ["as_anonymous", "install", "installed"]

_PATCHED = "_token_reads"


def as_anonymous(request: HttpRequest) -> HttpRequest:
    """The same request as a visitor without an account or a session would send it."""
    anonymous = copy.copy(request)
    anonymous.user = AnonymousUser()
    anonymous.session = {}
    return anonymous


def _pages(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def get_pages_queryset(request: HttpRequest, model: Any = Page) -> Any:
        public = original(as_anonymous(request), model)
        if not request.user.is_authenticated:
            return public
        # Both are querysets of `model` ordered by pk; OR-ing them keeps one query.
        readable = original(request, model) | public
        ids = _embargoed_ids(request)
        if ids:
            readable = readable | model.objects.filter(pk__in=ids)
        return readable

    return get_pages_queryset


def _embargoed_ids(request: HttpRequest) -> list[int]:
    from news.embargo.lookup import embargoed_posts
    from news.embargo.partners import request_partner

    if not request_partner(request):
        return []
    return [post.pk for post in embargoed_posts()]


def _restricted_collections(original: Callable[..., Any], model: Any) -> Callable[..., Any]:
    @functools.wraps(original)
    def get_restricted_collection_ids(request: HttpRequest) -> set[int]:
        restricted = original(as_anonymous(request))
        if not restricted or not request.user.is_authenticated:
            return restricted
        from wagtail.permissions import policy_registry

        policy = policy_registry.get_by_type(model)
        usable = policy.collections_user_has_any_permission_for(request.user, ["choose", "change"])
        return restricted - set(usable.values_list("pk", flat=True))

    return get_restricted_collection_ids


def _drafts_for_editors(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def get_page(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("version") != "draft" and request.user.is_authenticated:
            from news.embargo.lookup import embargoed_post
            from news.embargo.partners import request_partner

            partner = request_partner(request)
            embargoed = partner and embargoed_post(kwargs.get("page_id") or 0)
            if embargoed:
                embargoed._partner_view = True
                return embargoed
            if partner:
                page = view(request, *args, **kwargs)
                page._partner_view = True  # its `live` lists embargoed updates too
                return page
        if kwargs.get("version") == "draft" and request.user.is_authenticated:
            page = Page.objects.filter(pk=kwargs.get("page_id")).first()
            perms = page.permissions_for_user(request.user) if page else None
            if perms is not None and not (perms.can_edit() or perms.can_publish()):
                raise PermissionDenied("Only someone who may edit this page can read its draft.")
        return view(request, *args, **kwargs)

    return get_page


def _detail_operation() -> Any:
    from wagtail.api.v3.routers.pages import router

    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            if operation.operation_id == "pages_detail":
                return operation
    raise LookupError("Wagtail's v3 pages router has no pages_detail operation")


def install() -> None:
    from wagtail.api.v3.routers import pages
    from wagtail.documents import get_document_model
    from wagtail.documents.api.v3 import router as documents
    from wagtail.images import get_image_model
    from wagtail.images.api.v3 import router as images

    if installed():
        return
    pages.get_pages_queryset = _pages(pages.get_pages_queryset)
    images.get_restricted_collection_ids = _restricted_collections(
        images.get_restricted_collection_ids, get_image_model()
    )
    documents.get_restricted_collection_ids = _restricted_collections(
        documents.get_restricted_collection_ids, get_document_model()
    )
    detail = _detail_operation()
    detail.view_func = _drafts_for_editors(detail.view_func)
    setattr(pages, _PATCHED, True)


def installed() -> bool:
    from wagtail.api.v3.routers import pages

    return getattr(pages, _PATCHED, False)
