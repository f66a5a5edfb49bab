"""Every StreamField block of a Latest Updates post.

Each block owns its admin form (help text, icon, preview), its validation and
its API JSON, so the admin, previews, templates and both Wagtail APIs agree on
one definition. Cross-field rules that only matter for publishing are skipped
while a draft is saved (`is_deferred_validation`), so a writer never loses work.

One module per block or small family (`text`, `quote`, `aid`, `developments`,
`image`; `body` is the stream of them all); every block class is importable from
`news.blocks`, which is also the path migrations record for them.
"""

from news.blocks.aid import (
    AID_CATEGORY_CHOICES,
    AidItemBlock,
    AidItemValue,
    AidPackageBlock,
    AidPackageValue,
)
from news.blocks.body import NewsBodyBlock
from news.blocks.developments import KeyDevelopmentBlock, KeyDevelopmentsBlock
from news.blocks.image import CaptionedImageBlock
from news.blocks.quote import QuoteBlock
from news.blocks.text import PARAGRAPH_FEATURES, HeadingBlock, ParagraphBlock

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
