"""Fixtures for the interchange tests: a story under live coverage, and real commits."""

from __future__ import annotations

import pytest

from tests.live.conftest import live_story  # noqa: F401 - the same published, covered story


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Publishes whose after-commit work (new cache versions, purges) runs, as in production."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
