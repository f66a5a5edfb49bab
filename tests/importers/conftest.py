"""Running `import_posts` the way a terminal would, capturing both streams."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_POST = Path("/work/shared/reference/sample-post.txt")


@pytest.fixture
def run_import():
    def run(*args: str) -> SimpleNamespace:
        out, err = io.StringIO(), io.StringIO()
        call_command("import_posts", *[str(a) for a in args], stdout=out, stderr=err)
        return SimpleNamespace(out=out.getvalue(), err=err.getvalue())

    return run


@pytest.fixture
def sample_post() -> Path:
    if not SAMPLE_POST.exists():
        pytest.skip("the reference sample post is not available")
    return SAMPLE_POST
