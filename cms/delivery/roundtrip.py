"""What an API request needs from shared state before anything else runs, in one trip.

An anonymous cached read needs two things from state every app server
shares: its client's request count for the rate limit, and the version
tokens its cached answer is filed under. With Redis both go in one pipeline
(ResilientRedisCache.count_and_read), so a hit costs one round trip; the
answer itself then usually comes from this process's memory (local.py).
Without Redis each process counts on its own, in memory, as it always has
with a per-process cache, and the tokens are read from files (tokens.py): no
network at all.

The rate limit is a fixed window of one minute per client. The counter's key
names its window, so it needs no reset: it expires when the window is long
gone.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass

from django.core.cache import caches

from cms.delivery import tokens
from cms.delivery.cache import ResilientRedisCache

logger = logging.getLogger(__name__)

PERIOD = 60
# Long enough to outlive its window on every server, short enough not to pile up.
COUNTER_TTL = 2 * PERIOD


@dataclass(frozen=True)
class Trip:
    count: int | None  # this request's number in its client's window; None if not counted
    seconds_left: int  # until the window ends (Retry-After for a refused request)
    tokens: dict[str, str] | None  # the version tokens found; None if they could not be read


def counter_key(client: str, window: int) -> str:
    # Hashed: a client is an address or a token hash, maybe from a forwarded header.
    return f"delivery:rl:{hashlib.sha256(client.encode()).hexdigest()[:32]}:{window}"


def take(client: str | None, token_keys: list[str]) -> Trip:
    """Count a request from `client` (None: not limited) and read the tokens in `token_keys`."""
    now = time.time()
    window, seconds_left = int(now // PERIOD), PERIOD - int(now % PERIOD)
    cache = caches["default"]
    if isinstance(cache, ResilientRedisCache):
        # Counted in Redis whenever there is one, so every server shares the limit;
        # the tokens come in the same call when they live there too.
        # make_key, not make_and_validate_key: the keys are ours, and the
        # validation (for memcached's sake) costs more than the rest of a hit.
        counter = cache.make_key(counter_key(client, window)) if client is not None else None
        stored = {cache.make_key(key): key for key in token_keys} if tokens.in_cache() else {}
        result = None
        if counter is not None or stored:
            result = cache._cache.count_and_read(counter, COUNTER_TTL, list(stored))
        count, found = result if result is not None else (None, None)
        if not tokens.in_cache():
            found = tokens.store().read(token_keys) if token_keys else {}
        elif found is not None:
            found = {stored[key]: value for key, value in found.items()}
        # Redis unreachable: not counted, and with tokens in Redis answered as uncached.
        return Trip(count, seconds_left, found)
    count = local_counts.add(client, window) if client is not None else None
    found = tokens.store().read(token_keys) if token_keys else {}
    return Trip(count, seconds_left, found)


class LocalCounts:
    """Requests per client in the current window, in this process only."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._window = -1
        self._counts: dict[str, int] = {}

    def add(self, client: str, window: int) -> int:
        with self._lock:
            if window != self._window:  # a new minute: every count starts again
                self._window, self._counts = window, {}
            count = self._counts[client] = self._counts.get(client, 0) + 1
            return count

    def clear(self) -> None:
        with self._lock:
            self._counts = {}


local_counts = LocalCounts()
