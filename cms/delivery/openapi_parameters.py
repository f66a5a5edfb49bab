"""Query parameters in /api/v3/openapi.json as narrow as the server reads them.

A request the document allows should not be refused for its shape. Fuzzing
with schemathesis' `positive_data_acceptance` check (.ci/fuzz) found schema-valid
requests answered 400:

- Wagtail's paginated lists declare `limit` as any integer from 1, and refuse
  one above WAGTAILAPI_LIMIT_MAX (wagtail/api/v3/pagination.py), and an
  `offset` beyond a 64-bit integer (cms/wagtail_fixes/v3_query_params.py);
- an empty `title` in a page, image or document body is refused;
- `order` takes the names of fields the list can be ordered by, not any string;
- multipart uploads (images, documents) declared optional fields nullable,
  which a form cannot send (see `_tighten_form`);
- our own lists (news/api/v3.py, cms/changelog/api.py, news/live/feed_api.py)
  take their parameters as plain strings so that a bad value is a 400 naming
  the parameter rather than ninja's 422; the document therefore said "any
  string" where the server reads a whole number in a range or an ISO date.

Only the document changes (cms.delivery.openapi_responses applies this to it):
the routes read their parameters exactly as before. Rules that join two
parameters (Wagtail refuses `order=random` with an `offset` or a `search`, and `child_of` with
`descendant_of`) cannot be written in OpenAPI; they are stated in the
parameters' descriptions, and .ci/fuzz keeps generated requests within them
(bench/fuzz/schemathesis_hooks.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from cms.delivery.query_params import MAX_WHOLE_NUMBER

__all__ = ["tighten"]


def _limit_max() -> int | None:
    # Read when the document is built, like Wagtail's paginator reads it per request.
    maximum = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
    return None if maximum is None else int(maximum)


def _whole(low: int, high: int | None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer", "minimum": low}
    if high is not None:
        schema["maximum"] = high
    return schema


def _or_empty(schema: dict[str, Any]) -> dict[str, Any]:
    # These routes read an empty value (`?limit=`) as no value: the default.
    return {"anyOf": [schema, {"type": "string", "maxLength": 0}]}


# Every number of this many digits fits the database's 64-bit integers.
CURSOR_DIGITS = len(str(MAX_WHOLE_NUMBER)) - 1


def _operation_rules() -> dict[str, dict[str, dict[str, Any]]]:
    """Schemas for string-typed parameters of our own routes, by operation id."""
    from cms.changelog.api import MAX_LIMIT
    from cms.changelog.cursors import CURSOR_PATTERN
    from news.live.feed_api import MAX_LIMIT as UPDATES_MAX_LIMIT

    cursor = {"type": "string", "pattern": CURSOR_PATTERN}
    date = _or_empty({"type": "string", "format": "date"})
    return {
        "news_posts": {
            "limit": _or_empty(_whole(1, _limit_max())),
            "offset": _or_empty(_whole(0, MAX_WHOLE_NUMBER)),
            "published_after": date,
            "published_before": date,
        },
        "news_changes": {
            "limit": _or_empty(_whole(1, MAX_LIMIT)),
            # A cursor is opaque to clients: digits, as next_cursor gives it, or empty.
            "since": cursor,
        },
        "news_post_updates": {
            "limit": _or_empty(_whole(1, UPDATES_MAX_LIMIT)),
            "since": cursor,
        },
        # The stream's resume point, as the Last-Event-ID header carries it.
        "news_post_update_stream": {"last_event_id": cursor},
    }


def _ordering_fields() -> dict[str, list[str]]:
    """The `order` values each Wagtail list accepts (its model's database API
    fields and base fields, each ascending or with a leading "-"), by operation id.

    The page list accepts more with a single `type` (that model's own fields);
    the document lists those every page type has.
    """
    from wagtail.api.v3.schemas.pages import BASE_PAGE_READ_FIELDS
    from wagtail.api.validators import OrderingValidator
    from wagtail.contrib.redirects.api.v3.router import BASE_REDIRECT_READ_FIELDS
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.documents.api.v3.router import BASE_DOCUMENT_READ_FIELDS
    from wagtail.images import get_image_model
    from wagtail.images.api.v3.router import BASE_IMAGE_READ_FIELDS
    from wagtail.models import Page

    lists = {
        "pages_list": (Page, BASE_PAGE_READ_FIELDS),
        "images_list": (get_image_model(), BASE_IMAGE_READ_FIELDS),
        "documents_list": (get_document_model(), BASE_DOCUMENT_READ_FIELDS),
        "redirects_list": (Redirect, BASE_REDIRECT_READ_FIELDS),
    }
    return {
        operation_id: sorted(
            OrderingValidator(
                model=model, fields=[], base_fields=list(base), db_fields_only=True
            ).allowed_fields
            - {"random"}
        )
        for operation_id, (model, base) in lists.items()
    }


COMBINATIONS = {
    "order": " `random` cannot be combined with `offset`, `search` or other fields.",
    "child_of": " Cannot be combined with `descendant_of`.",
    "descendant_of": " Cannot be combined with `child_of`.",
}


def _tighten_form(schema: dict[str, Any]) -> None:
    """A multipart form field cannot carry JSON's null: "no value" is leaving it out.

    ninja documents Wagtail's optional form fields (`collection_id`, the focal
    point) as `integer | null`, but a client that sends null sends the text
    "null", which is refused with a 422. And a required text field (`title`)
    must not be empty, as the Django form behind it says.
    """
    required = set(schema.get("required", []))
    for name, field in schema.get("properties", {}).items():
        branches = field.get("anyOf")
        if branches and {"type": "null"} in branches:
            kept = [branch for branch in branches if branch != {"type": "null"}]
            field.pop("anyOf")
            field.update(kept[0] if len(kept) == 1 else {"anyOf": kept})
            if field.get("default", "") is None:
                field.pop("default")
        if name in required and field.get("type") == "string" and "format" not in field:
            field.setdefault("minLength", 1)


def _request_components(document: dict[str, Any]) -> set[str]:
    """Names of the component schemas request bodies use (directly, or in a union)."""
    names = set()
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                schema = media.get("schema", {})
                for member in [schema, *schema.get("oneOf", []), *schema.get("anyOf", [])]:
                    if "$ref" in member:
                        names.add(member["$ref"].rsplit("/", 1)[-1])
    return names


def _tighten_titles(document: dict[str, Any]) -> None:
    """A title sent in a body may not be empty: pages, images and documents all
    require one (their Django forms refuse "" with a 422)."""
    schemas = document.get("components", {}).get("schemas", {})
    for name in _request_components(document):
        title = schemas.get(name, {}).get("properties", {}).get("title")
        if title and title.get("type") == "string":
            title.setdefault("minLength", 1)


# cms/delivery/query_guard.py refuses a NUL in any API query parameter (a 400):
# PostgreSQL can neither store nor compare one.
NO_NUL = "^[^\\x00]*$"
# `site` is "host" or "host:port": Wagtail splits at the first colon, and the port is read
# as a whole number to 65535 (cms/wagtail_fixes/v3_query_params.py), else a 400.
SITE = (
    "^[^\\x00:]*(?::0*(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}"
    "|655[0-2][0-9]|6553[0-5]))?$"
)


def _refuse_nul(schema: dict[str, Any]) -> None:
    """Every string form of a query parameter says it cannot hold a NUL."""
    if schema.get("type") == "string" and "pattern" not in schema and "enum" not in schema:
        schema["pattern"] = NO_NUL
    for branch in [*schema.get("anyOf", []), *schema.get("oneOf", [])]:
        _refuse_nul(branch)
    if isinstance(schema.get("items"), dict):
        _refuse_nul(schema["items"])


def tighten(document: dict[str, Any]) -> None:
    """Narrow the parameter and body schemas in place."""
    rules = _operation_rules()
    orderings = _ordering_fields()
    limit_max = _limit_max()
    _tighten_titles(document)
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            content = operation.get("requestBody", {}).get("content", {})
            if "schema" in content.get("multipart/form-data", {}):
                _tighten_form(content["multipart/form-data"]["schema"])
            own = rules.get(operation.get("operationId", ""), {})
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                name, schema = parameter["name"], parameter.get("schema", {})
                if name in own:
                    kept = {k: schema[k] for k in ("title", "description") if k in schema}
                    parameter["schema"] = {**own[name], **kept}
                elif name == "limit" and schema.get("type") == "integer" and limit_max:
                    schema.setdefault("maximum", limit_max)
                elif name == "site":
                    for branch in [schema, *schema.get("anyOf", [])]:
                        if branch.get("type") == "string":
                            branch["pattern"] = SITE
                elif name == "offset" and schema.get("type") == "integer":
                    # The database bound (cms/wagtail_fixes/v3_query_params.py).
                    schema.setdefault("maximum", MAX_WHOLE_NUMBER)
                elif name == "user_id" and "anyOf" in schema:
                    # Wagtail types it `int | str`; the server reads a whole
                    # number, or an empty value as none (v3_query_params.py).
                    kept = {k: schema[k] for k in ("title", "description") if k in schema}
                    parameter["schema"] = {**_or_empty(_whole(0, MAX_WHOLE_NUMBER)), **kept}
                elif name == "order" and operation.get("operationId") in orderings:
                    for branch in schema.get("anyOf", []):
                        if branch.get("type") == "array":
                            branch["items"] = {
                                "type": "string",
                                "enum": orderings[operation["operationId"]],
                            }
                if name in COMBINATIONS and not own:
                    described = parameter.get("description", schema.get("description", ""))
                    if COMBINATIONS[name].strip() not in described:
                        parameter["description"] = (described + COMBINATIONS[name]).strip()
                _refuse_nul(parameter["schema"])
