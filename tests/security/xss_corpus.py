"""Hostile strings for the XSS tests: payload templates crossed with the ways they are dressed up.

Every payload carries its own number N and, if it ever runs, calls `alert(N)` or
`window.__xss(N)`, so a browser test can tell which one escaped. They are kept to
at most 80 characters, the shortest limit of any text field they go into (a key
development's label), so each one reaches every field whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["MAX_LENGTH", "Payload", "corpus", "sample"]

MAX_LENGTH = 80

# (class, template): `{n}` is the payload's number. The class names what it attacks,
# so `sample()` can pick one of each for the slower browser test.
TEMPLATES: list[tuple[str, str]] = [
    ("script", "<script>alert({n})</script>"),
    ("script", "<script>window.__xss({n})</script>"),
    ("script", "<script src=data:,alert({n})></script>"),
    ("script", "<scr<script>ipt>alert({n})</scr</script>ipt>"),
    ("handler", "<img src=x onerror=alert({n})>"),
    ("handler", '<img src="x" onerror="window.__xss({n})">'),
    ("handler", "<img/src=x/onerror=alert({n})>"),
    ("handler", "<body onload=alert({n})>"),
    ("handler", "<details open ontoggle=alert({n})>"),
    ("handler", "<input autofocus onfocus=alert({n})>"),
    ("handler", "<video><source onerror=alert({n})></video>"),
    ("handler", "<div onmouseover=alert({n})>hover</div>"),
    ("svg", "<svg onload=alert({n})>"),
    ("svg", "<svg/onload=window.__xss({n})>"),
    ("svg", "<svg><script>alert({n})</script></svg>"),
    ("svg", "<svg><animate onbegin=alert({n}) attributeName=x>"),
    ("svg", '<svg><a xlink:href="javascript:alert({n})"><text>x</text></a></svg>'),
    ("js-url", '<a href="javascript:alert({n})">x</a>'),
    ("js-url", '<a href="JaVaScRiPt:window.__xss({n})">x</a>'),
    ("js-url", '<a href="jav&#x09;ascript:alert({n})">x</a>'),
    ("js-url", '<a href=" javascript:alert({n})">x</a>'),
    ("js-url", '<iframe src="javascript:alert({n})"></iframe>'),
    ("js-url", "<form action=javascript:alert({n})><button>x</button></form>"),
    ("js-url", "javascript:alert({n})"),
    ("js-url", "javascript://%0aalert({n})"),
    ("data-url", '<a href="data:text/html,<script>alert({n})</script>">x</a>'),
    ("data-url", '<object data="data:text/html,<script>alert({n})</script>">'),
    ("data-url", '<iframe src="data:text/html,<script>alert({n})</script>">'),
    ("data-url", "data:text/html,<script>alert({n})</script>"),
    ("breakout", '"><script>alert({n})</script>'),
    ("breakout", "'><img src=x onerror=alert({n})>"),
    ("breakout", '" onmouseover="alert({n})" x="'),
    ("breakout", "</textarea><script>alert({n})</script>"),
    ("breakout", "</title><script>alert({n})</script>"),
    ("breakout", "</script><script>alert({n})</script>"),
    ("breakout", "</style><svg onload=alert({n})>"),
    ("broken", "<img src=x onerror=alert({n})//"),
    ("broken", '<!--<img src="--><img src=x onerror=alert({n})//">'),
    ("broken", "<<script>alert({n});//<</script>"),
    ("broken", "<math><mtext><table><mglyph><style><img src=x onerror=alert({n})>"),
    ("broken", '<noscript><p title="</noscript><img src=x onerror=alert({n})>">'),
    ("encoded", "&lt;script&gt;alert({n})&lt;/script&gt;"),
    ("encoded", "&#60;img src=x onerror=alert({n})&#62;"),
    ("encoded", "\\u003cscript\\u003ealert({n})\\u003c/script\\u003e"),
    ("encoded", "\uff1cscript\uff1ealert({n})\uff1c/script\uff1e"),
    ("encoded", "%3Cscript%3Ealert({n})%3C/script%3E"),
    ("template", "{{ '<script>alert({n})</script>'|safe }}"),
    ("template", "{% autoescape off %}<script>alert({n})</script>"),
    ("template", "${{alert({n})}}<%= alert({n}) %>"),
    ("template", "{{constructor.constructor('alert({n})')()}}"),
    ("misc", '<meta http-equiv="refresh" content="0;url=javascript:alert({n})">'),
    ("misc", '<base href="javascript:alert({n})//">'),
    ("misc", "<style>@import 'javascript:alert({n})';</style>"),
    ("misc", '<div style="background:url(javascript:alert({n}))">x</div>'),
]


def _same(text: str) -> str:
    return text


def _prefixed(text: str) -> str:
    return f"Kyiv update {text}"


def _suffixed(text: str) -> str:
    return f"{text} says NATO"


def _shouting(text: str) -> str:
    # Tag and attribute names are case-insensitive in HTML; filters often are not.
    return re.sub(r"(?<=<)(/?)([a-z]+)", lambda m: m.group(1) + m.group(2).upper(), text).replace(
        "onerror", "OnErRoR"
    )


VARIANTS = [_same, _prefixed, _suffixed, _shouting]


@dataclass(frozen=True)
class Payload:
    n: int
    kind: str
    text: str

    @property
    def marker(self) -> str:
        return f"({self.n})"


def corpus() -> list[Payload]:
    """Every template in every variant, numbered from 1; duplicates left out."""
    payloads: list[Payload] = []
    seen: set[str] = set()
    for variant in VARIANTS:
        for kind, template in TEMPLATES:
            n = len(payloads) + 1
            text = variant(template.replace("{n}", str(n)))
            if text in seen or len(text) > MAX_LENGTH:
                text = template.replace("{n}", str(n))  # the plain form still fits
            if text in seen:
                continue
            seen.add(text)
            payloads.append(Payload(n, kind, text))
    return payloads


def sample(per_kind: int = 2) -> list[Payload]:
    """A few of each class, for the browser test."""
    picked: dict[str, list[Payload]] = {}
    for payload in corpus():
        bucket = picked.setdefault(payload.kind, [])
        if len(bucket) < per_kind:
            bucket.append(payload)
    return [p for bucket in picked.values() for p in bucket]
