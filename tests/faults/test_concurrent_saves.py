"""Twenty clients saving the same draft over API v3 at once.

Every save must be answered (no 5xx), every accepted save must leave a
revision, and the draft that wins must be exactly one of the bodies sent.
Clients that send no If-Match are never refused: the last save to commit wins
and the others stay in the post's history. Clients that send the ETag of the
draft they last saw (cms/wagtail_fixes/v3_preconditions.py) are refused with 412 "Stale
draft" whenever someone saved in between, so no accepted save was built on a
revision another accepted save had already replaced.

The normal suite runs 20 clients x 5 saves on PostgreSQL (4 x 5 on SQLite,
which serialises writers anyway); FAULTS_FULL=1 (`make test-faults`) runs 20 x 50,
and 20 x 10 with If-Match.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.test import Client

from news.models import LatestUpdatesPage
from tests.editorial.flow import draft

pytestmark = [
    pytest.mark.faults,
    # Threads need committed data and their own connections.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FULL = os.environ.get("FAULTS_FULL") == "1"
if connection.vendor == "postgresql":
    CLIENTS, SAVES = (20, 50) if FULL else (20, 5)
else:
    CLIENTS, SAVES = (20, 50) if FULL else (4, 5)
# The conditional run proves its point (no save accepted on a replaced revision) in
# fewer rounds; ten keep `make test-faults` inside CI's time budget.
CONDITIONAL_SAVES = min(SAVES, 10)


def body(client: int, save: int) -> list[dict]:
    # Plain-text blocks: what is stored can be compared byte for byte with what was sent.
    return [
        {"type": "heading", "value": f"Client {client}, save {save}"},
        {"type": "heading", "value": f"Sent by client {client} as its save number {save}"},
    ]


def title(client: int, save: int) -> str:
    return f"Client {client}, save {save}"


def as_sent(stream) -> list[dict]:
    if isinstance(stream, str):  # revisions keep StreamField content as JSON text
        stream = json.loads(stream)
    return [{"type": block["type"], "value": block["value"]} for block in stream]


@pytest.mark.parametrize("if_match", [False, True], ids=["last-save-wins", "if-match"])
def test_twenty_clients_saving_one_draft(section, writer, token_for, if_match):
    post = draft(section, writer)
    revisions_before = post.revisions.count()
    headers = token_for(writer)
    url = f"/api/v3/pages/{post.pk}/"
    start = threading.Barrier(CLIENTS)
    answers: list[tuple[int, int, int, bytes]] = []
    # (If-Match sent, ETag answered) for each accepted conditional save.
    chain: list[tuple[str, str]] = []
    lock = threading.Lock()

    def saver(number: int) -> None:
        client = Client(raise_request_exception=False)
        try:
            seen = client.get(f"{url}?version=draft", **headers)["ETag"] if if_match else None
            start.wait(timeout=30)
            for save in range(CONDITIONAL_SAVES if if_match else SAVES):
                sent = {"title": title(number, save), "body": body(number, save)}
                condition = {"HTTP_IF_MATCH": seen} if if_match else {}
                response = client.patch(
                    url, sent, content_type="application/json", **headers, **condition
                )
                with lock:
                    answers.append((number, save, response.status_code, response.content[:300]))
                    if if_match and response.status_code == 200:
                        chain.append((seen, response["ETag"]))
                # Both answers name the draft as it now is: go on from there.
                seen = response.get("ETag", seen)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=saver, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    saves = CONDITIONAL_SAVES if if_match else SAVES
    assert len(answers) == CLIENTS * saves, "every request was answered"
    statuses = Counter(status for _, _, status, _ in answers)
    crashes = [answer for answer in answers if answer[2] >= 500]
    assert not crashes, f"{statuses}: {crashes[:3]}"
    refused = [answer for answer in answers if answer[2] != 200]
    if not if_match:
        assert not refused, f"{statuses}: {refused[:3]}"
    else:
        # Every refusal says it was stale, and no two accepted saves started from
        # the same revision: none overwrote a save its client had not seen.
        # All clients start from the same ETag, so all but one first save are stale.
        assert len(refused) >= CLIENTS - 1, statuses
        assert all(status == 412 for _, _, status, _ in refused), f"{statuses}: {refused[:3]}"
        assert all(b"Stale draft" in content for *_, content in refused)
        bases = [sent for sent, _ in chain]
        assert len(set(bases)) == len(bases), "two saves were accepted on the same revision"
        assert len({answered for _, answered in chain}) == len(chain)

    post = LatestUpdatesPage.objects.get(pk=post.pk)
    accepted = {(number, save) for number, save, status, _ in answers if status == 200}
    assert post.revisions.count() == revisions_before + len(accepted), "a revision per save"
    latest = post.get_latest_revision()
    assert latest.pk == post.revisions.order_by("-created_at", "-pk").first().pk
    winner = next(
        (number, save)
        for number, save in accepted
        if title(number, save) == latest.content["title"]
    )
    # Byte for byte: the stored body is the one that winning client sent with that title.
    assert as_sent(latest.content["body"]) == body(*winner)
    assert post.draft_title == latest.content["title"], "the page row names the latest draft"
    assert post.get_latest_revision_as_object().title == latest.content["title"]
    assert not post.live, "saving a draft publishes nothing"


def test_patch_saves_the_body_it_was_sent(section, writer, token_for):
    post = draft(section, writer)
    sent = body(1, 1)
    response = Client().patch(
        f"/api/v3/pages/{post.pk}/",
        {"body": sent},
        content_type="application/json",
        **token_for(writer),
    )
    assert response.status_code == 200
    latest = LatestUpdatesPage.objects.get(pk=post.pk).get_latest_revision()
    assert as_sent(latest.content["body"]) == sent
