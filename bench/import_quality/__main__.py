"""Run the importer over the corpus and report precision, recall and invented values.

    make bench-import-quality        (or: python -m bench.import_quality)

The held-out third is reported apart from the development two thirds: rules are
written and tuned against `dev/` only, so `held_out/` says how the importer
does on stories nobody fitted it to. Writes its block of docs/import.md.
"""

from __future__ import annotations

import os
import sys
from collections import Counter

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
django.setup()

from bench import paths, reporting  # noqa: E402
from bench.import_quality.agreement import agreements  # noqa: E402
from bench.import_quality.corpus import HALVES, stories  # noqa: E402
from bench.import_quality.extract import found_blocks, source_text  # noqa: E402
from bench.import_quality.score import BLOCK_TYPES, Tally, ratio, score_story  # noqa: E402

BEGIN = "<!-- bench-import-quality:begin (written by make bench-import-quality) -->"
END = "<!-- bench-import-quality:end -->"
TARGET_PRECISION, TARGET_RECALL = 0.95, 0.9


def measure(half: str) -> Tally:
    total = Tally()
    for story in stories(half):
        found, paragraphs, _built = found_blocks(story)
        tally = score_story(story.name, found, story.expected.get("blocks", []), source_text(story))
        repeated = Counter(" ".join(p.split()).casefold() for p in paragraphs if p.strip())
        tally.repeats_kept = sum(n - 1 for n in repeated.values() if n > 1)
        total.add(tally)
    return total


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _verdict(precision: float | None, recall: float | None) -> str:
    ok = (precision is None or precision >= TARGET_PRECISION) and (
        recall is None or recall >= TARGET_RECALL
    )
    return "meets" if ok else "**misses**"


def table(half: str, tally: Tally) -> list[str]:
    lines = [
        f"#### {'Held-out third' if half == 'held_out' else 'Development two thirds'}"
        f" ({tally.stories} stories)",
        "",
        "| block | expected | found | matched | precision | recall | target (≥ 0.95 / ≥ 0.9) |",
        "|---|--:|--:|--:|--:|--:|---|",
    ]
    for kind in BLOCK_TYPES:
        c = tally.blocks[kind]
        p, r = ratio(c["matched"], c["found"]), ratio(c["matched"], c["expected"])
        lines.append(
            f"| {kind} | {c['expected']} | {c['found']} | {c['matched']} | {_pct(p)} | {_pct(r)} "
            f"| {_verdict(p, r)} |"
        )
    lines += ["", "| field (in matched blocks) | expected | filled | right | precision | recall |"]
    lines.append("|---|--:|--:|--:|--:|--:|")
    for name in sorted(tally.fields):
        c = tally.fields[name]
        lines.append(
            f"| {name} | {c['given']} | {c['filled']} | {c['right']} "
            f"| {_pct(ratio(c['right'], c['filled']))} | {_pct(ratio(c['right'], c['given']))} |"
        )
    lines += [
        "",
        f"Invented values: **{len(tally.invented)}**. Repeated paragraphs kept: "
        f"**{tally.repeats_kept}**.",
    ]
    lines += [f"- {item}" for item in tally.invented[:20]]
    return lines


def agreement_table(results: list) -> list[str]:
    """Block precision / recall of one annotator's blocks against another's."""
    if not results:
        return []
    lines = [
        "#### Agreement between annotators (stories of `dev/` annotated twice, blind)",
        "",
        "| annotation against annotation | stories | quote | aid_package | key_developments |",
        "|---|--:|---|---|---|",
    ]
    for label, tally in results:
        cells = []
        for kind in BLOCK_TYPES:
            c = tally.blocks[kind]
            p, r = ratio(c["matched"], c["found"]), ratio(c["matched"], c["expected"])
            cells.append(f"{_pct(p)} / {_pct(r)}")
        lines.append(f"| {label} | {tally.stories} | {' | '.join(cells)} |")
    return [*lines, ""]


def main() -> int:
    results = {half: measure(half) for half in HALVES}
    if not any(t.stories for t in results.values()):
        return reporting.refuse([f"no stories in {', '.join(HALVES)} of the corpus"])
    lines = [
        f"Measured on {reporting.code_state()}; "
        f"{reporting.machine(reporting.installed('wagtail', 'Wagtail'))}.",
        "",
    ]
    for half in HALVES:
        lines += table(half, results[half]) + [""]
    lines += agreement_table(agreements(stories("dev")))
    markdown = "\n".join(lines)
    print(markdown)
    reporting.write_section(
        paths.PROJECT_DIR / "docs" / "import.md",
        reporting.section(BEGIN, END, markdown),
        begin=BEGIN,
        end=END,
        heading="## Quality figures\n\n",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
