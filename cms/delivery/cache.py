"""A Redis cache that degrades to "no cache" while Redis is unreachable.

Django's Redis backend raises on every operation while Redis is down, and
much of what a request does reads the cache (Wagtail's site root paths, the
API response cache, rate limits): an outage would turn into 500s. Here a
connection error or timeout makes a read a miss and a write a no-op, with one
warning per outage rather than one per request.

Two more things an outage must not cost:

- Time. After a failure the cache is not tried again for
  `RETRY_AFTER_SECONDS`, so requests do not each wait out a connect or
  socket timeout (keep those small too: settings CACHES OPTIONS).
- Freshness. A write lost during the outage may be a version bump after a
  publish (versions.py); Redis may come back with its old data (a paused
  server, a network partition, a restart from its dump), and would then serve
  answers from before the publish until API_CACHE_TIMEOUT. So a process that
  lost a write first bumps the structure and listings tokens when it reaches
  Redis again, before using anything it reads: every response cached before
  the outage is invalidated at once, on every app server.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property
from redis.exceptions import NoScriptError

logger = logging.getLogger(__name__)

__all__ = ["ResilientRedisCache", "ResilientRedisCacheClient"]

RETRY_AFTER_SECONDS = 1.0

# ResilientRedisCacheClient.count_and_read in one command: bump the rate-limit
# counter if there is one (ARGV[2] == "1", KEYS[1]), expiring it with its
# window, then read the version tokens (the remaining KEYS).
_COUNT_AND_READ = """
local count = false
local first = 1
if ARGV[2] == "1" then
  count = redis.call("INCR", KEYS[1])
  if count == 1 then redis.call("EXPIRE", KEYS[1], ARGV[1]) end
  first = 2
end
if #KEYS < first then return {count, {}} end
return {count, redis.call("MGET", unpack(KEYS, first))}
"""


def _packed(*parts: str | int) -> bytes:
    """A command in Redis's wire format (RESP), for Connection.send_packed_command."""
    out = [b"*%d\r\n" % len(parts)]
    for part in parts:
        data = str(part).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


_COUNT_AND_READ_SHA = hashlib.sha1(_COUNT_AND_READ.encode()).hexdigest()  # noqa: S324 - Redis names scripts by SHA-1

_WRITES = frozenset({"add", "set", "touch", "delete", "incr", "set_many", "delete_many", "clear"})
# What a read answers, or a write returns, while the cache is unreachable.
_FALLBACK: dict[str, Callable[[tuple[Any, ...]], Any]] = {
    "get": lambda args: args[1],  # the caller's default
    "get_many": lambda args: {},
    "has_key": lambda args: False,
    "add": lambda args: False,
    "set": lambda args: None,
    "touch": lambda args: False,
    "delete": lambda args: False,
    "set_many": lambda args: None,
    "delete_many": lambda args: None,
    "clear": lambda args: False,
    "count_and_read": lambda args: None,
}


class _Outage:
    """What one process knows about one Redis: shared by its threads' cache clients.

    Django gives each thread its own cache object, so this lives at module level.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_until = 0.0  # monotonic time before which Redis is not tried again
        self.started: float | None = None
        self.lost_writes = False


_OUTAGES: dict[tuple[str, ...], _Outage] = {}
_OUTAGES_LOCK = threading.Lock()


def _outage_for(servers: list[str]) -> _Outage:
    with _OUTAGES_LOCK:
        return _OUTAGES.setdefault(tuple(servers), _Outage())


class ResilientRedisCacheClient(RedisCacheClient):
    """Django's Redis client with the outage handling described above (per process)."""

    def __init__(self, servers: list[str], **options: Any) -> None:
        super().__init__(servers, **options)
        import redis

        self._errors = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
        self._outage = _outage_for(servers)
        self._connections = threading.local()  # count_and_read's, one per thread
        # Keys (as stored) and values to write on first contact after lost writes.
        self.invalidation: Callable[[], dict[str, Any]] | None = None

    @property
    def lost_writes(self) -> bool:
        return self._outage.lost_writes

    def _failed(self, operation: str, error: Exception) -> None:
        outage, now = self._outage, time.monotonic()
        with outage.lock:
            outage.down_until = now + RETRY_AFTER_SECONDS
            if operation in _WRITES:
                outage.lost_writes = True
            first = outage.started is None
            if first:
                outage.started = now
        if first:
            logger.warning(
                "Cache unreachable (%s: %s); serving without it until it answers again",
                type(error).__name__,
                error,
            )

    def _recover(self) -> None:
        """First contact after an outage: invalidate what may have gone stale, then carry on."""
        outage = self._outage
        with outage.lock:
            lost, started = outage.lost_writes, outage.started
        if lost and self.invalidation is not None:
            # Straight to Redis: through _call this would come back here.
            super().set_many(self.invalidation(), None)
        with outage.lock:
            if lost:
                outage.lost_writes = False
            if outage.started is None:  # another thread finished recovering first
                return
            outage.started = None
        logger.warning(
            "Cache reachable again after %.1f s%s",
            time.monotonic() - (started or time.monotonic()),
            "; cached API responses from before the outage invalidated" if lost else "",
        )

    def _call(self, operation: str, *args: Any) -> Any:
        return self._guarded(operation, args, getattr(super(), operation))

    def _guarded(self, operation: str, args: tuple[Any, ...], run: Callable[..., Any]) -> Any:
        outage = self._outage
        if time.monotonic() < outage.down_until:
            if operation in _WRITES:
                outage.lost_writes = True
            return self._fallback(operation, args)
        try:
            if outage.started is not None or outage.lost_writes:
                self._recover()
            return run(*args)
        except self._errors as error:
            self._failed(operation, error)
            return self._fallback(operation, args)

    def count_and_read(self, counter: str | None, ttl: int, keys: list[str]) -> Any:
        """One round trip for a cached API hit: count the request, read its version tokens.

        `counter` and `keys` are keys as stored (make_and_validate_key). Returns
        (the counter's new value or None, {key: value} of the keys found), or
        None while Redis is unreachable.
        """
        return self._guarded("count_and_read", (counter, ttl, keys), self._count_and_read)

    def _count_and_read(
        self, counter: str | None, ttl: int, keys: list[str]
    ) -> tuple[int | None, dict[str, Any]]:
        # One Lua call, packed here, on a connection this thread keeps: on a hit,
        # a redis-py pipeline, or a pool checkout per call, cost more than the
        # round trip itself.
        args = [counter, *keys] if counter is not None else keys
        flags = (ttl, 1 if counter is not None else 0)
        connection = self._hit_connection()
        try:
            try:
                reply = self._evalsha(connection, args, flags)
            except NoScriptError:  # a restarted or flushed Redis forgot the script
                connection.send_packed_command([_packed("SCRIPT", "LOAD", _COUNT_AND_READ)])
                connection.read_response()
                reply = self._evalsha(connection, args, flags)
        except self._errors:
            connection.disconnect()  # reconnects on the next call
            raise
        count, values = reply
        found = {
            key: self._serializer.loads(value)
            for key, value in zip(keys, values, strict=True)
            if value is not None
        }
        return count, found

    def _hit_connection(self) -> Any:
        connection = getattr(self._connections, "hit", None)
        if connection is None:
            pool = self.get_client(write=True).connection_pool
            connection = self._connections.hit = pool.get_connection()
        return connection

    @staticmethod
    def _evalsha(connection: Any, args: list[str], flags: tuple[int, int]) -> Any:
        connection.send_packed_command(
            [_packed("EVALSHA", _COUNT_AND_READ_SHA, len(args), *args, *flags)]
        )
        return connection.read_response()

    @staticmethod
    def _fallback(operation: str, args: tuple[Any, ...]) -> Any:
        if operation == "incr":
            # Counters have no sensible stand-in; callers (rate limits) handle the error.
            raise ValueError("the cache is unreachable")
        return _FALLBACK[operation](args)

    def add(self, key: Any, value: Any, timeout: Any) -> Any:
        return self._call("add", key, value, timeout)

    def get(self, key: Any, default: Any) -> Any:
        return self._call("get", key, default)

    def set(self, key: Any, value: Any, timeout: Any) -> Any:
        return self._call("set", key, value, timeout)

    def touch(self, key: Any, timeout: Any) -> Any:
        return self._call("touch", key, timeout)

    def delete(self, key: Any) -> Any:
        return self._call("delete", key)

    def get_many(self, keys: Any) -> Any:
        return self._call("get_many", list(keys))

    def has_key(self, key: Any) -> Any:
        return self._call("has_key", key)

    def incr(self, key: Any, delta: Any) -> Any:
        return self._call("incr", key, delta)

    def set_many(self, data: Any, timeout: Any) -> Any:
        return self._call("set_many", data, timeout)

    def delete_many(self, keys: Any) -> Any:
        return self._call("delete_many", list(keys))

    def clear(self) -> Any:
        return self._call("clear")


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

    @cached_property
    def _cache(self) -> ResilientRedisCacheClient:
        client = self._class(self._servers, **self._options)
        client.invalidation = self._invalidation
        return client

    def _invalidation(self) -> dict[str, Any]:
        from cms.delivery import versions

        return {
            self.make_and_validate_key(key): token
            for key, token in versions.fresh_tokens([versions.STRUCTURE, versions.LISTINGS]).items()
        }
