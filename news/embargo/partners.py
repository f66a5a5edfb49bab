"""Partners: API clients (news agencies, syndication partners) who read embargoed stories."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cms.editorial.roles import PARTNERS

__all__ = ["PARTNERS", "is_partner", "request_partner"]

_CACHED = "_embargo_partner"


def is_partner(user: Any) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.groups.filter(name=PARTNERS).exists()


def _bearer_user(request: HttpRequest) -> Any:
    """The active owner of the request's unrevoked API token, or None."""
    from wagtail.models import APIToken

    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    found = (
        APIToken.objects.select_related("user")
        .filter(key_hash__in=APIToken.candidate_key_hashes(token.strip()), revoked_at__isnull=True)
        .first()
    )
    user = found.user if found else None
    return user if user is not None and user.is_active else None


def request_partner(request: HttpRequest) -> bool:
    """Whether the request carries a partner's API token (v2 reads the header itself;
    v3 has already set `request.user` from it)."""
    cached = getattr(request, _CACHED, None)
    if cached is None:
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated):
            user = _bearer_user(request)
        cached = is_partner(user)
        setattr(request, _CACHED, cached)
    return cached
