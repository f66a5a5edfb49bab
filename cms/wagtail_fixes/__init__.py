"""Every patch this project applies to Wagtail, in one place (see README.md here).

Each module works around one upstream behaviour (`v2_query_params` holds
subclasses our v2 endpoints use rather than a patch), names it and the Wagtail
version it was checked against, and says how to tell it is installed
(`installed()`; for the request-body middleware, its place in MIDDLEWARE). An
upgrade of Wagtail means reading this folder and `tests/wagtail_fixes/`.

`install_all()` installs them, from `WagtailFixesConfig.ready()`, in the order
Wagtail's start-up needs:

- `page_schemas` before Wagtail's v3 pages router is first imported (the
  ready() of wagtail.contrib.redirects, wagtail.snippets, wagtail.images and
  wagtail.documents imports it), which is why `cms.wagtail_fixes` is listed
  before those apps in INSTALLED_APPS;
- `draftail_threads`, `v3_page_ids`, `v3_query_params`, `v3_stream_bodies` and
  `v3_preconditions` at any point after it;
- `token_reads` only once wagtail.images and wagtail.documents are ready (their
  v3 routers read the schemas those apps register in their ready()). As no
  single ready() comes both before and after those apps, `install_all()` defers
  it to `install_after_wagtail_apps()`, called by the ready() of `cms.delivery`,
  which is listed after them. `v3_unsupported` goes there too: it removes routes
  wagtail.snippets mounts in its ready().
"""

from __future__ import annotations

__all__ = ["install_after_wagtail_apps", "install_all"]


def install_all() -> None:
    """Install the fixes that must (or may) run before Wagtail's v3 routers load."""
    from cms.wagtail_fixes import (
        draftail_threads,
        page_schemas,
        v3_page_ids,
        v3_preconditions,
        v3_query_params,
        v3_stream_bodies,
    )

    # Types post bodies and images in Wagtail API v3's generated page schemas.
    # Must run before Wagtail's v3 pages router is imported (see page_schemas.install()).
    page_schemas.install()
    # Rich-text fields in the admin stay correct under threaded app servers.
    draftail_threads.install()
    # A v3 write to a page id that is not a number is a 404, not a crash.
    v3_page_ids.install()
    # No query string reaches a 500 in v3's stock routes (limits, search, filters).
    v3_query_params.install()
    # A page write whose StreamField JSON is not in the block shape is a 422, not a 500.
    v3_stream_bodies.install()
    # v3 drafts carry ETags, and a write with a stale If-Match is refused.
    v3_preconditions.install()


def install_after_wagtail_apps() -> None:
    """Install the fixes that need wagtail.images and wagtail.documents to be ready."""
    from cms.wagtail_fixes import token_reads, v3_unsupported

    # A token reads the public content plus what its owner edits.
    token_reads.install()
    # Routes the newsroom does not support are not served (after wagtail.snippets
    # mounts its router, before the URLconf reads the API's URLs).
    v3_unsupported.install()
