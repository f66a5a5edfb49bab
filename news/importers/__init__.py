"""Legacy posts (Blogger exports, HTML or plain text) turned into structured drafts.

`sources` reads files into `SourcePost`s, `text` turns their HTML or text into
paragraphs, `detect` finds quotes, aid packages (their figures read by `amounts`)
and key developments, `build` turns what was found into StreamField blocks and
draft pages, listing what the text did not give for the editor to fill in, and
`report` counts it all for the summary. Nothing is invented: a field the text
does not give stays empty (docs/import.md, "What the importer infers").
`news/management/commands/import_posts.py` wires them together.
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
