"""The scheduler loop: a scheduled-publishing pass at the top of every interval.

Runs are aligned to the wall clock (every minute on the minute by default), so
a post scheduled for 09:00 goes live within seconds of 09:00 whenever the
scheduler was started. A run that fails (the database restarting, say) is
logged and the next one tries again: the loop itself only ends when asked to.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.db import close_old_connections, connections

from cms.scheduling.publishing import Outcome, run_once

__all__ = ["Scheduler", "next_tick"]

logger = logging.getLogger("cms.scheduling")

SLEEP_SLICE = 0.25


def next_tick(now: float, interval: float) -> float:
    """The next multiple of ``interval`` seconds since the epoch, strictly after ``now``."""
    return (now // interval + 1) * interval


class Scheduler:
    def __init__(
        self,
        interval: float = 60.0,
        run: Callable[[], Outcome] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.interval = interval
        self.run = run or run_once
        self.clock = clock
        # A plain flag, not a threading.Event: stop() runs from signal handlers, and an
        # Event's lock, taken by a handler that interrupted the same thread inside
        # Event.wait(), never comes free (seen as a scheduler that ignored Ctrl-C).
        self.stop_requested = False

    def stop(self) -> None:
        """Ask the loop to end; a run in progress finishes first (each item is atomic)."""
        self.stop_requested = True

    def run_safely(self) -> bool:
        """One pass, never raising: True if it did its work."""
        # A connection the database dropped since the last run is replaced, not reused.
        close_old_connections()
        try:
            outcome = self.run()
        except Exception as error:
            logger.warning(
                "Scheduled publishing failed, retrying at the next run: %s", error, exc_info=True
            )
            # After an error the connection may be broken in ways Django cannot see.
            connections.close_all()
            return False
        logger.info(
            "Scheduled publishing: %d published, %d unpublished, %d failed",
            len(outcome.published),
            len(outcome.unpublished),
            outcome.failed,
        )
        return outcome.failed == 0

    def forever(self) -> None:
        """Run now (to catch up after a restart), then on every tick until stopped."""
        while not self.stop_requested:
            self.run_safely()
            # A run longer than the interval skips the ticks it overlapped, never stacks them.
            self._sleep_until(next_tick(self.clock(), self.interval))
        connections.close_all()

    def _sleep_until(self, tick: float) -> None:
        # Short naps, so a stop request is seen within SLEEP_SLICE seconds.
        while not self.stop_requested:
            remaining = tick - self.clock()
            if remaining <= 0:
                return
            time.sleep(min(remaining, SLEEP_SLICE))
