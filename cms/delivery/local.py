"""Cached API answers kept in this process, in front of the shared cache.

The keys already name the version tokens an answer was built under
(middleware.py), so a copy here can never be stale: after a publish the
tokens change, the request asks for a new key, and the old copy is simply
never asked for again until it is pushed out. That lets a hit skip fetching
the body from Redis (the tokens still come from there, or from the token
files, on every request), and lets the embedded default without Redis cache
at all.

Bounded by bytes (`API_CACHE_LOCAL_BYTES`), least recently used out first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from django.conf import settings


class LocalResponses:
    def __init__(self) -> None:
        self._entries: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key: str, entry: Any, size: int) -> None:
        budget = settings.API_CACHE_LOCAL_BYTES
        if size > budget:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._entries[key] = (entry, size)
            self._bytes += size
            while self._bytes > budget:
                _key, (_entry, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)


responses = LocalResponses()
