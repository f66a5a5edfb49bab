"""Following an import's progress: `counted` and what it reports to.

`counted` tells a `ProgressTracker` each time an entry is taken. Two follow
imports: `Progress`, the one-line bar `import_posts` draws on a terminal, and
the admin's job (news/import_admin/tasks.py), which saves the count for its page.

The total is known before the first post is written because the export is
checked in full first (sources.read_posts), so the bar can show a true fraction.
Only drawn when stderr is a terminal: in a pipe or a log it would be noise.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any, Protocol, TypeVar

__all__ = ["Progress", "ProgressTracker", "counted"]

T = TypeVar("T")
WIDTH = 30


class ProgressTracker(Protocol):
    """What `counted` reports to: told once for every entry taken."""

    def advance(self) -> None: ...


class Progress(ProgressTracker):
    """The terminal bar: redrawn on every entry."""

    def __init__(self, stream: Any, total: int) -> None:
        self.stream = stream
        self.total = max(total, 1)
        self.done = 0
        self.started = time.monotonic()
        self._drawn = False

    def advance(self) -> None:
        self.done += 1
        self.draw()

    def draw(self) -> None:
        filled = WIDTH * min(self.done, self.total) // self.total
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        bar = "#" * filled + "." * (WIDTH - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} entries, {rate:.1f}/s", ending="")
        self.stream.flush()
        self._drawn = True

    def clear(self) -> None:
        """Wipe the bar so a message prints on a clean line; the next advance redraws it."""
        if self._drawn:
            self.stream.write("\r\033[K", ending="")
            self._drawn = False

    def finish(self) -> None:
        self.draw()
        self.stream.write("")


def counted(items: Iterable[T], progress: ProgressTracker | None) -> Iterator[T]:
    """Yield the items, advancing `progress` after each one is taken."""
    for item in items:
        yield item
        if progress is not None:
            progress.advance()
