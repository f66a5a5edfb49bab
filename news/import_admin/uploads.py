"""Uploaded files kept between the preview and the confirmation.

Each upload gets a random token; the file lives under IMPORT_UPLOAD_DIR in a
directory named after it, keeping the upload's own (sanitised) name so a text
file imported here and by the command gets the same source id ("file:NAME").
The token is only honoured for the session that uploaded it, so nobody can
confirm another editor's upload by guessing a name.
"""

from __future__ import annotations

import secrets
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename

__all__ = [
    "PendingImport",
    "discard",
    "pending",
    "release",
    "remove",
    "store",
    "upload_path",
]

SESSION_KEY = "news_pending_imports"
# An upload nobody confirmed is removed after this long.
MAX_AGE_SECONDS = 24 * 60 * 60


@dataclass
class PendingImport:
    token: str
    name: str
    format: str
    parent_id: int
    owner_id: int | None
    submit: bool
    created: float

    @property
    def path(self) -> Path:
        return upload_path(self.token, self.name)


def upload_path(token: str, name: str) -> Path:
    return _root() / token / name


def _root() -> Path:
    return Path(settings.IMPORT_UPLOAD_DIR)


def _sweep() -> None:
    root = _root()
    if not root.is_dir():
        return
    cutoff = time.time() - MAX_AGE_SECONDS
    for directory in root.iterdir():
        if directory.is_dir() and directory.stat().st_mtime < cutoff:
            shutil.rmtree(directory, ignore_errors=True)


def store(session: Any, upload: UploadedFile, **choices: Any) -> PendingImport:
    _sweep()
    token = secrets.token_urlsafe(16)
    name = get_valid_filename(Path(upload.name or "upload").name) or "upload"
    pending_import = PendingImport(token=token, name=name, created=time.time(), **choices)
    pending_import.path.parent.mkdir(parents=True, exist_ok=True)
    with pending_import.path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    imports = session.get(SESSION_KEY, {})
    imports[token] = asdict(pending_import)
    session[SESSION_KEY] = imports
    return pending_import


def pending(session: Any, token: str) -> PendingImport | None:
    """The upload behind `token`, if this session made it and its file is still there."""
    data = session.get(SESSION_KEY, {}).get(token)
    if not data:
        return None
    pending_import = PendingImport(**data)
    return pending_import if pending_import.path.is_file() else None


def release(session: Any, pending_import: PendingImport) -> None:
    """Forget the upload in this session: it is confirmed (the job removes the file) or dropped."""
    imports = session.get(SESSION_KEY, {})
    imports.pop(pending_import.token, None)
    session[SESSION_KEY] = imports


def remove(token: str) -> None:
    shutil.rmtree(_root() / token, ignore_errors=True)


def discard(session: Any, pending_import: PendingImport) -> None:
    remove(pending_import.token)
    release(session, pending_import)
