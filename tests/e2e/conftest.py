"""Settings for the browser tests in this folder."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _allow_orm_beside_playwright(monkeypatch):
    """Playwright's sync API runs an asyncio event loop in the main thread, so Django
    thinks it is in an async context and refuses ORM queries made by the test or its
    fixtures while a browser is open. The test code is synchronous and the live server
    answers from its own thread, so allowing it is safe, for these tests only.
    """
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
