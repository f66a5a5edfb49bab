"""Optimistic concurrency for drafts over API v3: ETags and If-Match.

Two people editing one post through a client (a desk tool, a script) would
otherwise overwrite each other without knowing: Wagtail 8.0's v3 PATCH saves a
new revision on top of whatever is latest. Here every answer about a draft
carries an ETag naming the draft's latest revision, and a write sent with
If-Match is only carried out if that revision is still the latest:

- `GET /api/v3/pages/<id>/?version=draft`, `POST /api/v3/pages/` and
  `PATCH /api/v3/pages/<id>/` answer with `ETag: "rev-<revision id>-<saved at>"`;
- `PATCH /api/v3/pages/<id>/` and `POST /api/v3/pages/<id>/actions/publish/`
  with an If-Match that does not name the latest revision are refused with
  412 problem+json (type `stale-draft`) naming the revision that is latest,
  and nothing is written. For publish that matters most: an editor who read
  revision 7 must not put live a revision 8 they have not seen.

Without If-Match a write behaves as before (the last save wins, and every save
stays in the post's history), so existing clients keep working.

The check runs inside the view, after Wagtail has authenticated the token and
only once the user may change the page: someone who may not edit it gets the
same 401/403/404 as without the header, never a 412 that would reveal the
page's revisions. The page row is locked for the rest of the request, so two
writers holding the same ETag cannot both pass the check.

Upstream: Wagtail 8.0's v3 has no ETag or If-Match support for drafts; no
issue filed that we know of. Checked against Wagtail 8.0.x. Installed by
`cms.wagtail_fixes.install_all()`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponseBase
from wagtail.api.v3.errors import problem_response
from wagtail.models import Page, Revision

__all__ = [
    "STALE_TYPE",
    "StaleDraft",
    "draft_etag",
    "if_match",
    "install",
    "installed",
    "revision_tag",
]

STALE_TYPE = "https://newsroom.example/problems/stale-draft"
# Operations (Wagtail's operation ids) whose answer describes the draft.
TAGGED = {"pages_detail", "pages_create", "pages_update", "pages_actions_publish"}
# Writes that honour If-Match.
GUARDED = {"pages_update", "pages_actions_publish"}
_ATTR = "_draft_etag"


class StaleDraft(Exception):
    def __init__(self, page: Page, sent: str, current: str) -> None:
        super().__init__(f"If-Match {sent} does not match {current}")
        self.page, self.sent, self.current = page, sent, current


def draft_etag(page_id: int) -> str:
    """The strong ETag of a page's latest revision (its id and when it was saved).

    The time is part of it because Wagtail's admin autosave overwrites a
    revision in place, keeping its id.
    """
    latest = (
        Revision.page_revisions.filter(object_id=str(page_id))
        .order_by("-created_at", "-id")
        .values_list("id", "created_at")
        .first()
    )
    return revision_tag(*latest) if latest else revision_tag(None, None)


def revision_tag(revision_id: int | None, saved_at: Any) -> str:
    """The ETag naming one revision, for anything with revisions (pages, live updates)."""
    if revision_id is None:
        return '"rev-0"'
    return f'"rev-{revision_id}-{int(saved_at.timestamp() * 1_000_000)}"'


def if_match(header: str, current: str) -> bool:
    # If-Match compares strongly (RFC 9110 13.1.1): a weak tag never matches.
    candidates = {tag.strip() for tag in header.split(",")}
    return "*" in candidates or current in candidates


def _guard(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        header = request.META.get("HTTP_IF_MATCH")
        page_id = kwargs.get("page_id")
        if header is None or page_id is None:
            return view(request, *args, **kwargs)
        with transaction.atomic():
            page = Page.objects.select_for_update().filter(pk=page_id).first()
            if page is not None and page.permissions_for_user(request.user).can_edit():
                current = draft_etag(page.pk)
                if not if_match(header, current):
                    raise StaleDraft(page, header, current)
            # Otherwise the view gives its own 404 or 403, as without the header.
            return view(request, *args, **kwargs)

    return guarded


def _tag(run: Callable[..., HttpResponseBase], operation_id: str) -> Callable[..., Any]:
    @functools.wraps(run)
    def tagged(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = run(request, *args, **kwargs)
        if 200 <= response.status_code < 300 and _describes_draft(request, operation_id):
            page_id = kwargs.get("page_id") or _created_id(response)
            if page_id is not None:
                response["ETag"] = draft_etag(int(page_id))
        return response

    return tagged


def _describes_draft(request: HttpRequest, operation_id: str) -> bool:
    if operation_id != "pages_detail":
        return True
    # A live read is the public page, cached and tagged by its bytes elsewhere.
    user = getattr(request, "user", None)
    return request.GET.get("version") == "draft" and bool(user and user.is_authenticated)


def _created_id(response: HttpResponseBase) -> int | None:
    try:
        return int(json.loads(response.content)["id"])
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def _stale_response(request: HttpRequest, exc: StaleDraft) -> HttpResponseBase:
    response = problem_response(
        status=412,
        title="Stale draft",
        type_uri=STALE_TYPE,
        detail=(
            f"“{exc.page.title}” has been saved since you read it: If-Match sent "
            f"{exc.sent}, the latest revision is {exc.current}. Nothing was written. "
            "Fetch the draft again (?version=draft), reapply your change and "
            "send it with the new ETag."
        ),
    )
    response["ETag"] = exc.current
    return response


def _documented(operation_id: str, extra: dict[str, Any] | None) -> dict[str, Any]:
    """The operation's OpenAPI entry, plus the ETag it answers and the If-Match it honours."""
    etag = {
        "ETag": {
            "description": "The draft's latest revision; send it back as If-Match.",
            "schema": {"type": "string", "example": '"rev-42-1733222400000000"'},
        }
    }
    status = 201 if operation_id == "pages_create" else 200
    extra = {**(extra or {}), "responses": {status: {"headers": etag}}}
    if operation_id in GUARDED:
        extra["parameters"] = [
            {
                "in": "header",
                "name": "If-Match",
                "required": False,
                "schema": {"type": "string"},
                "description": (
                    "The ETag of the draft this change was made to. If someone has "
                    "saved since, nothing is written and the answer is 412."
                ),
            }
        ]
        extra["responses"][412] = {
            "description": "Stale draft: If-Match does not name the latest revision.",
            "headers": etag,
            "content": {
                "application/problem+json": {
                    "schema": {"$ref": "#/components/schemas/ProblemDetail"}
                }
            },
        }
    return extra


def _operations() -> dict[str, Any]:
    # The router templates, before the API binds (clones) them at URL generation:
    # a clone keeps view_func and re-applies _run_decorators.
    from wagtail.api.v3.urls import api

    found = {}
    routers = [router for _prefix, router in api._routers]
    while routers:
        router = routers.pop()
        routers.extend(child for _prefix, child, _tags in router._routers)
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                if operation.operation_id in TAGGED:
                    found[operation.operation_id] = operation
    return found


def install() -> None:
    from wagtail.api.v3.urls import api

    if installed():
        return
    for operation_id, operation in _operations().items():
        if operation_id in GUARDED:
            operation.view_func = _guard(operation.view_func)
        decorator = functools.partial(_tag, operation_id=operation_id)
        operation.run = decorator(operation.run)
        operation._run_decorators = [*getattr(operation, "_run_decorators", []), decorator]
        operation.openapi_extra = _documented(operation_id, operation.openapi_extra)
        operation._draft_preconditions = True
    api.add_exception_handler(StaleDraft, _stale_response)


def installed() -> bool:
    operations = _operations()
    return len(operations) == len(TAGGED) and all(
        getattr(op, "_draft_preconditions", False) for op in operations.values()
    )
