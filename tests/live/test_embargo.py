"""An embargoed live update: invisible in the story until it lifts, except to partners."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Revision

from cms.editorial.roles import PARTNERS
from cms.scheduling.publishing import run_once
from cms.webhooks import events
from cms.webhooks.models import WebhookEvent
from news.live.models import LiveUpdate, UpdateEvent
from tests.live.conftest import draft_update, submit
from tests.webhooks.conftest import make_endpoint

pytestmark = pytest.mark.django_db

HEADLINE = "Ministers agree a new package"


@pytest.fixture
def partner(site_tree, django_user_model, token_for):
    user = django_user_model.objects.create_user("agency", password="pass")
    user.groups.add(Group.objects.get(name=PARTNERS))
    return token_for(user)


@pytest.fixture
def embargoed_update(
    client, live_story, writer, editor, token_for, django_capture_on_commit_callbacks
):
    make_endpoint("https://partner.example/hook", names=[events.POST_EMBARGOED])
    update = submit(draft_update(live_story, writer), writer)
    lift = (timezone.now() + datetime.timedelta(hours=1)).replace(microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            f"/api/v3/editorial/updates/{update.pk}/approve/",
            data=json.dumps({"embargo_until": lift.isoformat()}),
            content_type="application/json",
            **token_for(editor),
        )
    assert answer.status_code == 200, answer.content
    update.refresh_from_db()
    return update


def shown(client, story, **headers) -> list[dict]:
    live = client.get(f"/api/v2/pages/{story.pk}/?fields=live", **headers).json()["live"]
    return live["updates"]


def test_an_embargoed_update_is_not_in_the_story_until_it_lifts(
    client, live_story, embargoed_update, partner, django_capture_on_commit_callbacks
):
    update = embargoed_update
    assert not update.live and update.posted_at is None
    assert HEADLINE not in json.dumps(shown(client, live_story))
    feed = client.get(f"/api/v3/news/posts/{live_story.pk}/updates/").json()
    assert all(
        item["update"] is None or item["update"]["id"] != update.pk for item in feed["items"]
    )
    assert HEADLINE not in client.get(live_story.url).content.decode()
    assert not UpdateEvent.objects.filter(update_id=update.pk).exists()

    # A partner's detail lists it, marked.
    [early] = [item for item in shown(client, live_story, **partner) if item["id"] == update.pk]
    assert early["embargoed"] is True and early["headline"] == HEADLINE
    [event] = WebhookEvent.objects.filter(name=events.POST_EMBARGOED)
    assert event.extra["update_id"] == update.pk and event.page["id"] == live_story.pk

    past = timezone.now() - datetime.timedelta(seconds=1)
    for revision in Revision.objects.filter(
        object_id=str(update.pk), approved_go_live_at__isnull=False
    ):
        revision.content.update(go_live_at=past.isoformat(), embargo_until=past.isoformat())
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])
    with django_capture_on_commit_callbacks(execute=True):
        run_once()

    update = LiveUpdate.objects.get(pk=update.pk)
    assert update.live and update.posted_at is not None
    [public] = [item for item in shown(client, live_story) if item["id"] == update.pk]
    assert public["embargoed"] is False and public["embargo_until"] is None
    assert UpdateEvent.objects.get(update_id=update.pk).kind == UpdateEvent.PUBLISHED
