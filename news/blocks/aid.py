"""The aid package block (donor, amount, items) and its item block."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Field, Schema
from pydantic import PositiveInt
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from news.api.schemas import DecimalString, Person, UrlString, block_choices
from news.blocks.common import iso_date, optional, person
from news.money import amount_display, currency_choices, decimal_string

__all__ = [
    "AID_CATEGORY_CHOICES",
    "AidItemBlock",
    "AidItemValue",
    "AidPackage",
    "AidPackageBlock",
    "AidPackageItem",
    "AidPackageValue",
]

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
    # No default: a recipient is whatever the writer (or the imported text) says, never a
    # guess carried over from one story. Required only to submit; a draft may leave it empty.
    recipient = blocks.CharBlock(max_length=255, help_text='Who receives it, e.g. "Ukraine".')
    amount = blocks.DecimalBlock(
        required=False,
        max_digits=20,
        decimal_places=2,
        help_text="The total in full, e.g. 725000000 for $725 million.",
    )
    currency = blocks.ChoiceBlock(
        choices=currency_choices, required=False, help_text="Currency of the amount."
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
            "recipient": value["recipient"] or "",
            "amount": decimal_string(amount) if amount is not None else None,
            "currency": value["currency"] or None,
            "amount_display": value.amount_display(),
            "announced_by": person(value["announced_by"]),
            "announced_on": iso_date(value["announced_on"]),
            "items": [
                {
                    "name": item["name"],
                    "category": item["category"],
                    "quantity": item.get("quantity"),
                }
                for item in value["items"]
            ],
            "source_url": optional(value["source_url"]),
        }


# What the block's API JSON is, for /api/v3/openapi.json (news.api.schemas.stream_schema).
Currency = block_choices(AidPackageBlock.base_blocks["currency"])
AidCategory = block_choices(AidItemBlock.base_blocks["category"])


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


AidPackageBlock.api_schema = AidPackage

# Migrations name these blocks by their public path, `news.blocks.<Name>`.
DECONSTRUCT_ALIASES = {
    AidItemBlock: "news.blocks.AidItemBlock",
    AidPackageBlock: "news.blocks.AidPackageBlock",
}
