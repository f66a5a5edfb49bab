"""cms.editorial does not import news.models: news.models builds on the editorial rules.

Which pages are posts comes from `news.posts` (the app registry, by label), so
the editorial package and the post models do not import each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import cms.editorial

EDITORIAL = Path(cms.editorial.__file__).parent
# What cms.editorial may import from the news app: the one answer to "is it a post", and
# what approval records about quotes (news.provenance, which needs only news.blocks).
ALLOWED = {"news.posts", "news.provenance"}


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_no_editorial_module_imports_the_news_models():
    offenders = {
        str(path.relative_to(EDITORIAL)): sorted(
            module
            for module in _imported_modules(path)
            if (module == "news" or module.startswith("news.")) and module not in ALLOWED
        )
        for path in EDITORIAL.rglob("*.py")
    }
    assert {name: found for name, found in offenders.items() if found} == {}
