"""Refuse API v3 write requests whose JSON body is not an object.

Every v3 operation that takes a JSON body takes an object. Wagtail 8.0's
page create and update routes crash (a 500) when handed an array or a bare
value, before any validation runs; this answers such a request with the same
422 problem+json as any other invalid body, before it gets there.

Upstream: no issue filed that we know of. Checked against Wagtail 8.0.x.
Installed as a middleware (MIDDLEWARE in cms/settings/base.py), not by
`cms.wagtail_fixes.install_all()`.
"""

from __future__ import annotations

import json
from collections.abc import Callable

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
        return self.get_response(request)
