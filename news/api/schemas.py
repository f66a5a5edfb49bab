"""OpenAPI types for a post's JSON in Wagtail API v3: the typed body stream, images,
people and JSON-LD.

The JSON itself is still produced by each block's `get_api_representation`
(and `news.api.fields.image_api_representation`); these schemas only describe it, so
`/api/v3/openapi.json` tells a front end exactly what every block contains and
response validation catches a block whose JSON drifts from its description.
Each block's own schema is its `api_schema`, declared beside the block in
`news.blocks`, so a new field touches the block's module (and its golden JSON);
`stream_schema` assembles a stream block's schema from its children's.

Wagtail builds its v3 page schemas once, from `api_fields`, and types every
StreamField as `list[Any]`; `cms.wagtail_fixes.page_schemas` teaches its schema
generator the stream blocks and image fields described here.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any, Literal, Union

from django.core.exceptions import ImproperlyConfigured
from ninja import Field, Schema
from pydantic import StringConstraints, WithJsonSchema, create_model
from wagtail import blocks

__all__ = [
    "DateTimeString",
    "DecimalString",
    "Image",
    "JsonLd",
    "Person",
    "Rendition",
    "UrlString",
    "block_choices",
    "live_schemas",
    "stream_schema",
]

# Decimal strings as `news.money.decimal_string` writes them: no sign, exponent or float.
DecimalString = Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+)?$")]
# A plain str with `format: uri`: pydantic's URL types would rewrite the value (a
# trailing slash, punycode), and the block's JSON must pass through unchanged.
UrlString = Annotated[str, WithJsonSchema({"type": "string", "format": "uri"})]
# A time as news.live.representation.iso writes it (UTC, "Z"), passed through
# unchanged so the detail, the update feed and the stream print the same text.
DateTimeString = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]


def block_choices(block: blocks.ChoiceBlock) -> Any:
    """The block's own choices as a Literal, so the enum cannot drift from the admin's list.

    A ChoiceBlock that is not required adds a blank "select" option; the API says null.
    """
    values = tuple(value for value, _label in block.field.choices if value != "")
    return Literal[values]  # type: ignore[valid-type]


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


def _value_schema(block: blocks.Block) -> Any:
    """The block's `api_schema`, declared beside the block class in `news.blocks`.

    Looked up along the class's MRO, so a subclass of a block is described like
    its parent unless it declares its own.
    """
    for cls in type(block).__mro__:
        if "api_schema" in vars(cls):
            return vars(cls)["api_schema"]
    raise ImproperlyConfigured(
        f"{type(block).__name__} has no API schema: give it an `api_schema` beside the "
        f"block class (news.blocks) so /api/v3/openapi.json describes its JSON."
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


class Correction(Schema):
    """A published correction, clarification, retraction or editor's note (docs/trust.md)."""

    kind: Literal["correction", "clarification", "retraction", "editors_note"]
    text: str = Field(description="What was wrong and what is right, plain text.")
    published_at: DateTimeString


JsonLd = Annotated[
    dict[str, Any],
    Field(
        description="The post's schema.org JSON-LD (`NewsArticle`, or `LiveBlogPosting` for a "
        'running story), ready for a `<script type="application/ld+json">`; the same JSON '
        "the post's page carries. Properties without a value are left out."
    ),
]


@functools.cache
def live_schemas() -> Any:
    """`Update` and `LiveCoverage`: a live story's updates as readers get them (news/live/).

    Built on first use rather than at import: an update's body is typed by
    `stream_schema(NewsBodyBlock)`, and news.blocks imports this module for
    its value schemas. Cached, so the document holds one of each. Made with
    `create_model` because this module's annotations are strings, which
    pydantic could not resolve to classes local to this function.
    """
    from types import SimpleNamespace

    from news.blocks import NewsBodyBlock

    author = create_model(
        "UpdateAuthor", __base__=Schema, __doc__="Who wrote an update: a byline only.", name=str
    )
    update = create_model(
        "Update",
        __base__=Schema,
        __doc__="One published update inside a live story.",
        id=(int, ...),
        posted_at=(DateTimeString, Field(description="The time readers see, UTC.")),
        headline=(str, Field(description='At most 120 characters; "" when it has none.')),
        body=(
            stream_schema(NewsBodyBlock),
            Field(description="Blocks, in the same JSON as a post's body."),
        ),
        pinned=(bool, Field(description="A key event, shown above the other updates.")),
        author=(author | None, ...),
        corrections=(
            list[Correction],
            Field(description="The update's published corrections, oldest first."),
        ),
        embargoed=(
            bool,
            Field(description="Only in a partner's answer: approved, public at embargo_until."),
        ),
        embargo_until=(
            DateTimeString | None,
            Field(description="When the embargo lifts; null when not under embargo."),
        ),
    )
    coverage = create_model(
        "LiveCoverage",
        __base__=Schema,
        __doc__="A story's live coverage; the post's `live` is null if it never had any.",
        status=(Literal["live", "ended"], ...),
        started_at=(DateTimeString, ...),
        ended_at=(DateTimeString | None, ...),
        pinned=(list[update], Field(description="Every pinned update, newest first.")),
        updates=(
            list[update],
            Field(
                description="The newest published updates (pinned or not), newest first; "
                "`updates_url` has the rest."
            ),
        ),
        updates_url=(
            UrlString,
            Field(
                description="The story's update feed, oldest first: keep the last `cursor` "
                "and pass it as `since` to get what came after."
            ),
        ),
        stream_url=(
            UrlString,
            Field(description="Server-Sent Events of the same feed, as it happens."),
        ),
    )
    return SimpleNamespace(UpdateAuthor=author, Update=update, LiveCoverage=coverage)
