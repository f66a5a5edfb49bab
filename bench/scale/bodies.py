"""Realistic post bodies for the scale bench, made fast enough for 100,000 posts.

Each block kind the newsroom writes most (paragraph, heading, quote, aid
package, key developments) is built as a native value with varied text, then
turned into its stored JSON once by the block itself (`normalize` and
`get_prep_value`), so the stored shape is exactly what the admin would save.
Bodies are drawn from those pools with fresh block ids: building every block
through the block API would cost minutes at 100,000 posts.
"""

from __future__ import annotations

import datetime
import json
import random
import uuid
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

# Our own newsroom vocabulary; sentences are stitched from it at random.
PLACES = ["Brussels", "Kyiv", "Kharkiv", "Odesa", "Warsaw", "Berlin", "Vilnius", "Geneva"]
ACTORS = [
    "Foreign ministers",
    "Defence officials",
    "The European Commission",
    "Ukraine's parliament",
    "Aid agencies",
    "Allied diplomats",
    "Regional governors",
    "Energy engineers",
]
VERBS = [
    "agreed on",
    "debated",
    "postponed a decision on",
    "announced",
    "criticised",
    "welcomed",
    "asked for more detail on",
    "set a deadline for",
]
OBJECTS = [
    "a winter energy plan",
    "new air defence deliveries",
    "a reconstruction fund",
    "sanctions on shipping firms",
    "training for pilots",
    "grain export corridors",
    "repairs to the power grid",
    "a loan backed by frozen assets",
]
TAILS = [
    "after talks that ran late into the night",
    "despite objections from two member states",
    "ahead of a summit planned for the spring",
    "as shelling continued in the east",
    "in a statement published on Tuesday",
    "with few details on timing",
    "while negotiators met behind closed doors",
    "according to officials familiar with the talks",
]
DONORS = ["United States", "Germany", "United Kingdom", "Poland", "Netherlands", "Canada"]
AID_ITEMS = [
    ("Stinger missiles", "air_defence"),
    ("Ammunition for HIMARS", "artillery_ammunition"),
    ("Drones", "drones"),
    ("Armoured vehicles", "other"),
    ("Generators", "other"),
]
TOPICS = ["Military aid", "Diplomacy", "Energy", "Humanitarian", "Economy", "Front line"]


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(ACTORS)} in {rng.choice(PLACES)} {rng.choice(VERBS)} "
        f"{rng.choice(OBJECTS)} {rng.choice(TAILS)}."
    )


def title(rng: random.Random, number: int) -> str:
    return f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} ({number})"


def _native(kind: str, rng: random.Random, people: list[Any]) -> Any:
    """A block's value as Python, as a writer would enter it."""
    if kind == "paragraph":
        from wagtail.rich_text import RichText

        return RichText("<p>" + " ".join(sentence(rng) for _ in range(rng.randint(2, 5))) + "</p>")
    if kind == "heading":
        return rng.choice(OBJECTS).capitalize()
    day = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 700))
    if kind == "quote":
        speaker = rng.choice([None, *people])
        return {
            "text": sentence(rng),
            "speaker": speaker,
            "attribution": "" if speaker else "a senior official, speaking anonymously",
            "context": f"on {rng.choice(OBJECTS)}",
            "said_on": day,
        }
    if kind == "aid_package":
        items = rng.sample(AID_ITEMS, rng.randint(1, 4))
        return {
            "donor": rng.choice(DONORS),
            "recipient": "Ukraine",
            "amount": Decimal(rng.randint(5, 900) * 1_000_000),
            "currency": rng.choice(["USD", "EUR", "GBP"]),
            "announced_by": rng.choice(people),
            "announced_on": day,
            "items": [{"name": name, "category": category} for name, category in items],
        }
    if kind == "key_developments":
        return {
            "heading": "Key Developments",
            "items": [
                {"label": topic, "text": sentence(rng)}
                for topic in rng.sample(TOPICS, rng.randint(2, 4))
            ],
        }
    raise ValueError(kind)


# Relative frequency of each kind in a body: mostly prose, some structure.
MIX = {"paragraph": 10, "heading": 3, "quote": 4, "aid_package": 1, "key_developments": 1}
# Fields that choose a Person: each kind that has one costs a look-up when a body is read.
PERSON_FIELDS = {"quote": "speaker", "aid_package": "announced_by"}


class BodyMaker:
    """Stored-JSON bodies drawn from per-kind pools of prepared blocks."""

    def __init__(self, people: list[Any], seed: int = 2024, pool_size: int = 300) -> None:
        from news.blocks import NewsBodyBlock

        stream = NewsBodyBlock()
        # Reproducible bodies, not secrets.
        rng = random.Random(seed)  # noqa: S311
        self.rng = rng
        self.kinds = [kind for kind, weight in MIX.items() for _ in range(weight)]
        self.pools: dict[str, list[tuple[Any, str]]] = {}
        for kind in MIX:
            block = stream.child_blocks[kind]
            pool = []
            for _ in range(pool_size):
                prepared = block.get_prep_value(block.normalize(_native(kind, rng, people)))
                # Dates and decimals as StreamField stores them, so rows can be dumped as-is.
                stored = json.loads(json.dumps(prepared, cls=DjangoJSONEncoder))
                pool.append((stored, searchable_text(kind, stored)))
            self.pools[kind] = pool

    def body(self, blocks: int) -> tuple[list[dict[str, Any]], str]:
        """`blocks` stored blocks and their plain text for the search index."""
        drawn = []
        for _ in range(blocks):
            kind = self.rng.choice(self.kinds)
            drawn.append((kind, *self.rng.choice(self.pools[kind])))
        return _stored(drawn)

    def compared_body(self, blocks: int) -> tuple[list[dict[str, Any]], str]:
        """The same `blocks` blocks in every database, whatever its size, starting with one
        of each kind (choosing a Person where it can): the bodies whose SQL queries per
        request are compared across sizes and lengths, so only the length differs."""
        rng = random.Random(f"compared:{blocks}")  # noqa: S311 - reproducible data
        drawn = []
        for kind, pool in self.pools.items():
            field = PERSON_FIELDS.get(kind)
            choices = [entry for entry in pool if entry[0][field]] if field else pool
            drawn.append((kind, *rng.choice(choices)))
        for _ in range(blocks - len(drawn)):
            kind = rng.choice(self.kinds)
            drawn.append((kind, *rng.choice(self.pools[kind])))
        return _stored(drawn)


def _stored(drawn: list[tuple[str, Any, str]]) -> tuple[list[dict[str, Any]], str]:
    stored = [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value, _ in drawn]
    return stored, " ".join(text for _, _, text in drawn)


def searchable_text(kind: str, stored: Any) -> str:
    """Roughly what the search backend extracts from a block: its words, no markup."""
    if kind == "paragraph":
        return stored.replace("<p>", "").replace("</p>", " ").strip()
    if kind == "heading":
        return stored
    if kind == "quote":
        return f"{stored['text']} {stored['context']}"
    if kind == "aid_package":
        return " ".join([stored["donor"], *(item["value"]["name"] for item in stored["items"])])
    return " ".join(item["value"]["text"] for item in stored["items"])
