"""Every StreamField block of a Latest Updates post.

Each block owns its admin form (help text, icon, preview), its validation and
its API JSON, so the admin, previews, templates and both Wagtail APIs agree on
one definition. Cross-field rules that only matter for publishing are skipped
while a draft is saved (`is_deferred_validation`), so a writer never loses work.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText
from wagtail.snippets.blocks import SnippetChooserBlock

from news.api.fields import image_api_representation
from news.money import CURRENCY_CHOICES, amount_display, decimal_string

__all__ = [
    "AID_CATEGORY_CHOICES",
    "PARAGRAPH_FEATURES",
    "AidItemBlock",
    "AidItemValue",
    "AidPackageBlock",
    "AidPackageValue",
    "CaptionedImageBlock",
    "HeadingBlock",
    "KeyDevelopmentBlock",
    "KeyDevelopmentsBlock",
    "NewsBodyBlock",
    "ParagraphBlock",
    "QuoteBlock",
]

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]

AID_CATEGORY_CHOICES = [
    ("air_defence", "Air defence"),
    ("artillery_ammunition", "Artillery and ammunition"),
    ("drones", "Drones"),
    ("mines", "Mines"),
    ("vehicles", "Vehicles"),
    ("aircraft", "Aircraft"),
    ("training", "Training"),
    ("humanitarian", "Humanitarian"),
    ("financial", "Financial"),
    ("other", "Other"),
]

# Straight and typographic quotation marks a writer may paste around a quote.
_QUOTE_MARKS = "\"'“”‘’«»„"


def _person(person: Any) -> dict[str, Any] | None:
    return person.api_representation() if person else None


def _iso_date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _optional(text: str | None) -> str | None:
    """Absent optional text is null in the API, whether stored as "" or missing."""
    return text or None


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
            "speaker": _person(value["speaker"]),
            "attribution": _optional(value["attribution"]),
            "context": _optional(value["context"]),
            "said_on": _iso_date(value["said_on"]),
            "source_url": _optional(value["source_url"]),
        }


class AidItemValue(blocks.StructValue):
    def category_label(self) -> str:
        return dict(AID_CATEGORY_CHOICES).get(self.get("category"), "")


class AidItemBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=255, help_text='e.g. "Stinger missiles".')
    category = blocks.ChoiceBlock(choices=AID_CATEGORY_CHOICES, default="other")
    quantity = blocks.IntegerBlock(
        required=False, min_value=1, help_text="Leave empty when the number was not given."
    )

    class Meta:
        icon = "list-ul"
        label = "Item"
        value_class = AidItemValue


class AidPackageValue(blocks.StructValue):
    def amount_display(self) -> str | None:
        """The figure as readers see it, for templates and the API alike."""
        return amount_display(self.get("amount"), self.get("currency"))


class AidPackageBlock(blocks.StructBlock):
    donor = blocks.CharBlock(max_length=255, help_text='Who gives it, e.g. "United States".')
    recipient = blocks.CharBlock(max_length=255, default="Ukraine")
    amount = blocks.DecimalBlock(
        required=False,
        max_digits=20,
        decimal_places=2,
        help_text="The total in full, e.g. 725000000 for $725 million.",
    )
    currency = blocks.ChoiceBlock(
        choices=CURRENCY_CHOICES, required=False, help_text="Currency of the amount."
    )
    announced_by = SnippetChooserBlock("news.Person", required=False)
    announced_on = blocks.DateBlock(required=False)
    items = blocks.ListBlock(
        AidItemBlock(),
        default=[],
        help_text="What the package contains, one line per kind of equipment or support.",
    )
    source_url = blocks.URLBlock(required=False)

    class Meta:
        icon = "form"
        label = "Aid package"
        description = "A pledge or delivery of aid: donor, amount and what it contains."
        help_text = "Give the total amount, the items in it, or both."
        template = "news/blocks/aid_package.html"
        value_class = AidPackageValue
        preview_value = {
            "donor": "United States",
            "recipient": "Ukraine",
            "amount": Decimal("725000000"),
            "currency": "USD",
            "items": [
                {"name": "Stinger missiles", "category": "air_defence"},
                {"name": "Ammunition for HIMARS", "category": "artillery_ammunition"},
                {"name": "Drones", "category": "drones"},
            ],
        }

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        amount, errors = value["amount"], {}
        # A non-positive amount is wrong even in a draft; missing pieces only block publishing.
        if amount is not None and amount <= 0:
            errors["amount"] = ValidationError("Enter an amount greater than zero.")
        if not self.is_deferred_validation:
            if amount is None and not value["items"]:
                errors["amount"] = ValidationError(
                    "Give the package's total amount, or list at least one item in it."
                )
            if amount is not None and not value["currency"]:
                errors["currency"] = ValidationError("Choose the currency of the amount.")
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_api_representation(self, value: Any, context: Any = None) -> dict[str, Any]:
        amount = value["amount"]
        return {
            "donor": value["donor"],
            "recipient": value["recipient"],
            "amount": decimal_string(amount) if amount is not None else None,
            "currency": value["currency"] or None,
            "amount_display": value.amount_display(),
            "announced_by": _person(value["announced_by"]),
            "announced_on": _iso_date(value["announced_on"]),
            "items": [
                {
                    "name": item["name"],
                    "category": item["category"],
                    "quantity": item.get("quantity"),
                }
                for item in value["items"]
            ],
            "source_url": _optional(value["source_url"]),
        }


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
            "caption": _optional(value["caption"]),
            "credit": _optional(value["credit"]),
        }


class NewsBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    quote = QuoteBlock()
    aid_package = AidPackageBlock()
    key_developments = KeyDevelopmentsBlock()
    image = CaptionedImageBlock()
