"""django-csp's middleware, without rebuilding an unchanging policy on every response.

django-csp builds the Content-Security-Policy header afresh for each
response, copying the settings' directives each time. Ours never vary per
request (no nonces, no per-view policies), and on a cached API hit that
rebuild cost as much as reading the answer's version tokens. So the header is
built once per setting value and reused; any response that does ask for
something particular (a nonce, a decorator's policy, an exemption, a header
already set) still goes through django-csp unchanged.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

# What django-csp's decorators and exemptions leave on a response.
_PARTICULAR = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt",
    "_csp_exempt_ro",
)
_SETTINGS = {
    HEADER: "CONTENT_SECURITY_POLICY",
    HEADER_REPORT_ONLY: "CONTENT_SECURITY_POLICY_REPORT_ONLY",
}


@cache
def _policies() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(header, policy, excluded path prefixes) for each header the settings ask for."""
    found = []
    for header, name in _SETTINGS.items():
        policy = build_policy(report_only=header == HEADER_REPORT_ONLY)
        if policy:
            configured = getattr(settings, name, None) or {}
            prefixes = tuple(configured.get("EXCLUDE_URL_PREFIXES") or ())
            found.append((header, policy, prefixes))
    return tuple(found)


@receiver(setting_changed)
def _forget_policies(setting: str, **kwargs: Any) -> None:
    if setting in _SETTINGS.values():
        _policies.cache_clear()


class CSPMiddleware(DjangoCSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            isinstance(getattr(request, "_csp_nonce", None), str)
            or any(hasattr(response, name) for name in _PARTICULAR)
            or HEADER in response
            or HEADER_REPORT_ONLY in response
            or (settings.DEBUG and response.status_code in (404, 500))
        ):
            return super().process_response(request, response)
        for header, policy, excluded in _policies():
            if not request.path_info.startswith(excluded):
                response[header] = policy
        # As django-csp does: a nonce asked for after this point would not be in the header.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
