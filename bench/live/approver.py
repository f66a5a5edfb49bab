"""`python -m bench.live.approver POST_ID`: the desk, approving updates on request.

A long-lived Django process, so each approval costs what an editor's request
costs and not a Django start-up. For each line `approve <headline>` on stdin
the writer drafts and submits an update and the editor approves it through
the Editor approval task, as the admin and the editorial API do; one JSON
line answers with the update's event id and the moment the approval committed.
"""

from __future__ import annotations

import json
import sys
import time

PARAGRAPH = [{"type": "paragraph", "value": "<p>The desk confirmed this with two sources.</p>"}]


def approve_one(post, writer, editor, headline: str) -> dict:
    from django.db import transaction

    from news.live.models import LiveUpdate, UpdateEvent

    update = LiveUpdate(post=post, author=writer, headline=headline, body=PARAGRAPH)
    update.live = False
    update.save()
    update.save_revision(user=writer)
    update.get_workflow().start(update, writer)
    update.refresh_from_db()
    committed: list[float] = []
    # One transaction, as the editor's request has (ATOMIC_REQUESTS). Registered
    # first, this stamp runs before the push to Pushpin, right after the commit.
    with transaction.atomic():
        transaction.on_commit(lambda: committed.append(time.time()))
        state = update.current_workflow_task_state
        state.task.specific.on_action(state, editor, "approve", comment="")
    pushed = time.time()
    event = UpdateEvent.objects.get(update_id=update.pk, kind=UpdateEvent.PUBLISHED)
    return {
        "update_id": update.pk,
        "event_id": event.pk,
        "committed_at": committed[0],
        "pushed_at": pushed,
    }


def main() -> int:
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from news.models import LatestUpdatesPage

    users = get_user_model().objects
    writer, editor = users.get(username="writer"), users.get(username="editor")
    post = LatestUpdatesPage.objects.get(pk=int(sys.argv[1]))
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        command, _, headline = line.strip().partition(" ")
        if command != "approve":
            break
        print(json.dumps(approve_one(post, writer, editor, headline)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
