"""The zero-setup SQLite database lets several writers work at once.

Each writer reads and then writes inside one transaction, as a request does
with ATOMIC_REQUESTS. With SQLite's default deferred transactions two such
writers deadlock and one gets "database is locked"; ours queue instead.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction

from news.models import Person

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="about the SQLite default database"
)


@pytest.mark.django_db(transaction=True)
def test_concurrent_read_then_write_transactions_do_not_fail():
    # Earlier transactional tests flush the tables and content types come back
    # with new ids; the search index Person writes to must not use stale ones.
    ContentType.objects.clear_cache()
    errors: list[Exception] = []

    def writer(number: int) -> None:
        try:
            for attempt in range(5):
                with transaction.atomic():
                    Person.objects.count()  # read first, as a view does
                    time.sleep(0.01)
                    Person.objects.create(name=f"Writer {number}.{attempt}")
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Person.objects.count() == 30
