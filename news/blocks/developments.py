"""The key developments block: a labelled summary list of where the story stands."""

from __future__ import annotations

from ninja import Schema
from wagtail import blocks

__all__ = ["KeyDevelopment", "KeyDevelopmentBlock", "KeyDevelopments", "KeyDevelopmentsBlock"]


class KeyDevelopmentBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=80, help_text='A short topic, e.g. "Military aid".')
    text = blocks.TextBlock(help_text="One or two sentences.")

    class Meta:
        icon = "arrow-right"
        label = "Development"


class KeyDevelopmentsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Key Developments")
    items = blocks.ListBlock(KeyDevelopmentBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        label = "Key developments"
        description = "A labelled summary list of where the story stands."
        help_text = "At least one development, each with a short label."
        template = "news/blocks/key_developments.html"
        preview_value = {
            "heading": "Key Developments",
            "items": [
                {
                    "label": "Military aid",
                    "text": "Allies have delivered more than €65 billion since February 2022.",
                },
                {"label": "Training", "text": "Tens of thousands of soldiers trained."},
            ],
        }


# What the block's API JSON is, for /api/v3/openapi.json (news.api.schemas.stream_schema).
class KeyDevelopment(Schema):
    label: str
    text: str


class KeyDevelopments(Schema):
    heading: str
    items: list[KeyDevelopment]


KeyDevelopmentsBlock.api_schema = KeyDevelopments

# Migrations name these blocks by their public path, `news.blocks.<Name>`.
DECONSTRUCT_ALIASES = {
    KeyDevelopmentBlock: "news.blocks.KeyDevelopmentBlock",
    KeyDevelopmentsBlock: "news.blocks.KeyDevelopmentsBlock",
}
