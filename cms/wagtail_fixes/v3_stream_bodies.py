"""A v3 page write whose StreamField JSON is not in the block shape is a 422, not a 500.

Wagtail 8.0.x's `build_page_update_form` and `build_page_form` turn a
StreamField's JSON into form data (`flatten_block_value` in
wagtail/api/v3/form_data.py) assuming its shape: an item without `type`, a
struct value that is not an object or a list value that is not a list raised
KeyError, TypeError or AttributeError, a 500. Found by schemathesis with a
writer's token (.ci/fuzz). Now a 422 naming the field, as for any other
invalid block; a body in the right shape is converted unchanged.

Upstream: no issue filed that we know of. Checked against Wagtail 8.0.x.
Installed by `cms.wagtail_fixes.install_all()`.
"""

from __future__ import annotations

import functools
from typing import Any

from django.core.exceptions import ValidationError
from wagtail.api.v3 import form_data

__all__ = ["install", "installed"]

_FLATTEN = form_data.flatten_block_value


@functools.wraps(_FLATTEN)
def _flatten_block_value(block: Any, value: Any, prefix: str, data: Any) -> None:
    # Recursive calls look the name up in the module, so they come through here
    # too, and the innermost level that fails names the field.
    try:
        _FLATTEN(block, value, prefix, data)
    except (KeyError, TypeError, AttributeError, IndexError) as error:
        raise ValidationError(
            f"{prefix}: not in the block's JSON shape ({type(error).__name__}: {error})."
        ) from None


def install() -> None:
    form_data.flatten_block_value = _flatten_block_value


def installed() -> bool:
    return form_data.flatten_block_value is _flatten_block_value
