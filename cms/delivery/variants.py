"""Which representation of an API URL a request's Accept header selects.

One URL can answer in more than one form: v2 renders a browsable HTML page
for browsers, and the v3 detail sends a post as IPTC ninjs to clients that
ask for `application/ninjs+json` (news/interchange/negotiation.py). The
response cache (middleware.py) files each form under its own key, so it must
decide exactly as the views do: both call `flavour` and `wants_ninjs` here.
"""

from __future__ import annotations

__all__ = ["NINJS_MEDIA_TYPE", "flavour", "wants_ninjs"]

# IPTC registers no media type for ninjs: this one is our convention (docs/interchange.md).
NINJS_MEDIA_TYPE = "application/ninjs+json"


def wants_ninjs(accept: str) -> bool:
    """Whether an Accept header asks for ninjs (naming it without refusing it by q=0)."""
    for item in accept.split(","):
        media_type, *params = (part.strip() for part in item.split(";"))
        if media_type.lower() != NINJS_MEDIA_TYPE:
            continue
        quality = next((p.split("=", 1)[1] for p in params if p.lower().startswith("q=")), "1")
        try:
            return float(quality) > 0
        except ValueError:  # a malformed q counts as the default, as most servers read it
            return True
    return False


def flavour(accept: str) -> str:
    """The form an API answer to this Accept header takes: "ninjs", "html" or "json"."""
    if wants_ninjs(accept):
        return "ninjs"
    # v2 renders its browsable HTML API for browsers; keep the two apart.
    return "html" if "text/html" in accept else "json"
