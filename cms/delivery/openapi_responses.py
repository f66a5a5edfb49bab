"""Every status a v3 operation answers is in /api/v3/openapi.json, as problem+json.

ninja documents only what a view returns (`response=`), so Wagtail 8.0's v3
document listed almost no errors although every operation answers some: the
401/403/404/422 of Wagtail's exception handlers (wagtail/api/v3/errors.py), our
middleware's 429 (cms/delivery/ratelimit.py) and 503 (cms/outage.py), the 409s
of the editorial API, 400 for a query string or body that cannot be read. A
client generated from the document then had no type for any error, and
schemathesis (.ci/fuzz, `status_code_conformance`) counted 126 answered but
undeclared operation/status pairs. Where an error was declared, ninja gave it
the media type `application/json`, while every API error is sent as
`application/problem+json`.

Rather than annotate each route (most are Wagtail's), the generated document is
post-processed once, by rules read off each operation's own shape:

| status | declared on |
|---|---|
| 304 | anonymous GETs the delivery cache serves (If-None-Match; cms/delivery/middleware.py) |
| 400 | operations with query parameters or a body (unreadable values, rich_text_format) |
| 401, 403 | operations that need a token (no anonymous alternative) |
| 403 | public reads with `?version=` (a draft asked for by someone who may not edit it) |
| 404 | a path parameter, or an object named in the query or body (LOOKUPS, `site`) |
| 409 | the operations in CONFLICTS, which refuse a call the object's state does not allow |
| 422 | operations with any parameter or a body (validation) |
| 429, 503 | every operation (rate limits, database outage) |

Each error is `application/problem+json` with the `ProblemDetail` schema (or the
more specific schema already declared). A new route gets its errors declared
without anyone remembering to; tests/api/test_openapi_errors.py walks the
document to hold it to that.

The security requirement Wagtail writes for public reads, `AllowAnonymous` (an
`http` scheme without a `scheme`, which OpenAPI does not allow), is rewritten
as the standard empty requirement `{}`: "a token is optional".
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any

from wagtail.api.v3.errors import PROBLEM_JSON

__all__ = ["CONFLICTS", "declared_errors", "install", "installed", "postprocess"]

PROBLEM_REF = "#/components/schemas/ProblemDetail"
ANONYMOUS_SCHEME = "AllowAnonymous"
# Answers from the delivery cache's conditional GETs are not built for these.
UNCACHED_PREFIXES = ("/api/v3/editorial/", "/api/v3/docs")
# Operations that look an object up by query or body rather than by a path
# parameter: the find lookups, creating a page under a `parent_id`, and
# writing a live update into the story named by `post`.
LOOKUPS = {"pages_find", "redirects_find", "pages_create", "editorial_update_create"}
# Operations that refuse a call the object's current state does not allow.
CONFLICTS = {
    # cms/editorial/api.py: not in review, already in review, nothing to submit.
    "editorial_submit": "The post is already in review, or has no unpublished version.",
    "editorial_approve": "The post is not awaiting review, or the workflow refused the step.",
    "editorial_reject": "The post is not awaiting review, or the workflow refused the step.",
    # news/live/editorial_api.py: the story's coverage, or the update's state.
    "editorial_update_create": "Live coverage of the story has not started, or has ended.",
    "editorial_update_edit": "The update has been withdrawn, or is in review and locked to "
    "the caller.",
    "editorial_update_submit": "The update is already in review, withdrawn, or has no "
    "unpublished version.",
    "editorial_update_approve": "The update is not awaiting review, or another editor "
    "decided first.",
    "editorial_update_reject": "The update is not awaiting review, or another editor "
    "decided first.",
    "editorial_update_withdraw": "The update is not published, or is already withdrawn.",
}

DESCRIPTIONS = {
    304: "Not modified: the answer has the ETag sent in If-None-Match.",
    400: "Bad request: a query parameter or the body could not be read.",
    401: "No valid API token was sent.",
    403: "The token's user may not do this.",
    404: "Nothing with this id or path, or not visible to the caller.",
    409: "The object's current state does not allow this.",
    412: "Precondition failed: If-Match does not name the latest revision.",
    422: "Validation failed: `errors` lists each problem with its location.",
    429: "Too many requests: wait for the seconds in Retry-After.",
    503: "The database is unavailable; retry after the seconds in Retry-After.",
}


def declared_errors(path: str, method: str, operation: dict[str, Any]) -> set[int]:
    """The statuses besides success that this operation can answer."""
    parameters = operation.get("parameters", [])
    where = {parameter["in"] for parameter in parameters}
    names = {parameter["name"] for parameter in parameters if parameter["in"] == "query"}
    has_body = "requestBody" in operation
    anonymous = _allows_anonymous(operation)

    statuses = {429, 503}
    if "query" in where or has_body:
        statuses.add(400)
    if parameters or has_body:
        statuses.add(422)
    if not anonymous:
        statuses |= {401, 403}
    elif "version" in names:
        # `?version=draft` from a token whose user may not edit the page.
        statuses.add(403)
    if "path" in where or operation.get("operationId") in LOOKUPS or "site" in names:
        statuses.add(404)
    if operation.get("operationId") in CONFLICTS:
        statuses.add(409)
    if method == "get" and anonymous and not path.startswith(UNCACHED_PREFIXES):
        statuses.add(304)
    return statuses


def _allows_anonymous(operation: dict[str, Any]) -> bool:
    security = operation.get("security")
    return security is None or any(not requirement for requirement in security)


def _as_problem(response: dict[str, Any]) -> dict[str, Any]:
    """One problem+json media type, keeping a schema already declared for it."""
    content = response.get("content") or {}
    declared = content.get(PROBLEM_JSON) or content.get("application/json") or {}
    schema = declared.get("schema") or {"$ref": PROBLEM_REF}
    return {**response, "content": {PROBLEM_JSON: {**declared, "schema": schema}}}


def _ensure_problem_schema(document: dict[str, Any]) -> None:
    from wagtail.api.v3.errors import ProblemDetail

    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    if "ProblemDetail" not in schemas:
        schemas["ProblemDetail"] = ProblemDetail.model_json_schema()


def postprocess(document: dict[str, Any]) -> dict[str, Any]:
    """The document with every operation's errors declared (a new dict; idempotent)."""
    from cms.delivery.openapi_parameters import tighten

    document = copy.deepcopy(document)
    _ensure_problem_schema(document)
    tighten(document)
    schemes = document.get("components", {}).get("securitySchemes", {})
    schemes.pop(ANONYMOUS_SCHEME, None)
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            if "security" in operation:
                operation["security"] = [
                    {} if ANONYMOUS_SCHEME in requirement else requirement
                    for requirement in operation["security"]
                ]
            # ninja keys statuses by int until the document is serialised.
            responses = {str(status): r for status, r in operation.get("responses", {}).items()}
            for status in declared_errors(path, method, operation):
                responses.setdefault(str(status), {"description": DESCRIPTIONS[status]})
            for status, response in list(responses.items()):
                if status == "304":
                    response.pop("content", None)
                elif status.isdigit() and int(status) >= 400:
                    responses[status] = _as_problem(response)
                    if status == "409" and operation.get("operationId") in CONFLICTS:
                        responses[status]["description"] = CONFLICTS[operation["operationId"]]
            # Keep the statuses in order, so the document reads (and diffs) well.
            operation["responses"] = dict(sorted(responses.items()))
    return document


def _postprocessed(generate: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(generate)
    def get_openapi_schema(*args: Any, **kwargs: Any) -> Any:
        schema = generate(*args, **kwargs)
        # ninja returns an OpenAPISchema (a dict); keep the type, replace the contents.
        processed = postprocess(schema)
        schema.clear()
        schema.update(processed)
        return schema

    get_openapi_schema.declares_errors = True  # type: ignore[attr-defined]
    return get_openapi_schema


def install() -> None:
    """Wrap the v3 NinjaAPI's document generator (ninja's openapi.json view calls it)."""
    from wagtail.api.v3.urls import api

    if not installed():
        api.get_openapi_schema = _postprocessed(api.get_openapi_schema)


def installed() -> bool:
    from wagtail.api.v3.urls import api

    return getattr(api.get_openapi_schema, "declares_errors", False)
