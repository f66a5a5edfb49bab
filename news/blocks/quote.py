"""The quote block: what a named person or an attributed source said."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Field, Schema
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from news.api.schemas import Person, UrlString
from news.blocks.common import iso_date, optional, person

__all__ = ["Quote", "QuoteBlock"]

# Straight and typographic quotation marks a writer may paste around a quote.
_QUOTE_MARKS = "\"'“”‘’«»„"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(
        help_text="The words as spoken or written; quotation marks are added for you."
    )
    speaker = SnippetChooserBlock(
        "news.Person",
        required=False,
        help_text="Who said it, if they are in the people list. Otherwise use attribution.",
    )
    attribution = blocks.CharBlock(
        required=False,
        max_length=255,
        help_text='For sources not in the people list, e.g. "a senior NATO diplomat, '
        'speaking anonymously".',
    )
    context = blocks.CharBlock(
        required=False, max_length=255, help_text='Where or when, e.g. "after talks in Kyiv".'
    )
    said_on = blocks.DateBlock(required=False, help_text="The day it was said.")
    source_url = blocks.URLBlock(
        required=False, help_text="Link to the original statement, if published."
    )

    class Meta:
        icon = "openquote"
        label = "Quote"
        description = "Something a named person or an attributed source said."
        help_text = "Every quote needs a speaker or an attribution."
        template = "news/blocks/quote.html"
        preview_value = {
            "text": "It will take weeks and months to get consensus.",
            "attribution": "a senior NATO diplomat, speaking anonymously",
            "context": "on Ukraine's membership bid",
        }

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        value["text"] = value["text"].strip().strip(_QUOTE_MARKS).strip()
        if not self.is_deferred_validation and not value["speaker"] and not value["attribution"]:
            message = "Choose a speaker or write an attribution: readers must know who said this."
            raise StructBlockValidationError(
                block_errors={
                    "speaker": ValidationError(message),
                    "attribution": ValidationError(message),
                }
            )
        return value

    def get_api_representation(self, value: Any, context: Any = None) -> dict[str, Any]:
        return {
            "text": value["text"],
            "speaker": person(value["speaker"]),
            "attribution": optional(value["attribution"]),
            "context": optional(value["context"]),
            "said_on": iso_date(value["said_on"]),
            "source_url": optional(value["source_url"]),
        }


# What the block's API JSON is, for /api/v3/openapi.json (news.api.schemas.stream_schema).
class Quote(Schema):
    text: str = Field(description="Without quotation marks: add them when rendering.")
    speaker: Person | None
    attribution: str | None = Field(description="A source that is not in the People list.")
    context: str | None
    said_on: datetime.date | None
    source_url: UrlString | None


QuoteBlock.api_schema = Quote

# Migrations name these blocks by their public path, `news.blocks.<Name>`.
DECONSTRUCT_ALIASES = {QuoteBlock: "news.blocks.QuoteBlock"}
