"""Schemathesis hooks (SCHEMATHESIS_HOOKS=bench.leaks.schemathesis_hooks) for .ci/fuzz.

Every answer schemathesis receives is counted and searched for the hidden
markers of the world file in LEAKS_WORLD; the `no_hidden_markers` check fails
the case that drew a marker out, and at exit the count, the statuses and any
leaks are written as JSON to LEAKS_SCHEMATHESIS_REPORT for the sweep to total.
LEAKS_ALLOWED names states whose markers this run may see (comma-separated):
for a token holder, who is signed in, the login-restricted ones.
"""

from __future__ import annotations

import atexit
import json
import os
import threading

import schemathesis

# Generation rules shared with the writer and editor runs, which load only those.
import bench.fuzz.schemathesis_hooks  # noqa: F401

_world = json.load(open(os.environ["LEAKS_WORLD"]))  # noqa: SIM115 - read once at import
_allowed = set(os.environ.get("LEAKS_ALLOWED", "").split(","))
HIDDEN = [text.encode() for state, text in _world["hidden"].items() if state not in _allowed]
VISIBLE = [text.encode() for text in _world["visible"].values()]
_lock = threading.Lock()
_seen = {"requests": 0, "statuses": {}, "leaks": [], "visible_found": 0}


def _leaked(body: bytes) -> list[str]:
    return [text.decode() for text in HIDDEN if text in body]


@schemathesis.hook
def after_call(context, case, response) -> None:
    body = response.content or b""
    leaks = _leaked(body)
    with _lock:
        _seen["requests"] += 1
        status = str(response.status_code)
        _seen["statuses"][status] = _seen["statuses"].get(status, 0) + 1
        _seen["visible_found"] += any(text in body for text in VISIBLE)
        if leaks and len(_seen["leaks"]) < 50:
            _seen["leaks"].append({"url": response.request.url, "markers": leaks})


@schemathesis.check
def no_hidden_markers(ctx, response, case) -> bool | None:
    leaks = _leaked(response.content or b"")
    if leaks:
        raise AssertionError(f"Hidden content in the answer: {', '.join(leaks)}")
    return None


@atexit.register
def _write_report() -> None:
    path = os.environ.get("LEAKS_SCHEMATHESIS_REPORT")
    if path:
        with _lock, open(path, "w") as out:
            json.dump(_seen, out)
