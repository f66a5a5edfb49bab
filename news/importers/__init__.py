"""Legacy posts (Blogger exports, HTML or plain text) turned into structured drafts.

`sources` reads files into `SourcePost`s, `text` turns their HTML or text into
paragraphs, `detect` finds quotes, aid packages and key developments, `build`
turns what was found into StreamField blocks and draft pages, and `report`
counts it all for the summary. `news/management/commands/import_posts.py` wires
them together.
"""

from news.importers.build import BuiltPost, build_post, save_post
from news.importers.report import ImportReport
from news.importers.sources import ImportInputError, SourcePost, read_posts

__all__ = [
    "BuiltPost",
    "ImportInputError",
    "ImportReport",
    "SourcePost",
    "build_post",
    "read_posts",
    "save_post",
]
