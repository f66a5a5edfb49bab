"""The quote block: what a named person or an attributed source said, and how we got it.

Provenance (news/blocks/provenance.py, docs/trust.md "Quote provenance"): a
draft may leave it empty; submitting or approving needs a method, and an
unnamed source must be declared as `anonymous_source`. These are publish-only
rules, skipped while a draft is saved (`is_deferred_validation`).

The link to the original used to be the quote's own `source_url`; it now lives
in `provenance.source_url`. Stored quotes are moved over when read and written
(`_moved_link`), and writes that still send the top-level `source_url` are
accepted and moved, so no stored link and no client is lost. The API keeps the
top-level `source_url` as an alias of `provenance.source_url`.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Field, Schema
from wagtail import blocks
from wagtail.admin.telepath import register
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from news.api.schemas import Person, UrlString
from news.blocks.common import iso_date, optional, person
from news.blocks.provenance import (
    ANONYMOUS,
    METHOD_CHOICES,
    HidingStructBlockAdapter,
    ProvenanceBlock,
    QuoteProvenance,
)

__all__ = ["ANONYMITY_WORDS", "Quote", "QuoteBlock", "QuoteValue", "says_anonymous"]

# Straight and typographic quotation marks a writer may paste around a quote.
_QUOTE_MARKS = "\"'“”‘’«»„"

# Words in an attribution or context that say the source is not named to readers.
# ("An unidentified drone" in a context is no source, so "unidentified" alone is not one.)
ANONYMITY_WORDS = re.compile(
    r"\b(anonym\w*|unnamed"
    r"|(not|declined|refused) to be (named|identified)"
    r"|declined to give (his|her|their) name"
    r"|without being (named|identified)"
    r"|(his|her|their) name (not be|be withheld|was withheld|withheld)"
    r"|(did not|didn't) (want|wish) (his|her|their)? ?(name|to be named|to be identified)"
    r"|asked that (his|her|their|the) \w+(?: \w+)? (not be|is not|was not|be not) "
    r"(named|published|identified|used)"
    r"|not (authori[sz]ed|allowed|permitted) to (speak|comment|talk)"
    r"|(would not|did not|didn't|declined to|refused to) give (his|her|their) (full )?name)\b",
    re.IGNORECASE,
)
_ANONYMOUS_LABEL = dict(METHOD_CHOICES)[ANONYMOUS].split(" (")[0]


def says_anonymous(*texts: str | None) -> bool:
    """Whether any of the texts says the source is unnamed (the rule in docs/trust.md)."""
    return any(text and ANONYMITY_WORDS.search(text) for text in texts)


def _moved_link(raw: Any) -> Any:
    """A stored or written quote with its old top-level `source_url` moved into provenance.

    Only moved when provenance has no link of its own, so nothing is ever overwritten.
    """
    if not isinstance(raw, dict) or not raw.get("source_url"):
        return raw
    provenance = dict(raw.get("provenance") or {})
    if provenance.get("source_url") and provenance["source_url"] != raw["source_url"]:
        return raw
    provenance["source_url"] = raw["source_url"]
    return {**raw, "provenance": provenance, "source_url": ""}


class QuoteValue(blocks.StructValue):
    @property
    def link(self) -> str:
        """The original's address: provenance's, or the old top-level one not yet moved."""
        provenance = self.get("provenance") or {}
        return provenance.get("source_url") or self.get("source_url") or ""


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
    # Kept so writes that still send it are accepted (and moved into provenance); not in
    # the admin form, which shows provenance.source_url instead.
    source_url = blocks.URLBlock(
        required=False, help_text="Old place of the link: use provenance's source URL."
    )
    provenance = ProvenanceBlock()

    admin_hidden_children = ("source_url",)

    class Meta:
        icon = "openquote"
        label = "Quote"
        value_class = QuoteValue
        # The old top-level source_url is not in the form: provenance has the link.
        form_layout = ["text", "speaker", "attribution", "context", "said_on", "provenance"]
        description = "Something a named person or an attributed source said."
        help_text = "Every quote needs a speaker or an attribution."
        template = "news/blocks/quote.html"
        preview_value = {
            "text": "It will take weeks and months to get consensus.",
            "attribution": "a senior NATO diplomat, speaking anonymously",
            "context": "on Ukraine's membership bid",
            "provenance": {"method": ANONYMOUS},
        }

    def to_python(self, value: Any) -> blocks.StructValue:
        return super().to_python(_moved_link(value))

    def bulk_to_python(self, values: Any) -> list[blocks.StructValue]:
        return super().bulk_to_python([_moved_link(value) for value in values])

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        value["text"] = value["text"].strip().strip(_QUOTE_MARKS).strip()
        provenance = value["provenance"]
        if value["source_url"] and not provenance["source_url"]:
            provenance["source_url"], value["source_url"] = value["source_url"], ""
        if self.is_deferred_validation:
            return value
        errors = self._publishing_errors(value)
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def _publishing_errors(self, value: blocks.StructValue) -> dict[str, Any]:
        """What must be fixed before review, keyed by the field the writer must change."""
        errors: dict[str, Any] = {}
        if not value["speaker"] and not value["attribution"]:
            message = "Choose a speaker or write an attribution: readers must know who said this."
            errors["speaker"] = ValidationError(message)
            errors["attribution"] = ValidationError(message)
        method = value["provenance"]["method"]
        method_error = None
        if not method:
            method_error = "Say how we got this quote before it goes to an editor."
        elif method == ANONYMOUS and value["speaker"]:
            errors["speaker"] = ValidationError(
                "An anonymous source is not named: clear the speaker and describe the source "
                'in the attribution, e.g. "a senior NATO diplomat".'
            )
        elif method != ANONYMOUS and says_anonymous(value["attribution"], value["context"]):
            method_error = (
                f"The attribution or context says the source is not named: choose "
                f"“{_ANONYMOUS_LABEL}”."
            )
        if method_error:
            errors["provenance"] = StructBlockValidationError(
                block_errors={"method": ValidationError(method_error)}
            )
        return errors

    def get_api_representation(self, value: Any, context: Any = None) -> dict[str, Any]:
        # Public: the method and the link only. The note and the verifier are for the
        # newsroom (news/provenance.py answers the editorial API).
        provenance = value.get("provenance") or {}
        link = optional(value.link)
        return {
            "text": value["text"],
            "speaker": person(value["speaker"]),
            "attribution": optional(value["attribution"]),
            "context": optional(value["context"]),
            "said_on": iso_date(value["said_on"]),
            "source_url": link,
            "provenance": {"method": optional(provenance.get("method")), "source_url": link},
        }


# What the block's API JSON is, for /api/v3/openapi.json (news.api.schemas.stream_schema).
class Quote(Schema):
    text: str = Field(description="Without quotation marks: add them when rendering.")
    speaker: Person | None
    attribution: str | None = Field(description="A source that is not in the People list.")
    context: str | None
    said_on: datetime.date | None
    source_url: UrlString | None = Field(
        description="Deprecated: the same link as `provenance.source_url`, kept for old clients."
    )
    provenance: QuoteProvenance


QuoteBlock.api_schema = Quote
register(HidingStructBlockAdapter(), QuoteBlock)

# Migrations name these blocks by their public path, `news.blocks.<Name>`.
DECONSTRUCT_ALIASES = {QuoteBlock: "news.blocks.QuoteBlock"}
