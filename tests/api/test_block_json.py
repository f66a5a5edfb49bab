"""Each block's API JSON against its golden file, which docs/api.md also shows.

Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then
review the diff: these shapes are a public contract.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from decimal import Decimal
from pathlib import Path

import factory
import pytest
from wagtail.rich_text import RichText

from news.blocks import NewsBodyBlock
from tests.factories import ImageFactory, PersonFactory

GOLDEN = Path(__file__).parent / "golden"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
BLOCK_NAMES = list(NewsBodyBlock().child_blocks)


@pytest.fixture
def examples(site_tree):
    """One realistic value per block, with fixed ids so the JSON is reproducible."""
    blinken = PersonFactory(pk=101, name="Antony Blinken", role="US Secretary of State")
    zelenskyy = PersonFactory(pk=102, name="Volodymyr Zelenskyy", role="President of Ukraine")
    image = ImageFactory(
        pk=201,
        title="Foreign ministers in Brussels",
        file=factory.django.ImageField(
            width=1200, height=675, filename="brussels.png", format="PNG"
        ),
    )
    return {
        "paragraph": RichText(
            "<p>Foreign ministers met in <b>Brussels</b>; follow the story on our "
            f'<a linktype="page" id="{site_tree.section.pk}">Latest Updates</a> page.</p>'
        ),
        "heading": "A $725 million US package",
        "quote": {
            "text": "It is vital for Ukraine that the level of German support does not "
            "decrease in the future.",
            "speaker": zelenskyy,
            "attribution": "",
            "context": "after talks with Olaf Scholz in Kyiv",
            "said_on": datetime.date(2024, 12, 2),
            "source_url": "",
            # The note and the verifier are stored but never in the public JSON.
            "provenance": {
                "method": "press_conference",
                "source_url": "https://www.president.gov.ua/",
                "note": "Our reporter was in the room.",
                "verified_by": 7,
                "verified_at": datetime.datetime(2024, 12, 2, 18, 0, tzinfo=datetime.UTC),
            },
        },
        "aid_package": {
            "donor": "United States",
            "recipient": "Ukraine",
            "amount": Decimal("725000000"),
            "currency": "USD",
            "announced_by": blinken,
            "announced_on": datetime.date(2024, 12, 2),
            "items": [
                {"name": "Stinger missiles", "category": "air_defence", "quantity": None},
                {"name": "Ammunition for HIMARS", "category": "artillery_ammunition"},
                {"name": "Drones", "category": "drones"},
                {"name": "Anti-personnel land mines", "category": "mines"},
            ],
            "source_url": "https://www.state.gov/",
        },
        "key_developments": {
            "heading": "Key Developments",
            "items": [
                {"label": "Military aid", "text": "More than €65 billion since February 2022."},
                {"label": "Training", "text": "Tens of thousands of soldiers trained."},
            ],
        },
        "image": {"image": image, "caption": "Ministers at NATO headquarters", "credit": "AP"},
    }


def representation(name: str, value) -> object:
    block = NewsBodyBlock().child_blocks[name]
    return block.get_api_representation(block.normalize(value))


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_block_json_matches_golden_file(examples, name):
    actual = representation(name, examples[name])
    path = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n")
    assert actual == json.loads(path.read_text())


def test_aid_amount_is_a_decimal_string_never_a_float(examples):
    data = representation("aid_package", examples["aid_package"])
    assert data["amount"] == "725000000"
    assert data["amount_display"] == "$725 million"
    assert json.loads(json.dumps(data))["amount"] == "725000000"


def test_empty_optional_values_are_null_not_empty_strings(examples):
    block = NewsBodyBlock().child_blocks["quote"]
    # As stored by the admin: optional fields left blank are saved as "".
    stored = {"text": "Yes.", "attribution": "a diplomat", "context": "", "source_url": ""}
    data = block.get_api_representation(block.to_python(stored))
    assert data == {
        "text": "Yes.",
        "speaker": None,
        "attribution": "a diplomat",
        "context": None,
        "said_on": None,
        "source_url": None,
        "provenance": {"method": None, "source_url": None},
    }


def test_a_stored_quote_keeps_its_old_top_level_link_as_its_provenance_link(examples):
    block = NewsBodyBlock().child_blocks["quote"]
    stored = {"text": "Yes.", "attribution": "a diplomat", "source_url": "https://nato.int/"}
    data = block.get_api_representation(block.to_python(stored))
    assert data["source_url"] == data["provenance"]["source_url"] == "https://nato.int/"


def test_internal_links_are_expanded_to_real_urls(examples):
    html = representation("paragraph", examples["paragraph"])
    assert 'href="/latest-updates/"' in html
    assert "linktype" not in html


def test_deleted_speaker_becomes_null(examples):
    quote = dict(examples["quote"])
    block = NewsBodyBlock().child_blocks["quote"]
    stored = block.get_prep_value(block.normalize(quote))
    quote["speaker"].delete()
    assert block.get_api_representation(block.to_python(stored))["speaker"] is None


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_docs_show_the_golden_json_of_every_block(name):
    """docs/api.md must show the real JSON, so it cannot drift from the code."""
    docs = DOCS.read_text()
    match = re.search(rf"### `{name}`.*?```json\n(.*?)```", docs, re.S)
    assert match, f"docs/api.md has no ### `{name}` section with a JSON example"
    assert json.loads(match.group(1)) == {
        "type": name,
        "value": json.loads((GOLDEN / f"{name}.json").read_text()),
    }


def test_an_aid_draft_without_recipient_keeps_the_golden_shape(examples):
    # An imported package whose text names no recipient: same keys, the recipient empty.
    golden = json.loads((GOLDEN / "aid_package.json").read_text())
    draft = {**examples["aid_package"], "recipient": ""}
    actual = representation("aid_package", draft)
    assert actual.keys() == golden.keys()
    assert actual["recipient"] == ""
    assert {k: v for k, v in actual.items() if k != "recipient"} == {
        k: v for k, v in golden.items() if k != "recipient"
    }
