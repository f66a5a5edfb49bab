"""What the importer made of a story, in the annotations' terms.

The importer runs as `import_posts` runs it (`read_posts`, then `build_post`),
with a people resolver that looks nothing up, so the measure needs no database
and a person already in the people list cannot lend a story a role it never gave.
"""

from __future__ import annotations

import html
import re
from typing import Any

from news.importers import SourcePost, build_post, read_posts
from news.importers.people import PersonRef

__all__ = ["found_blocks", "source_text"]


class _NewPeople:
    """Every speaker as the story names them, unsaved (build.PeopleResolver without lookups)."""

    def __call__(self, ref: PersonRef | None) -> Any:
        if ref is None:
            return None
        from news.models import Person

        return Person(name=ref.name, role=ref.role[:255])


def _text(value: Any) -> str | None:
    text = str(value).strip() if value not in (None, "") else ""
    return text or None


def _block(kind: str, value: Any) -> dict[str, Any] | None:
    if kind == "quote":
        speaker = value.get("speaker")
        said_on = value.get("said_on")
        return {
            "type": "quote",
            "text": _text(value.get("text")),
            "speaker": _text(speaker.name) if speaker else None,
            "role": _text(speaker.role) if speaker else None,
            "attribution": _text(value.get("attribution")),
            "said_on": said_on.isoformat() if said_on else None,
        }
    if kind == "aid_package":
        amount = value.get("amount")
        return {
            "type": "aid_package",
            "donor": _text(value.get("donor")),
            "recipient": _text(value.get("recipient")),
            "amount": format(amount.normalize(), "f") if amount is not None else None,
            "currency": _text(value.get("currency")),
            # As written: the count the importer splits into `quantity` goes back in front.
            "items": [
                " ".join(filter(None, [str(item.get("quantity") or ""), _text(item.get("name"))]))
                for item in value.get("items") or []
            ],
        }
    if kind == "key_developments":
        return {
            "type": "key_developments",
            "labels": [_text(item.get("label")) for item in value.get("items") or []],
        }
    return None


def found_blocks(story: Any) -> tuple[list[dict[str, Any]], list[str], Any]:
    """(blocks found, paragraph texts, the built post) for the story's one post."""
    built = build_post(_post(story), _NewPeople())
    blocks, paragraphs = [], []
    for child in built.body:
        if child.block_type == "paragraph":
            paragraphs.append(_plain(child.value.source))
            continue
        block = _block(child.block_type, child.value)
        if block is not None:
            blocks.append(block)
    return blocks, paragraphs, built


def _post(story: Any) -> SourcePost:
    posts = [
        entry for entry in read_posts(story.source, story.fmt) if isinstance(entry, SourcePost)
    ]
    if len(posts) != 1:
        raise ValueError(f"{story.name}: {len(posts)} posts in the source; the corpus has one each")
    return posts[0]


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup)).strip()


def source_text(story: Any) -> str:
    """The story's words as the reader saw them, for "does the text say this?" checks."""
    post = _post(story)
    text = post.content
    if post.content_type == "html":
        text = _plain(text)
    return " ".join(html.unescape(text).split())
