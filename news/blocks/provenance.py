"""A quote's provenance: how the newsroom got the words, and which editor vouched for them.

Writers fill in `method`, `source_url` and `note`. `verified_by` and
`verified_at` are written only by approval (news/provenance.py stamps the
approved revision), never by a form or an API write: `value_from_datadict`,
which every write goes through, drops them, and news/provenance.py clears them
from any new revision however it was made. The admin form does not show them.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from ninja import Field, Schema
from wagtail import blocks
from wagtail.admin.telepath import register
from wagtail.blocks.struct_block import StructBlockAdapter

from news.api.schemas import UrlString

__all__ = [
    "ANONYMOUS",
    "HidingStructBlockAdapter",
    "METHOD_CHOICES",
    "VERIFICATION_FIELDS",
    "ProvenanceBlock",
    "QuoteProvenance",
]

ANONYMOUS = "anonymous_source"
METHOD_CHOICES = [
    ("on_record", "On the record (said to our reporter, for publication)"),
    ("press_conference", "Press conference or briefing"),
    ("interview", "Interview"),
    ("statement", "Written or published statement"),
    ("social_media", "Social media post"),
    (ANONYMOUS, "Anonymous source (we know who; readers are not told)"),
    ("other", "Other (say how in the note)"),
]
MethodName = Literal[tuple(name for name, _ in METHOD_CHOICES)]  # type: ignore[valid-type]

# Set by approval only; see the module docstring.
VERIFICATION_FIELDS = ("verified_by", "verified_at")


class ProvenanceBlock(blocks.StructBlock):
    # Optional here so a draft saves without it; QuoteBlock.clean requires it for review.
    method = blocks.ChoiceBlock(
        choices=METHOD_CHOICES,
        required=False,
        help_text="How we got these words. Needed before the post can go to an editor.",
    )
    source_url = blocks.URLBlock(
        required=False,
        label="Source URL",
        help_text="Link to the original statement, post or recording, if it is public.",
    )
    note = blocks.TextBlock(
        required=False,
        help_text="For editors only, never published: e.g. who the anonymous source is to us, "
        "or how the quote was checked.",
    )
    verified_by = blocks.IntegerBlock(required=False)
    verified_at = blocks.DateTimeBlock(required=False)

    class Meta:
        icon = "doc-full"
        label = "Provenance"
        # Open, not collapsed: the method is needed for review, so it must not be missed.
        # The stamp is left out of the form (HidingStructBlockAdapter drops its blocks).
        form_layout = ["method", "source_url", "note"]
        help_text = (
            "Where the quote comes from. The editor who approves the post is recorded "
            "as having checked it."
        )

    def get_searchable_content(self, value: Any) -> list[str]:
        # The quote's plain text feeds the search index, JSON-LD `articleBody` and update
        # summaries: the note must reach none of them, and the method is no prose.
        return []

    def value_from_datadict(self, data: Any, files: Any, prefix: str) -> blocks.StructValue:
        value = super().value_from_datadict(data, files, prefix)
        # A writer's save (admin form or API write) never carries a verification.
        for name in VERIFICATION_FIELDS:
            value[name] = None
        return value

    # Stored, but not in the admin form (HidingStructBlockAdapter).
    admin_hidden_children = VERIFICATION_FIELDS


class HidingStructBlockAdapter(StructBlockAdapter):
    """A struct block's admin form without the children named in `admin_hidden_children`.

    Those children stay in the stored value; a form save sets them to None
    (nothing in the form), which is what each block using this wants. The block
    must also leave them out of its `Meta.form_layout`, which the form follows.
    """

    def js_args(self, block: blocks.StructBlock) -> list[Any]:
        name, children, meta = super().js_args(block)
        hidden = getattr(block, "admin_hidden_children", ())
        return [name, [child for child in children if child.name not in hidden], meta]


register(HidingStructBlockAdapter(), ProvenanceBlock)


class QuoteProvenance(Schema):
    """How the quote was obtained, as readers may know it."""

    method: MethodName | None = Field(  # type: ignore[valid-type]
        description="How the newsroom got the words. `anonymous_source`: the source is known to "
        "the newsroom but not named. Null only on a draft that was never reviewed."
    )
    source_url: UrlString | None = Field(description="The original statement, if public.")


class EditorialVerifier(Schema):
    id: int
    name: str


class EditorialQuoteProvenance(QuoteProvenance):
    """The provenance as the newsroom sees it (editorial API only)."""

    note: str | None = Field(description="The writer's note for editors; never published.")
    verified_by: EditorialVerifier | None = Field(
        description="The editor who approved the version this quote is in; null on a version "
        "no editor has approved (any save by a writer clears it)."
    )
    verified_at: datetime.datetime | None
