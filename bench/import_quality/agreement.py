"""How far two careful annotators agree, on stories both annotated: the ceiling a measure
against one annotator's blocks can show.

`tests/importers/corpus/agreement/<annotator>/` holds second annotations of some `dev/`
stories, written blind (by annotators who saw only the README's rules and the sources). Each
is scored against the story's own annotation with the same matching as the importer is
(`score.score_story`), as if one annotator's blocks were "found" and the other's "expected";
and every two second annotators are scored against each other.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

from bench.import_quality.corpus import CORPUS_DIR
from bench.import_quality.extract import source_text
from bench.import_quality.score import Tally, score_story

__all__ = ["agreements"]


def _annotations(folder: Path) -> dict[str, list[dict]]:
    return {
        path.name.removesuffix(".expected.json"): json.loads(path.read_text())["blocks"]
        for path in sorted(folder.glob("*.expected.json"))
    }


def agreements(stories: list, root: Path = CORPUS_DIR) -> list[tuple[str, Tally]]:
    """(label, tally) for each annotator against the corpus, and for each pair."""
    folder = root / "agreement"
    if not folder.is_dir():
        return []
    by_name = {story.name: story for story in stories}
    sets = {"corpus": {name: story.expected["blocks"] for name, story in by_name.items()}}
    for annotator in sorted(p for p in folder.iterdir() if p.is_dir()):
        sets[annotator.name] = _annotations(annotator)
    results = []
    for first, second in combinations(sets, 2):
        shared = sorted(set(sets[first]) & set(sets[second]) & set(by_name))
        if not shared:
            continue
        tally = Tally()
        for name in shared:
            source = source_text(by_name[name])
            tally.add(score_story(name, sets[second][name], sets[first][name], source))
        results.append((f"{second} against {first}", tally))
    return results
