"""Reading what is imported: Blogger exports (both formats), one HTML file or one text file.

Exports are parsed with defusedxml (no external entities, no entity-expansion
bombs) and streamed with iterparse, clearing each entry once read, so memory
stays bounded whatever the export's size. A file is checked completely before
anything is imported, so a truncated export fails before a single post is written.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse
from xml.etree.ElementTree import Element, ParseError

from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import iterparse

__all__ = [
    "FORMATS",
    "Entries",
    "ImportInputError",
    "Skipped",
    "SourcePost",
    "detect_format",
    "read_posts",
]

FORMATS = ("auto", "blogger", "html", "text")

ATOM = "{http://www.w3.org/2005/Atom}"
APP = "{http://purl.org/atom/app#}"
BLOGGER_2018 = "{http://schemas.google.com/blogger/2018}"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


class ImportInputError(Exception):
    """The file cannot be imported at all; the message names the problem in one line."""


@dataclass
class SourcePost:
    """One post as the source holds it, before any structure is detected."""

    source_id: str
    title: str
    content: str
    content_type: str  # "html" or "text"
    published: datetime.date | None = None
    labels: list[str] = field(default_factory=list)
    url: str = ""
    legacy_path: str = ""
    author: str = ""
    status: str = "LIVE"


@dataclass
class Skipped:
    """An entry that is not imported: a comment, page, template, setting, trashed post…"""

    kind: str
    reason: str = ""


def decode_entities(text: str) -> str:
    """Decode HTML entities, twice if needed: the 2018 export writes `&amp;#39;`."""
    for _ in range(3):
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return text


def detect_format(path: Path, requested: str = "auto", label: str = "") -> str:
    path_label = label or str(path)
    if path.is_dir():
        raise ImportInputError(f"{path_label}: is a directory, not a file")
    if not path.exists():
        raise ImportInputError(f"{path_label}: no such file")
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head.strip():
        raise ImportInputError(f"{path_label}: the file is empty")
    if requested != "auto":
        return requested
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<?xml", b"<feed")) or path.suffix.lower() in (".xml", ".atom"):
        return "blogger"
    if start.startswith(b"<") or path.suffix.lower() in (".html", ".htm"):
        return "html"
    return "text"


class Entries:
    """The file's entries, iterable once, with their number known up front for progress."""

    def __init__(self, entries: Iterator[SourcePost | Skipped], total: int) -> None:
        self._entries = entries
        self.total = total

    def __iter__(self) -> Iterator[SourcePost | Skipped]:
        return self._entries


def read_posts(path: Path, fmt: str = "auto", name: str | None = None) -> Entries:
    """Every entry of the file, posts as `SourcePost` and the rest as `Skipped`.

    Raises ImportInputError before yielding anything when the file is unusable.
    `name` is how errors refer to the file (an upload's own name, not where it was saved).
    """
    label = name or str(path)
    fmt = detect_format(path, fmt, label)
    if fmt == "blogger":
        total = _check_export(path, label)
        return Entries(_blogger_entries(path), total)
    text = _read_text(path, label)
    if fmt == "html":
        return Entries(iter([_html_post(path, text)]), 1)
    return Entries(iter([_text_post(path, text)]), 1)


def _read_text(path: Path, label: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportInputError(f"{label}: not UTF-8 text ({error.reason})") from error


def _source_id(path: Path) -> str:
    return f"file:{path.name}"


def _html_post(path: Path, text: str) -> SourcePost:
    match = re.search(r"<title[^>]*>(.*?)</title>", text, re.S | re.I) or re.search(
        r"<h1[^>]*>(.*?)</h1>", text, re.S | re.I
    )
    title = re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else path.stem
    body = text
    if match and match.re.pattern.startswith("<h1"):
        body = text.replace(match.group(0), "", 1)
    return SourcePost(
        source_id=_source_id(path),
        title=decode_entities(title),
        content=body,
        content_type="html",
        legacy_path="",
    )


def _text_post(path: Path, text: str) -> SourcePost:
    # The first non-empty line is the title, as in a document or an e-mailed copy.
    lines = text.strip().splitlines()
    title = lines[0].strip()
    return SourcePost(
        source_id=_source_id(path),
        title=title,
        content="\n".join(lines[1:]),
        content_type="text",
    )


def _check_export(path: Path, label: str) -> int:
    """Parse the whole file once without keeping it, so bad files fail before any write.

    Returns the number of entries, which the progress bar counts up to.
    """
    try:
        root_seen = False
        blogger = False
        entries = 0
        for event, element in iterparse(str(path), events=("start", "end")):
            if event == "start":
                if not root_seen:
                    root_seen = True
                    if element.tag != f"{ATOM}feed":
                        raise ImportInputError(
                            f"{label}: XML but not a Blogger export (root <{element.tag}>)"
                        )
                elif element.tag.startswith(BLOGGER_2018) or (
                    element.tag == f"{ATOM}category" and element.get("scheme") == KIND_SCHEME
                ):
                    blogger = True
            elif element.tag == f"{ATOM}entry":
                entries += 1
                element.clear()
    except ParseError as error:
        raise ImportInputError(f"{label}: not valid XML or truncated ({error})") from error
    except DefusedXmlException as error:
        raise ImportInputError(f"{label}: unsafe XML refused ({error})") from error
    if not blogger:
        raise ImportInputError(f"{label}: an Atom feed but not a Blogger export")
    return entries


def _blogger_entries(path: Path) -> Iterator[SourcePost | Skipped]:
    events = iterparse(str(path), events=("end",))
    for _event, element in events:
        if element.tag == f"{ATOM}entry":
            try:
                yield _entry(element)
            finally:
                # Drop the entry's tree: only one post is ever held in memory.
                element.clear()


def _text(element: Element, tag: str) -> str:
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _web_url(href: str) -> bool:
    return urlparse(href.strip()).scheme.lower() in ("http", "https")


def _entry(entry: Element) -> SourcePost | Skipped:
    kind_2018 = _text(entry, f"{BLOGGER_2018}type")
    if kind_2018:
        kind = kind_2018.lower()
        status = _text(entry, f"{BLOGGER_2018}status").upper() or "LIVE"
        labels = [
            c.get("term", "").strip()
            for c in entry.findall(f"{ATOM}category")
            if c.get("scheme") in (None, LABEL_SCHEME) and c.get("term")
        ]
        legacy_path = _text(entry, f"{BLOGGER_2018}filename")
    else:
        kind = ""
        labels = []
        for category in entry.findall(f"{ATOM}category"):
            scheme, term = category.get("scheme"), category.get("term", "")
            if scheme == KIND_SCHEME and term.startswith(KIND_PREFIX):
                kind = term.removeprefix(KIND_PREFIX)
            elif scheme == LABEL_SCHEME and term.strip():
                labels.append(term.strip())
        control = entry.find(f"{APP}control")
        draft = control is not None and _text(control, f"{APP}draft").lower() == "yes"
        status = "DRAFT" if draft else "LIVE"
        legacy_path = ""
    if kind != "post":
        return Skipped(kind or "unknown")
    if "TRASH" in status or status == "DELETED":
        return Skipped("trashed")
    url = ""
    for link in entry.findall(f"{ATOM}link"):
        # Only a web address: a hostile export's `javascript:` link would otherwise
        # become the post's source link and make saving it fail.
        if link.get("rel") == "alternate" and _web_url(link.get("href", "")):
            url = link.get("href", "")
    if url and not legacy_path:
        legacy_path = urlparse(url).path
    author = entry.find(f"{ATOM}author")
    content = entry.find(f"{ATOM}content")
    return SourcePost(
        source_id=_text(entry, f"{ATOM}id"),
        title=decode_entities(_text(entry, f"{ATOM}title")),
        content=(content.text or "") if content is not None else "",
        content_type="text" if content is not None and content.get("type") == "text" else "html",
        published=_date(_text(entry, f"{ATOM}published")),
        labels=[decode_entities(label) for label in labels],
        url=url,
        legacy_path=legacy_path,
        author=_text(author, f"{ATOM}name") if author is not None else "",
        status=status,
    )
