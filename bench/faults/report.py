"""The drills' figures in docs/reliability.md, between the faults markers."""

from __future__ import annotations

import json
import platform
import time

from bench import paths
from bench.faults.scenarios import Result

DOC = paths.PROJECT_DIR / "docs" / "reliability.md"
BEGIN, END = "<!-- faults:begin -->", "<!-- faults:end -->"
INTRO = """# Reliability

What the CMS does when what it depends on fails, and the figures from
`make test-faults` (bench/faults/), which breaks a private PostgreSQL and
Redis under two production-configured gunicorn servers while readers and
editors keep working. How each failure is handled: `cms/delivery/cache.py`
(Redis), `cms/health/outage.py` (PostgreSQL); operating notes in docs/operations.md.

"""


def render(results: list[Result], total_seconds: float, settings: dict[str, object]) -> str:
    lines = [
        BEGIN,
        f"Last run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{total_seconds:.0f} s in all (including setting up PostgreSQL, Redis and the servers). "
        f"Settings: {json.dumps(settings)}.",
        "",
    ]
    for result in results:
        verdict = "passed" if not result.failures else "FAILED: " + "; ".join(result.failures)
        lines += [f"### {result.name}: {verdict}", "", "| figure | value |", "|---|---|"]
        for name, value in result.figures.items():
            shown = json.dumps(value) if isinstance(value, dict | list) else str(value)
            lines.append(f"| {name.replace('_', ' ')} | `{shown}` |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def write(results: list[Result], total_seconds: float, settings: dict[str, object]) -> None:
    block = render(results, total_seconds, settings)
    text = DOC.read_text() if DOC.exists() else INTRO + BEGIN + "\n" + END + "\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text)
