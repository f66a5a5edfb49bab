"""Wagtail API v3 operations the newsroom does not support are not served at all.

Wagtail 8.0 mounts every stock v3 route, whether or not a project uses it. A
route we neither use nor test is documented in /api/v3/openapi.json (so client
generators expose it) and still answers, sometimes with a crash. Fuzzing v3 with
an editor's token (.ci/fuzz) showed both:

- the snippet routes (`/api/v3/snippets/{type}/…`): no snippet model is exposed
  to v3 (the `Person` snippet is edited in the admin only), so Wagtail types
  `{type}` as the constant "" and every request to them is unsatisfiable;
- `copy`, `create_alias` and `move` answered 500 on the tree's root and in other
  states (Wagtail's page actions assume a parent page), and none of them is part
  of the editorial flow: a copy or an alias of a live post would be live without
  review, and posts live only in the Latest Updates section;
- `convert_alias` only applies to aliases, which the newsroom does not make, and
  `copy_for_translation` always answers 404 without WAGTAIL_I18N_ENABLED, which
  is off (one locale).

So those routes are taken out before the API builds its URLs: they answer 404
(problem+json, cms.delivery.problems.page_not_found) or, where another operation
shares the path, 405, and the document no longer lists them. Publishing,
unpublishing, reverting and deleting stay: the editorial rules (cms/editorial/)
govern them and tests/editorial and tests/security assert how they behave.
"""

from __future__ import annotations

from typing import Any

__all__ = ["REMOVED_PAGE_ACTIONS", "REMOVED_PREFIXES", "install", "installed"]

# Stock page actions (wagtail/api/v3/routers/pages.py, `actions_router`) left out.
REMOVED_PAGE_ACTIONS = ("copy", "create_alias", "move", "convert_alias", "copy_for_translation")
# Whole routers left out, by the prefix Wagtail mounts them at.
REMOVED_PREFIXES = ("/snippets/",)


def _action_paths() -> list[str]:
    return [f"/{{page_id}}/actions/{action}/" for action in REMOVED_PAGE_ACTIONS]


def install() -> None:
    """Drop the routes; must run after wagtail.snippets' ready() mounts its router
    and before the URLconf reads `api.urls` (ninja refuses changes after that)."""
    from wagtail.api.v3.routers.pages import actions_router
    from wagtail.api.v3.urls import api

    for path in _action_paths():
        actions_router.path_operations.pop(path, None)
    # ninja 1.7 keeps the routers to bind in `_router_registrations` (prefix first)
    # and a backward-compatible (prefix, router) list in `_routers`.
    api._router_registrations = [
        registration
        for registration in api._router_registrations
        if registration[0] not in REMOVED_PREFIXES
    ]
    api._routers = [(prefix, r) for prefix, r in api._routers if prefix not in REMOVED_PREFIXES]


def installed() -> bool:
    from wagtail.api.v3.routers.pages import actions_router
    from wagtail.api.v3.urls import api

    mounted: list[Any] = [registration[0] for registration in api._router_registrations]
    return not any(path in actions_router.path_operations for path in _action_paths()) and not any(
        prefix in mounted for prefix in REMOVED_PREFIXES
    )
