"""`python -m bench.limit.probe OUT.json`, run under one form's environment.

What one answer costs the server inside, counted in-process with Django's test
client through the whole middleware stack: SQL queries and round trips to
Redis (each command or pipeline sent is one). A missed target is reported
with these counts as its reason, measured on the code as it stands rather
than guessed. The answer is asked for twice first, so what is counted is the
steady state a load run sees.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import django

REQUESTS = ("v2 detail", "v3 detail", "v2 detail, 304")


class RedisRoundTrips:
    """Counts what redis-py sends, whatever client or pool sends it."""

    def __init__(self) -> None:
        self.count = 0

    def __enter__(self) -> RedisRoundTrips:
        from redis.connection import AbstractConnection

        self.original = AbstractConnection.send_packed_command
        counter = self

        def send_packed_command(connection: Any, *args: Any, **kwargs: Any) -> Any:
            counter.count += 1
            return counter.original(connection, *args, **kwargs)

        AbstractConnection.send_packed_command = send_packed_command
        return self

    def __exit__(self, *exc: object) -> None:
        from redis.connection import AbstractConnection

        AbstractConnection.send_packed_command = self.original


def main(out: Path) -> None:
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import dataset

    post_id = dataset.load_info()["post_id"]
    client = Client(HTTP_HOST=dataset.HOST, HTTP_ACCEPT=dataset.ACCEPT)
    v2, v3 = f"/api/v2/pages/{post_id}/", f"/api/v3/pages/{post_id}/"
    etag = client.get(v2).headers.get("ETag", "")
    asks = {
        REQUESTS[0]: (v2, {}),
        REQUESTS[1]: (v3, {}),
        REQUESTS[2]: (v2, {"If-None-Match": etag} if etag else {}),
    }
    costs = {}
    for name, (path, headers) in asks.items():
        client.get(path, headers=headers)
        client.get(path, headers=headers)
        with CaptureQueriesContext(connection) as queries, RedisRoundTrips() as redis:
            status = client.get(path, headers=headers).status_code
        costs[name] = {"status": status, "sql": len(queries), "redis": redis.count}
    out.write_text(json.dumps(costs))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
