"""Where the version tokens (versions.py) live: somewhere every app process sees.

Two stores, chosen by `API_CACHE_TOKEN_STORE`:

- `cache`: Django's cache. With Redis (production) every app server shares
  it, and a hit reads its tokens in the same round trip as its rate-limit
  count (roundtrip.py). With local memory it is right only for one process
  (the test suite, the bench's one-process server).
- `files`: one small file per token in `API_CACHE_TOKEN_DIR`, the embedded
  default without Redis. Every process on the machine reads the same files,
  so a publish handled by one of `make serve`'s workers (or by the
  scheduler, or a management command) reaches all of them on their next
  request. A bump replaces a file atomically (`os.replace`): a reader sees the
  old token or the new one, never half of either. Reading two tokens costs a
  few system calls, far less than building an answer.

A token lost (an evicted key, a deleted file) is replaced by a new random
one, which can only cause a rebuild, never a stale answer.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.cache import cache

CACHE = "cache"
FILES = "files"


def new_token() -> str:
    return uuid.uuid4().hex


class TokenStore(Protocol):
    def read(self, keys: list[str]) -> dict[str, str]:
        """The tokens that exist for `keys` (missing ones left out)."""

    def create(self, key: str, token: str) -> str:
        """Store `token` for `key` unless another process got there first; the token in force."""

    def bump(self, keys: Iterable[str]) -> None:
        """Give every key in `keys` a new token."""


class CacheTokenStore:
    def read(self, keys: list[str]) -> dict[str, str]:
        return cache.get_many(keys)

    def create(self, key: str, token: str) -> str:
        # add(), not set(): if another server created the token meanwhile, use theirs.
        if cache.add(key, token, timeout=None):
            return token
        return cache.get(key) or token

    def bump(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if keys:
            cache.set_many({key: new_token() for key in keys}, timeout=None)


class FileTokenStore:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._paths: dict[str, str] = {}

    def _path(self, key: str) -> str:
        # Read on every cached hit: the name is worked out once per key.
        path = self._paths.get(key)
        if path is None:
            if len(self._paths) > 10_000:  # one per post read lately: keep it bounded
                self._paths.clear()
            # Keys are ours ("delivery:v:page:5"): colons are the only character to avoid.
            path = self._paths[key] = os.path.join(self.directory, key.replace(":", "_"))
        return path

    def _read_one(self, key: str) -> str | None:
        try:
            handle = os.open(self._path(key), os.O_RDONLY)
        except FileNotFoundError:
            return None
        try:
            return os.read(handle, 64).decode("ascii") or None
        finally:
            os.close(handle)

    def read(self, keys: list[str]) -> dict[str, str]:
        found = {}
        for key in keys:
            token = self._read_one(key)
            if token is not None:
                found[key] = token
        return found

    def _written(self, token: str) -> str:
        """A new file holding `token`, in the same directory (so a rename is atomic)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=self.directory, prefix=".token-")
        with os.fdopen(handle, "wb") as out:
            out.write(token.encode("ascii"))
        return name

    def create(self, key: str, token: str) -> str:
        temporary = self._written(token)
        try:
            # link() fails if the name exists: the first process to create a token wins.
            os.link(temporary, self._path(key))
            return token
        except FileExistsError:
            return self._read_one(key) or token
        finally:
            os.unlink(temporary)

    def bump(self, keys: Iterable[str]) -> None:
        for key in keys:
            os.replace(self._written(new_token()), self._path(key))


@lru_cache(maxsize=4)
def _store(kind: str, directory: str) -> TokenStore:
    if kind == FILES:
        return FileTokenStore(Path(directory))
    return CacheTokenStore()


def store() -> TokenStore:
    kind = settings.API_CACHE_TOKEN_STORE
    return _store(kind, str(settings.API_CACHE_TOKEN_DIR) if kind == FILES else "")


def in_cache() -> bool:
    return settings.API_CACHE_TOKEN_STORE != FILES
