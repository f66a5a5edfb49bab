"""Draftail's HTML-to-editor converter made safe for threaded app servers.

Wagtail 8.0's ContentstateConverter keeps one HTML parser per converter and
reuses it for every call, and converters live on rich-text widgets that are
shared by the whole process (StreamField blocks are singletons). Under a
threaded server (gunicorn gthread, as `make serve` runs) two editors opening
edit screens at once interleave on that parser: the admin answered 500
("unexpected call to parse_endtag") when bench-scale opened a 300-block post
from four threads. Reported upstream as wagtail/wagtail#14573; no 8.0.x
release carries a fix yet, so each thread gets its own parser here.

Checked against Wagtail 8.0.x. Installed by `cms.wagtail_fixes.install_all()`.
"""

from __future__ import annotations

import threading

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.admin.rich_text.converters.html_to_contentstate import HtmlToContentStateHandler

__all__ = ["install", "installed"]

_ORIGINAL = ContentstateConverter.from_database_format


def _from_database_format(self: ContentstateConverter, html: str) -> str:
    local = self.__dict__.setdefault("_thread_handlers", threading.local())
    handler = getattr(local, "handler", None)
    if handler is None:
        handler = local.handler = HtmlToContentStateHandler(self.features)
    handler.reset()
    handler.feed(html)
    handler.close()
    return handler.contentstate.as_json(indent=4, separators=(",", ": "))


def install() -> None:
    # Only while Wagtail's method is the one this replaces: a fixed release may change it.
    if ContentstateConverter.from_database_format is _ORIGINAL:
        ContentstateConverter.from_database_format = _from_database_format  # type: ignore[method-assign]


def installed() -> bool:
    return ContentstateConverter.from_database_format is _from_database_format
