"""What an import did, counted for the summary and listed per post for the editor."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

__all__ = ["ImportReport"]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    failed: int = 0
    # Only with --submit: drafts sent to review, and drafts whose submission was refused.
    submitted: int = 0
    not_submitted: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    blocks: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    def warn(self, title: str, message: str) -> None:
        self.warnings.append(f"{title}: {message}" if title else message)

    def skipped_by_kind(self) -> list[tuple[str, int]]:
        return sorted(self.skipped.items())

    def blocks_by_type(self) -> list[tuple[str, int]]:
        return sorted(self.blocks.items())

    def summary_lines(self, dry_run: bool = False) -> list[str]:
        verb = "would be " if dry_run else ""
        lines = [f"Posts {verb}created: {self.created}, {verb}updated: {self.updated}"]
        if self.failed:
            lines.append(f"Posts failed and skipped: {self.failed}")
        if self.submitted or self.not_submitted:
            lines.append(
                f"Submitted for review: {self.submitted}, not submitted: {self.not_submitted}"
            )
        skipped = ", ".join(f"{kind} {count}" for kind, count in self.skipped_by_kind())
        lines.append(f"Skipped: {skipped or 'none'}")
        blocks = ", ".join(f"{kind} {count}" for kind, count in self.blocks_by_type())
        lines.append(f"Blocks: {blocks or 'none'}")
        lines.append(f"Warnings: {len(self.warnings)}")
        lines.extend(f"  - {warning}" for warning in self.warnings)
        return lines
