"""Every event name is well formed, fits the outbox's column and is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cms.webhooks import events
from cms.webhooks.models import WebhookEvent

DOCS = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


@pytest.mark.parametrize("name", events.NAMES)
def test_each_event_is_named_labelled_and_documented(name):
    # Standard Webhooks' advice: full-stop delimited identifiers of [a-zA-Z0-9_].
    assert re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+", name)
    assert len(name) <= WebhookEvent._meta.get_field("name").max_length
    assert events.LABELS[name]
    assert f"| `{name}` |" in DOCS.read_text(), f"docs/webhooks.md's events table lacks {name}"
    assert events.parse_events([f" {name} "]) == [name]
