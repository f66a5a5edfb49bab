"""Two editors acting at the same moment, with real threads and connections on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections
from django.test import Client
from wagtail.models import PageLogEntry

from cms.editorial.roles import EDITORS
from news.models import LatestUpdatesPage
from tests.editorial.flow import draft, submit

pytestmark = [
    # serialized_rollback: earlier transactional tests flush the database, Wagtail's root page too.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL's row locks (SQLite serialises all writers)",
    ),
]


def test_two_editors_approving_at_once_publish_exactly_once(
    section, writer, django_user_model, token_for
):
    editors = []
    for name in ("ed", "olga"):
        user = django_user_model.objects.create_user(name, f"{name}@example.com", "pass")
        user.groups.add(Group.objects.get(name=EDITORS))
        editors.append(token_for(user))
    post = draft(section, writer)
    submit(post, writer)
    revisions_before = post.revisions.count()

    start = threading.Barrier(len(editors))
    statuses: list[int] = []

    def approve(headers: dict[str, str]) -> None:
        try:
            start.wait(timeout=10)
            response = Client().post(
                f"/api/v3/editorial/pages/{post.pk}/approve/",
                {},
                content_type="application/json",
                **headers,
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(headers,)) for headers in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [200, 409], "one approves, the other is told it was too late"
    post = LatestUpdatesPage.objects.get(pk=post.pk)
    assert post.live
    assert PageLogEntry.objects.filter(page=post, action="wagtail.publish").count() == 1
    assert post.revisions.count() == revisions_before, "approval publishes, it writes no version"
