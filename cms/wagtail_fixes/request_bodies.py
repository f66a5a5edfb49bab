"""Refuse API v3 write requests whose JSON body is not an object, or that give
`true`/`false` where the document says a whole number.

Every v3 operation that takes a JSON body takes an object. Wagtail 8.0's
page create and update routes crash (a 500) when handed an array or a bare
value, before any validation runs; this answers such a request with the same
422 problem+json as any other invalid body, before it gets there.

Wagtail's body schemas validate in pydantic's lax mode, where `false` is the
integer 0: `PATCH /api/v3/images/1/` with `{"focal_point_width": false}` set
the focal point's width to 0, though the OpenAPI document says an integer
(schemathesis found it). The integer fields of each JSON body are read from
that document once, so every route is covered, ours and Wagtail's alike.

Upstream: no issue filed that we know of. Checked against Wagtail 8.0.x.
Installed as a middleware (MIDDLEWARE in cms/settings/base.py), not by
`cms.wagtail_fixes.install_all()`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase

from cms.delivery.problems import problem

WRITE_METHODS = ("POST", "PUT", "PATCH")


class JSONObjectBodyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if (
            request.method in WRITE_METHODS
            and request.path.startswith("/api/v3/")
            and request.content_type == "application/json"
            and request.body.strip()
        ):
            try:
                body = json.loads(request.body)
            except ValueError:
                body = {}  # not JSON at all: ninja's own validation reports it
            if not isinstance(body, dict):
                return problem(
                    422,
                    "Validation failed",
                    errors=[
                        {"type": "model_type", "loc": ["body"], "msg": "Expected a JSON object"}
                    ],
                )
            flags = [
                name
                for name in integer_fields(request.method, request.path)
                if isinstance(body.get(name), bool)
            ]
            if flags:
                return problem(
                    422,
                    "Validation failed",
                    errors=[
                        {
                            "type": "int_type",
                            "loc": ["body", name],
                            "msg": "Input should be a whole number, not true or false",
                        }
                        for name in flags
                    ],
                )
        return self.get_response(request)


def _is_integer(schema: dict[str, Any]) -> bool:
    options = schema.get("anyOf") or [schema]
    types = {option.get("type") for option in options}
    return "integer" in types and "boolean" not in types


@functools.cache
def _table() -> tuple[tuple[str, re.Pattern[str], frozenset[str]], ...]:
    """(method, path pattern, integer properties) for each JSON body in the v3 document."""
    from wagtail.api.v3.urls import api

    document = api.get_openapi_schema()
    components = document.get("components", {}).get("schemas", {})
    rows = []
    for path, operations in document.get("paths", {}).items():
        pattern = re.compile(
            "^" + "[^/]+".join(re.escape(part) for part in re.split(r"\{[^}]+\}", path)) + "$"
        )
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema", {})
            if "$ref" in schema:
                schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
            names = frozenset(
                name for name, field in schema.get("properties", {}).items() if _is_integer(field)
            )
            if names:
                rows.append((method.upper(), pattern, names))
    return tuple(rows)


def integer_fields(method: str, path: str) -> frozenset[str]:
    """The top-level properties the document types as integers for this request's body."""
    for row_method, pattern, names in _table():
        if row_method == method and pattern.match(path):
            return names
    return frozenset()
