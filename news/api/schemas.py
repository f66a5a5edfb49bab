"""OpenAPI types for a post's JSON in Wagtail API v3: typed body blocks and images.

The JSON itself is still produced by each block's `get_api_representation`
(and `news.api.fields.image_api_representation`); these schemas only describe it, so
`/api/v3/openapi.json` tells a front end exactly what every block contains and
response validation catches a block whose JSON drifts from its description.

Wagtail builds its v3 page schemas once, from `api_fields`, and types every
StreamField as `list[Any]`; `cms.wagtail_fixes.page_schemas` teaches its schema
generator the stream blocks and image fields described here.
"""

from __future__ import annotations

import datetime
import functools
from typing import Annotated, Any, Literal, Union

from django.core.exceptions import ImproperlyConfigured
from ninja import Field, Schema
from pydantic import PositiveInt, StringConstraints, WithJsonSchema, create_model
from wagtail import blocks

from news.blocks import (
    AidItemBlock,
    AidPackageBlock,
    CaptionedImageBlock,
    HeadingBlock,
    KeyDevelopmentsBlock,
    NewsBodyBlock,
    ParagraphBlock,
    QuoteBlock,
)

__all__ = [
    "AidPackage",
    "AidPackageItem",
    "CaptionedImage",
    "Image",
    "JsonLd",
    "KeyDevelopment",
    "KeyDevelopments",
    "Person",
    "Quote",
    "Rendition",
    "stream_schema",
]

# Decimal strings as `news.money.decimal_string` writes them: no sign, exponent or float.
DecimalString = Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+)?$")]
# A plain str with `format: uri`: pydantic's URL types would rewrite the value (a
# trailing slash, punycode), and the block's JSON must pass through unchanged.
UrlString = Annotated[str, WithJsonSchema({"type": "string", "format": "uri"})]


def _choices(block: blocks.ChoiceBlock) -> Any:
    """The block's own choices as a Literal, so the enum cannot drift from the admin's list.

    A ChoiceBlock that is not required adds a blank "select" option; the API says null.
    """
    values = tuple(value for value, _label in block.field.choices if value != "")
    return Literal[values]  # type: ignore[valid-type]


Currency = _choices(AidPackageBlock.base_blocks["currency"])
AidCategory = _choices(AidItemBlock.base_blocks["category"])


class Person(Schema):
    """Someone from the People list."""

    id: int
    name: str
    role: str = Field(description='e.g. "President of Ukraine"; "" when not recorded.')


class Rendition(Schema):
    url: UrlString
    width: int
    height: int


class Image(Schema):
    """An image from the library; the same shape for lead images and image blocks."""

    id: int
    title: str
    width: int
    height: int
    url: UrlString = Field(description="The original file, absolute.")
    renditions: dict[str, Rendition | None] = Field(
        description="Keyed by rendition name (`thumbnail`, `medium`, `large`); "
        "null when the original file cannot be read."
    )


class Quote(Schema):
    text: str = Field(description="Without quotation marks: add them when rendering.")
    speaker: Person | None
    attribution: str | None = Field(description="A source that is not in the People list.")
    context: str | None
    said_on: datetime.date | None
    source_url: UrlString | None


class AidPackageItem(Schema):
    name: str
    category: AidCategory
    quantity: PositiveInt | None


class AidPackage(Schema):
    donor: str
    recipient: str
    amount: DecimalString | None = Field(
        description="The total as a decimal string, never a float; null when only items are known."
    )
    currency: Currency | None = Field(description="ISO 4217 code of `amount`.")
    amount_display: str | None = Field(description='The figure as readers see it: "$725 million".')
    announced_by: Person | None
    announced_on: datetime.date | None
    items: list[AidPackageItem]
    source_url: UrlString | None


class KeyDevelopment(Schema):
    label: str
    text: str


class KeyDevelopments(Schema):
    heading: str
    items: list[KeyDevelopment]


class CaptionedImage(Schema):
    image: Image | None = Field(description="null if the image was deleted from the library.")
    caption: str | None
    credit: str | None


RichTextHtml = Annotated[
    str,
    WithJsonSchema(
        {
            "type": "string",
            "description": "Display HTML by default; `?rich_text_format=` asks for another format.",
        }
    ),
]

# The value schema of each block class. Looked up along the class's MRO, so a
# subclass of a block is described like its parent unless it has its own entry.
BLOCK_VALUE_SCHEMAS: dict[type[blocks.Block], Any] = {
    ParagraphBlock: RichTextHtml,
    HeadingBlock: str,
    QuoteBlock: Quote,
    AidPackageBlock: AidPackage,
    KeyDevelopmentsBlock: KeyDevelopments,
    CaptionedImageBlock: CaptionedImage,
}

# Stream blocks whose API JSON is typed; any other StreamField keeps Wagtail's `list[Any]`.
TYPED_STREAM_BLOCKS: tuple[type[blocks.StreamBlock], ...] = (NewsBodyBlock,)


def _value_schema(block: blocks.Block) -> Any:
    for cls in type(block).__mro__:
        if cls in BLOCK_VALUE_SCHEMAS:
            return BLOCK_VALUE_SCHEMAS[cls]
    raise ImproperlyConfigured(
        f"{type(block).__name__} has no API schema: add it to BLOCK_VALUE_SCHEMAS in "
        f"{__name__} so /api/v3/openapi.json describes its JSON."
    )


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


@functools.cache
def stream_schema(stream_block_class: type[blocks.StreamBlock]) -> Any:
    """`list[<one item schema per child block>]`, discriminated on `type`.

    Built from the stream block's own children, so a block added to the stream
    is in the schema (or start-up fails, naming the block without a schema).
    Cached per class: Wagtail may generate its page schemas more than once, and
    two classes with one name would make the OpenAPI components ambiguous.
    """
    items = []
    for name, child in stream_block_class.base_blocks.items():
        items.append(
            create_model(
                f"{_camel(name)}Block",
                __base__=Schema,
                __doc__=f"The `{name}` block. {child.meta.description or ''}".strip(),
                type=(Literal[name], ...),  # type: ignore[valid-type]
                value=(_value_schema(child), ...),
                id=(str, Field(description="The block's id, stable across revisions.")),
            )
        )
    if len(items) == 1:
        return list[items[0]]  # type: ignore[valid-type]
    return list[Annotated[Union[tuple(items)], Field(discriminator="type")]]  # type: ignore[valid-type]  # noqa: UP007


JsonLd = Annotated[
    dict[str, Any],
    Field(
        description="The post's schema.org JSON-LD (`NewsArticle`, or `LiveBlogPosting` for a "
        'running story), ready for a `<script type="application/ld+json">`; the same JSON '
        "the post's page carries. Properties without a value are left out."
    ),
]
