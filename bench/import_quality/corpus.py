"""The annotated corpus: each story's source file and its `.expected.json`."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CORPUS_DIR = Path(
    os.environ.get("IMPORT_CORPUS_DIR")
    or Path(__file__).resolve().parents[2] / "tests" / "importers" / "corpus"
)
HALVES = ("dev", "held_out")
# Source file endings and the importer format each is read as.
FORMATS = {
    ".blogger2018.xml": "blogger",
    ".blogger.xml": "blogger",
    ".html": "html",
    ".txt": "text",
}


@dataclass
class Story:
    name: str
    half: str
    source: Path
    fmt: str
    expected: dict[str, Any]

    @property
    def subject(self) -> str:
        return self.expected.get("subject", "")


def _source_for(expected: Path) -> tuple[Path, str]:
    stem = expected.name.removesuffix(".expected.json")
    for ending, fmt in FORMATS.items():
        candidate = expected.with_name(stem + ending)
        if candidate.exists():
            return candidate, fmt
    raise FileNotFoundError(f"{expected.name}: no source file beside it ({', '.join(FORMATS)})")


def stories(half: str, root: Path = CORPUS_DIR) -> list[Story]:
    """Every story of one half, by name."""
    found = []
    for expected in sorted((root / half).glob("*.expected.json")):
        source, fmt = _source_for(expected)
        name = expected.name.removesuffix(".expected.json")
        found.append(Story(name, half, source, fmt, json.loads(expected.read_text())))
    return found
