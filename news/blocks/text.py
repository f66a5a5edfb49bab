"""Running text: the paragraph and heading blocks."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import WithJsonSchema
from wagtail import blocks
from wagtail.rich_text import RichText

__all__ = ["PARAGRAPH_FEATURES", "HeadingBlock", "ParagraphBlock", "RichTextHtml"]

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Paragraph"
        description = "Running text: bold, italic, links and lists."
        help_text = "Write one development per paragraph; use a quote block for quotations."
        template = "news/blocks/paragraph.html"
        preview_value = RichText(
            "<p>Foreign ministers of the <b>32 NATO members</b> met in Brussels to discuss "
            "support for Ukraine.</p>"
        )


class HeadingBlock(blocks.CharBlock):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 120)
        super().__init__(**kwargs)

    class Meta:
        icon = "title"
        label = "Heading"
        description = "A short subheading that splits the post into sections."
        help_text = "Keep it short: at most 120 characters."
        form_classname = "title"
        template = "news/blocks/heading.html"
        preview_value = "Ministers meet in Brussels"


# What each block's API JSON is, for /api/v3/openapi.json (news.api.schemas.stream_schema).
RichTextHtml = Annotated[
    str,
    WithJsonSchema(
        {
            "type": "string",
            "description": "Display HTML by default; `?rich_text_format=` asks for another format.",
        }
    ),
]
ParagraphBlock.api_schema = RichTextHtml
HeadingBlock.api_schema = str

# Migrations name these blocks by their public path, `news.blocks.<Name>`.
DECONSTRUCT_ALIASES = {
    ParagraphBlock: "news.blocks.ParagraphBlock",
    HeadingBlock: "news.blocks.HeadingBlock",
}
