"""The image block: a library image with its caption and credit."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from news.api.fields import image_api_representation
from news.api.schemas import Image
from news.blocks.common import optional

__all__ = ["CaptionedImage", "CaptionedImageBlock"]


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=255)
    credit = blocks.CharBlock(
        required=False, max_length=255, help_text='Photographer and agency, e.g. "Jane Doe/AP".'
    )

    class Meta:
        icon = "image"
        label = "Image"
        description = "A photo or graphic with its caption and credit."
        help_text = "Choose an image from the library or upload one."
        template = "news/blocks/image.html"

    def get_preview_value(self) -> dict[str, Any]:
        # Previews need a real image; use the newest in the library when there is one.
        from wagtail.images import get_image_model

        image = get_image_model().objects.order_by("-created_at").first()
        return self.normalize(
            {"image": image, "caption": "Foreign ministers in Brussels", "credit": "Newsroom"}
        )

    def get_api_representation(self, value: Any, context: Any = None) -> dict[str, Any]:
        return {
            "image": image_api_representation(value["image"]),
            "caption": optional(value["caption"]),
            "credit": optional(value["credit"]),
        }


# What the block's API JSON is, for /api/v3/openapi.json (news.api.schemas.stream_schema).
class CaptionedImage(Schema):
    image: Image | None = Field(description="null if the image was deleted from the library.")
    caption: str | None
    credit: str | None


CaptionedImageBlock.api_schema = CaptionedImage

# Migrations name these blocks by their public path, `news.blocks.<Name>`.
DECONSTRUCT_ALIASES = {CaptionedImageBlock: "news.blocks.CaptionedImageBlock"}
