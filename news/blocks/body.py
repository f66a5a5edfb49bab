"""The body of a Latest Updates post: the stream of every block above."""

from __future__ import annotations

from wagtail import blocks

from news.blocks.aid import AidPackageBlock
from news.blocks.developments import KeyDevelopmentsBlock
from news.blocks.image import CaptionedImageBlock
from news.blocks.quote import QuoteBlock
from news.blocks.text import HeadingBlock, ParagraphBlock

__all__ = ["NewsBodyBlock"]


class NewsBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    quote = QuoteBlock()
    aid_package = AidPackageBlock()
    key_developments = KeyDevelopmentsBlock()
    image = CaptionedImageBlock()

    # Its API JSON is typed in /api/v3/openapi.json, from each child's `api_schema`
    # (news.api.schemas.stream_schema); any other StreamField stays `list[Any]`.
    typed_api_schema = True


# Migrations name these blocks by their public path, `news.blocks.<Name>`.
DECONSTRUCT_ALIASES = {NewsBodyBlock: "news.blocks.NewsBodyBlock"}
