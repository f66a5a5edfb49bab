"""`python -m bench.limit.prepare OUT.json`, run under the production form's environment.

What the static-file comparison needs from Django, made under the very
settings the servers run with:

- the post's v2 detail, byte for byte as the app answers it, written into
  STATIC_ROOT under a plain name. whitenoise lists STATIC_ROOT once, when the
  server starts (DEBUG is off), so the file is written before any server is.
  No compressed sibling (.gz, .br) is written, so whitenoise can only send it
  as it is, as the API sends its answer;
- API tokens for the demo writer and editor, who publish in the Varnish part
  (`bench.limit.publish`). Tokens are stored as digests only, so each run
  makes its own and revokes the previous run's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import django

# Under STATIC_ROOT; the runner deletes it after the run.
STATIC_NAME = "bench-post-detail.json"
TOKEN_NAME = "bench: publish to fresh"  # noqa: S105 - a label, not a secret


def main(out: Path) -> None:
    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from wagtail.models import APIToken

    from bench import dataset
    from news.demo import ensure_demo_users

    # The bench's Redis db starts empty (Django's clear() is FLUSHDB of REDIS_URL's db
    # only): the bare-view part publishes through a server on the local-memory cache,
    # which bumps no version in Redis, so an answer cached here by an earlier run
    # could show an older revision than the database holds.
    cache.clear()
    post_id = dataset.load_info()["post_id"]
    response = Client(HTTP_HOST=dataset.HOST, HTTP_ACCEPT=dataset.ACCEPT).get(
        f"/api/v2/pages/{post_id}/"
    )
    if response.status_code != 200:
        raise SystemExit(f"the v2 detail answered {response.status_code}: {response.content[:300]}")
    static_root = Path(settings.STATIC_ROOT)
    static_root.mkdir(parents=True, exist_ok=True)
    static_file = static_root / STATIC_NAME
    static_file.write_bytes(response.content)

    users = ensure_demo_users()
    APIToken.objects.filter(name=TOKEN_NAME).delete()
    tokens = {
        role: APIToken.create_token(user=users[role], name=TOKEN_NAME)[1]
        for role in ("writer", "editor")
    }
    out.write_text(
        json.dumps(
            {
                "post_id": post_id,
                "static_file": str(static_file),
                "static_path": settings.STATIC_URL + STATIC_NAME,
                "detail_bytes": len(response.content),
                "tokens": tokens,
            }
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
