"""A one-line progress bar for `import_posts` on a terminal.

The total is known before the first post is written because the export is
checked in full first (sources.read_posts), so the bar can show a true fraction.
Only drawn when stderr is a terminal: in a pipe or a log it would be noise.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

__all__ = ["Progress", "counted"]

T = TypeVar("T")
WIDTH = 30


class Progress:
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


def counted(items: Iterable[T], progress: Progress | None) -> Iterator[T]:
    """Yield the items, advancing the bar after each one is taken."""
    for item in items:
        yield item
        if progress is not None:
            progress.advance()
