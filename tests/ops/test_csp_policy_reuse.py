"""Our CSP middleware (cms/delivery/csp.py) sends exactly the headers django-csp would."""

from __future__ import annotations

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE, SELF
from csp.decorators import csp_exempt, csp_update
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from cms.delivery.csp import CSPMiddleware

PATHS = ["/api/v2/pages/5/", "/latest-updates/a-story/", "/admin/pages/", "/missing/"]


def headers_from(middleware_class, path, view=None, status=200, nonce=False):
    request = RequestFactory().get(path)
    middleware = middleware_class(lambda request: (view or HttpResponse)(request))
    middleware.process_request(request)
    if nonce:
        str(request.csp_nonce)  # a template asked for a nonce
    response = (view or (lambda r: HttpResponse(status=status)))(request)
    response = middleware.process_response(request, response)
    return {name: response.get(name) for name in (HEADER, HEADER_REPORT_ONLY)}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("status", [200, 404, 500])
def test_plain_responses_get_the_same_policy(path, status):
    assert headers_from(CSPMiddleware, path, status=status) == headers_from(
        DjangoCSPMiddleware, path, status=status
    )


def test_the_policy_is_sent_and_the_admin_is_left_alone():
    assert "default-src 'self'" in headers_from(CSPMiddleware, "/api/v2/pages/5/")[HEADER]
    assert headers_from(CSPMiddleware, "/admin/pages/")[HEADER] is None


def test_a_report_only_policy_in_settings_is_sent_too(settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    ours = headers_from(CSPMiddleware, "/api/v2/pages/5/")
    assert ours == headers_from(DjangoCSPMiddleware, "/api/v2/pages/5/")
    assert ours[HEADER_REPORT_ONLY] == "default-src 'none'"


def test_a_changed_setting_changes_the_header(settings):
    before = headers_from(CSPMiddleware, "/api/v2/pages/5/")[HEADER]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    after = headers_from(CSPMiddleware, "/api/v2/pages/5/")[HEADER]
    assert before != after == "default-src 'none'"


@pytest.mark.parametrize(
    "view",
    [
        csp_exempt()(lambda request: HttpResponse()),
        csp_update({"img-src": ["https://media.example"]})(lambda request: HttpResponse()),
    ],
    ids=["exempt", "updated"],
)
def test_per_view_policies_still_apply(view):
    assert headers_from(CSPMiddleware, "/news/", view=view) == headers_from(
        DjangoCSPMiddleware, "/news/", view=view
    )


def test_a_nonce_asked_for_still_reaches_the_header(settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [SELF, NONCE]}}
    ours = headers_from(CSPMiddleware, "/news/", nonce=True)[HEADER]
    assert "script-src 'self' 'nonce-" in ours
