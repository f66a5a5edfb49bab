"""A post's HTML or plain text as a flat list of paragraphs, the unit detection works on.

HTML is read with BeautifulSoup and the standard library's html.parser:
BeautifulSoup is already installed as a Wagtail dependency, copes with the
unclosed tags Blogger's editor leaves behind, and html.parser needs no C
extension. Inline formatting is reduced to text; the words are what detection
and the editor's review need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag

__all__ = ["Para", "html_paragraphs", "text_paragraphs"]

_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "nav", "blockquote", "h1", "h2", "h3", "h4",
    "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr",
    "td", "th", "caption", "pre", "header", "footer", "aside", "figure", "figcaption",
    "address", "details", "summary", "hr",
}  # fmt: skip
_DROP_TAGS = {"script", "style", "noscript", "iframe", "form", "button", "head", "title"}
_SPACE = re.compile(r"[ \t\u00a0\u200b]+")


@dataclass
class Para:
    """A paragraph of text and what the source said it was."""

    text: str
    kind: str = "p"  # "p", "heading", "blockquote", "li" or "bold" (a line all in bold)


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def text_paragraphs(text: str) -> list[Para]:
    """Blank lines separate paragraphs; single line breaks inside one are kept as lines."""
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [_clean(line) for line in chunk.split("\n") if _clean(line)]
        if lines:
            paragraphs.append(Para("\n".join(lines)))
    return paragraphs


def html_paragraphs(markup: str) -> list[Para]:
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    root = soup.body or soup
    paragraphs: list[Para] = []
    _walk(root, paragraphs)
    return [p for p in paragraphs if p.text]


def _walk(node: Tag, out: list[Para]) -> None:
    """Block tags start paragraphs; runs of inline content between them become one each.

    Blogger's editor writes `<div>` per line and `<br><br>` between paragraphs, so a
    double `<br>` ends a paragraph and a single one ends a line within it.
    """
    lines: list[str] = [""]
    bold_only = [True]

    def flush() -> None:
        text = "\n".join(_clean(line) for line in lines if _clean(line))
        if text:
            out.append(Para(text, "bold" if bold_only[0] and "\n" not in text else "p"))
        lines[:] = [""]
        bold_only[0] = True

    for child in node.children:
        if isinstance(child, NavigableString):
            if child.strip():
                bold_only[0] = False
            lines[-1] += str(child)
        elif not isinstance(child, Tag):
            continue
        elif child.name == "br":
            if not _clean(lines[-1]) and any(_clean(line) for line in lines):
                flush()  # a blank line: <br><br>
            else:
                lines.append("")
        elif child.name in _BLOCK_TAGS:
            flush()
            if child.name in ("ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr"):
                _walk(child, out)
            elif re.fullmatch(r"h[1-6]", child.name):
                out.append(Para(_clean(child.get_text(" ")), "heading"))
            elif child.name == "blockquote":
                out.append(Para(_clean(child.get_text(" ")), "blockquote"))
            elif child.name == "li":
                out.append(Para(_clean(child.get_text(" ")), "li"))
            elif child.find(_BLOCK_TAGS) or child.find("br"):
                _walk(child, out)
            else:
                text = _clean(child.get_text(" "))
                bold = child.find(["b", "strong"])
                whole_bold = bold is not None and _clean(bold.get_text(" ")) == text
                out.append(Para(text, "bold" if whole_bold else "p"))
        else:
            text = child.get_text(" ")
            if text.strip() and child.name not in ("b", "strong"):
                bold_only[0] = False
            lines[-1] += text
    flush()
