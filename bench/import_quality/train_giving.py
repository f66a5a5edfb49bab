"""Learn the weights of `news.importers.giving_model` from the development stories.

    make train-giving        (or: python -m bench.import_quality.train_giving)

Every sum the importer reads in a `dev/` story is an example; it is "given" when one of
the story's annotated aid packages has that figure (each annotated figure labels one
sum, the first found). Held-out stories are never read. Writes
news/importers/giving_weights.json.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
django.setup()

from decimal import Decimal  # noqa: E402

from bench.import_quality.corpus import stories  # noqa: E402
from bench.import_quality.extract import _post  # noqa: E402
from news.importers.aid import sums_in  # noqa: E402
from news.importers.amounts import house_dollar, writes_decimal_comma  # noqa: E402
from news.importers.cleanup import drop_boilerplate, drop_repeats  # noqa: E402
from news.importers.developments import find_key_developments  # noqa: E402
from news.importers.giving_model import WEIGHTS, features, train  # noqa: E402
from news.importers.quotes import sentence_spans  # noqa: E402
from news.importers.text import html_paragraphs, text_paragraphs  # noqa: E402


def examples(half: str = "dev") -> Iterator[tuple[set[str], bool]]:
    for story in stories(half):
        post = _post(story)
        paragraphs = (
            html_paragraphs(post.content)
            if post.content_type == "html"
            else text_paragraphs(post.content)
        )
        paragraphs, _ = drop_boilerplate(paragraphs)
        paragraphs, _ = drop_repeats(paragraphs)
        whole = " ".join(p.text for p in paragraphs)
        comma, dollar = writes_decimal_comma(whole), house_dollar(whole)
        unlabelled = [
            Decimal(block["amount"])
            for block in story.expected["blocks"]
            if block["type"] == "aid_package" and block.get("amount")
        ]
        index = 0
        while index < len(paragraphs):
            listed = find_key_developments(paragraphs, index)
            if listed:
                index += listed[1]
                continue
            flat = paragraphs[index].text.replace("\n", " ")
            index += 1
            for a, b in sentence_spans(flat):
                sentence = flat[a:b].strip()
                for amount in sums_in(sentence, comma, dollar):
                    given = amount.amount in unlabelled
                    if given:
                        unlabelled.remove(amount.amount)
                    bare = not amount.currency
                    yield features(sentence, amount.start, amount.end, bare), given


def main() -> int:
    data = list(examples())
    weights = train(data)
    WEIGHTS.write_text(json.dumps(weights, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    given = sum(1 for _f, g in data if g)
    print(f"{len(data)} sums in dev/ ({given} given): {len(weights)} weights -> {WEIGHTS.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
