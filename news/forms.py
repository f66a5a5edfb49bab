"""The admin form for Latest Updates posts."""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.forms import WagtailAdminPageForm


class LatestUpdatesPageForm(WagtailAdminPageForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A new post is usually about today; model_to_dict put None here for it.
        if self.instance._state.adding and self.initial.get("dateline") is None:
            self.initial["dateline"] = timezone.localdate()

    @cached_property
    def changed_data(self) -> list[str]:
        """Wagtail compares a StreamField's raw form strings ("100", "") with its stored
        values (100, None), so an untouched body looks edited. An editor who opens a
        post to review it would then be recorded as writing a new version of it, and
        separation of duties would stop them. Compare the cleaned values instead.
        """
        changed = list(super().changed_data)
        for name in [name for name in changed if hasattr(self.fields[name], "block")]:
            if not self._stream_changed(name):
                changed.remove(name)
        return changed

    def _stream_changed(self, name: str) -> bool:
        field = self.fields[name]
        block = field.block
        submitted = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        try:
            cleaned = block.clean_deferred(submitted)
        except ValidationError:
            return True
        initial = self.get_initial_for_field(field, name)
        return _canonical(block.get_prep_value(cleaned)) != _canonical(
            block.get_prep_value(initial)
        )


# The rich text editor tags each paragraph with a key when it saves; a body that
# was stored without them (imported, or made in code) is the same text.
# (Matched inside JSON, where the attribute's quotes are escaped.)
_BLOCK_KEY = re.compile(r' data-block-key=\\"[^"\\]*\\"')


def _canonical(prep_value: Any) -> str:
    return _BLOCK_KEY.sub("", json.dumps(prep_value, cls=DjangoJSONEncoder, sort_keys=True))
