"""One story written out in every format the importer reads, for tests that compare them.

Each writer takes the story as a title and a list of paragraphs (lines within a
paragraph separated by "\n") and returns the file's text, the way each source
writes it: plain text with blank lines, an HTML page with <p> and <br>, Blogger's
classic export (HTML escaped inside <content>, <div> per line as its editor
writes) and the 2018 export (HTML escaped again, so entities arrive doubled).
"""

from __future__ import annotations

import html
from pathlib import Path

from news.importers.detect import Detected, detect
from news.importers.sources import SourcePost, read_posts
from news.importers.text import html_paragraphs, text_paragraphs

__all__ = ["FORMATS", "detect_file", "write"]


def _html_body(paragraphs: list[str]) -> str:
    return "".join(
        "<p>" + "<br>".join(html.escape(line, quote=False) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )


def text_file(title: str, paragraphs: list[str]) -> str:
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def html_file(title: str, paragraphs: list[str]) -> str:
    head = f"<head><title>{html.escape(title)}</title></head>"
    return f"<html>{head}<body>{_html_body(paragraphs)}</body></html>"


def classic_file(title: str, paragraphs: list[str]) -> str:
    # Blogger's editor: one <div> per line, an empty <div><br /></div> between paragraphs.
    divs = "<div><br /></div>".join(
        "".join(f"<div>{html.escape(line, quote=False)}</div>" for line in p.split("\n"))
        for p in paragraphs
    )
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns='http://www.w3.org/2005/Atom' xmlns:app='http://purl.org/atom/app#'>
  <entry>
    <id>tag:blogger.com,1999:blog-1.post-1</id>
    <published>2024-03-07T09:30:00.000+01:00</published>
    <category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>
    <title type='text'>{html.escape(title)}</title>
    <content type='html'>{html.escape(divs, quote=False)}</content>
  </entry>
</feed>
"""


def export_2018_file(title: str, paragraphs: list[str]) -> str:
    # The 2018 export escapes the post's own entities once more (&amp;#39;).
    body = _html_body(paragraphs).replace("'", "&#39;")
    return f"""<?xml version='1.0' encoding='utf-8'?>
<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>
  <entry>
    <id>tag:blogger.com,1999:blog-2.post-1</id>
    <blogger:type>POST</blogger:type>
    <blogger:status>LIVE</blogger:status>
    <published>2024-03-07T09:30:00Z</published>
    <title>{html.escape(title).replace("&#x27;", "&amp;#39;")}</title>
    <content type='html'>{html.escape(body, quote=False)}</content>
  </entry>
</feed>
"""


FORMATS = {
    "text": ("post.txt", text_file),
    "html": ("post.html", html_file),
    "blogger-classic": ("export.xml", classic_file),
    "blogger-2018": ("export.xml", export_2018_file),
}


def write(directory: Path, fmt: str, title: str, paragraphs: list[str]) -> Path:
    name, writer = FORMATS[fmt]
    path = directory / f"{fmt}-{name}"
    path.write_text(writer(title, paragraphs), encoding="utf-8")
    return path


def detect_file(path: Path) -> tuple[SourcePost, Detected]:
    """The one post in the file and what detection makes of it (no database needed)."""
    (post,) = [entry for entry in read_posts(path) if isinstance(entry, SourcePost)]
    paragraphs = (
        html_paragraphs(post.content)
        if post.content_type == "html"
        else text_paragraphs(post.content)
    )
    return post, detect(paragraphs, post_date=post.published)
