"""What "nothing executable" means for a rendered page and for the APIs' rich text.

Pages are read with the standard library's HTML parser (through BeautifulSoup) and
checked against what our templates can produce: a fixed set of elements, no event
handler attributes, no script but the JSON-LD one, and no URL with a scheme that
runs code. Content that was escaped shows up as text, which is also checked, so a
payload that vanished is told apart from one that was shown harmlessly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup, Tag

__all__ = [
    "api_rich_text",
    "dangerous_url",
    "page_problems",
    "rich_text_problems",
]

# Every element base.html and the news templates write; anything else was injected.
PAGE_TAGS = {
    "html", "head", "meta", "title", "link", "script", "body", "a", "header", "div", "nav",
    "form", "label", "input", "button", "main", "footer", "p", "article", "h1", "h2", "h3",
    "span", "time", "ul", "ol", "li", "figure", "figcaption", "img", "blockquote", "section",
    "dl", "dt", "dd", "b", "i", "br", "picture", "source",
}  # fmt: skip
# What the paragraph block's features (bold, italic, link, ol, ul) may store.
RICH_TEXT_TAGS = {"p", "b", "i", "a", "ol", "ul", "li", "br"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "cite", "srcset"}
_CONTROL = re.compile(r"[`\x00-\x20\x7f-\xa0\s]+")
# The header's search box and the search page's own.
_OUR_INPUTS = {"site-search-query", "search-page-query"}
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


def dangerous_url(value: str) -> bool:
    """A URL a browser would run (or load as a document), however it is disguised."""
    # Browsers skip control characters and whitespace inside a scheme: "jav\tascript:".
    squashed = _CONTROL.sub("", value).lower()
    return squashed.startswith(_BAD_SCHEMES)


def _attribute_problems(element: Tag, where: str) -> Iterator[str]:
    for name, value in element.attrs.items():
        text = " ".join(value) if isinstance(value, list) else str(value)
        if name.lower().startswith("on"):
            yield f"{where}: <{element.name} {name}={text!r}> is an event handler"
        if name.lower() in URL_ATTRIBUTES and dangerous_url(text):
            yield f"{where}: <{element.name} {name}={text!r}> is a script URL"
        if name.lower() == "style" and "url(" in text.lower():
            yield f"{where}: <{element.name} style={text!r}> loads a URL"


def page_problems(html: str, where: str) -> list[str]:
    """Everything in a rendered page that our templates would not have written."""
    soup = BeautifulSoup(html, "html.parser")
    problems: list[str] = []
    for element in soup.find_all(True):
        if element.name not in PAGE_TAGS:
            problems.append(f"{where}: injected <{element.name}>")
        problems.extend(_attribute_problems(element, where))
        if element.name == "script":
            if element.get("type") != "application/ld+json":
                problems.append(f"{where}: a script element: {str(element)[:120]!r}")
                continue
            try:
                json.loads(element.string or "")
            except ValueError:
                problems.append(f"{where}: the JSON-LD script was broken out of")
        elif element.name == "meta" and element.get("http-equiv"):
            problems.append(f"{where}: <meta http-equiv> from content")
        elif element.name == "img" and not str(element.get("src", "")).startswith("/"):
            problems.append(f"{where}: <img src={element.get('src')!r}> is not ours")
        elif element.name == "input" and element.get("id") not in _OUR_INPUTS:
            problems.append(f"{where}: an injected <input>")
        elif element.name == "form" and element.get("action") != "/search/":
            problems.append(f"{where}: an injected <form>")
    return problems


def rich_text_problems(html: str, where: str) -> list[str]:
    """Rich text from an API: only the paragraph features, no handlers, no script URLs."""
    problems: list[str] = []
    if re.search(r"<\s*script", html, re.IGNORECASE):
        problems.append(f"{where}: contains <script: {html[:160]!r}")
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(True):
        if element.name not in RICH_TEXT_TAGS:
            problems.append(f"{where}: <{element.name}> in rich text: {html[:160]!r}")
        problems.extend(_attribute_problems(element, where))
    return problems


def api_rich_text(data: Any) -> Iterator[tuple[str, str]]:
    """(where, html) for every rich text value in an API response: paragraph blocks' values."""

    def walk(node: Any, path: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            if node.get("type") == "paragraph" and isinstance(node.get("value"), str):
                yield path, node["value"]
            for key, value in node.items():
                yield from walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk(value, f"{path}[{index}]")

    yield from walk(data, "$")
