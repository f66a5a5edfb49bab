"""Embargoes: approved, invisible to readers everywhere, readable early by partners,
public by themselves when the embargo lifts, through the one publish path."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cms.changelog.models import PageChange
from cms.editorial.roles import PARTNERS
from cms.scheduling.publishing import run_once
from cms.webhooks import events
from cms.webhooks.models import WebhookEvent
from news.models import LatestUpdatesPage
from tests.editorial.flow import draft, submit
from tests.webhooks.conftest import make_endpoint

pytestmark = pytest.mark.django_db

TITLE = "Allies agree a secret air defence package"
EDITORIAL = "/api/v3/editorial"


@pytest.fixture
def partner(site_tree, django_user_model, token_for):
    user = django_user_model.objects.create_user("agency", "desk@agency.example", "pass")
    user.groups.add(Group.objects.get(name=PARTNERS))
    return token_for(user)


@pytest.fixture
def stranger(site_tree, django_user_model, token_for):
    # A token whose owner has no rights at all, as a plain syndication client.
    return token_for(django_user_model.objects.create_user("reader-app", password="pass"))


@pytest.fixture
def hooks(db):
    return make_endpoint("https://partner.example/hook")[0]


def until(hours: float = 2) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(hours=hours)).replace(microsecond=0)


def approve(client, capture, post, editor_headers, **body):
    with capture(execute=True):
        return client.post(
            f"{EDITORIAL}/pages/{post.pk}/approve/",
            body,
            content_type="application/json",
            **editor_headers,
        )


@pytest.fixture
def embargoed(
    client, section, writer, editor, token_for, hooks, django_capture_on_commit_callbacks
):
    post = draft(section, writer, title=TITLE)
    submit(post, writer)
    lift = until()
    answer = approve(
        client,
        django_capture_on_commit_callbacks,
        post,
        token_for(editor),
        embargo_until=lift.isoformat(),
    )
    assert answer.status_code == 200, answer.content
    post.refresh_from_db()
    post.lift = lift
    return post


def test_approval_with_an_embargo_publishes_nothing_readers_can_see(client, embargoed):
    assert not embargoed.live
    post = embargoed
    for url in (
        f"/api/v2/pages/{post.pk}/",
        f"/api/v3/pages/{post.pk}/",
        f"/api/v3/news/posts/{post.pk}/ninjs/",
        post.url or "/latest-updates/allies-agree-a-secret-air-defence-package/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        "/api/v2/pages/?type=news.LatestUpdatesPage",
        "/api/v3/news/posts/",
        "/api/v3/pages/",
        "/api/v3/news/changes/",
        "/latest-updates/rss.xml",
        "/latest-updates/atom.xml",
        "/latest-updates/feed.json",
        "/latest-updates/news-sitemap.xml",
        "/sitemap.xml",
        "/latest-updates/",
        "/search/?query=secret",
        "/api/v2/pages/?search=secret",
    ):
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert "secret air defence" not in answer.content.decode(), url
    assert not PageChange.objects.filter(page_id=post.pk).exists()


def test_a_partner_reads_and_lists_it_early_and_nobody_shares_the_answer(
    client, embargoed, partner, stranger
):
    post = embargoed
    v2 = client.get(f"/api/v2/pages/{post.pk}/?fields=embargoed,embargo_until", **partner)
    assert v2.status_code == 200, v2.content
    assert v2.json()["title"] == TITLE and v2.json()["embargoed"] is True
    assert parse_datetime(v2.json()["embargo_until"]) == post.lift
    assert "private" in v2["Cache-Control"]
    v3 = client.get(f"/api/v3/pages/{post.pk}/", **partner)
    assert v3.status_code == 200 and v3.json()["embargoed"] is True
    assert "private" in v3["Cache-Control"]
    listing = client.get("/api/v3/news/posts/", **partner).json()
    [first, *_] = listing["items"]
    assert first["id"] == post.pk and first["embargoed"] is True
    assert parse_datetime(first["first_published_at"]) == post.lift
    assert listing["count"] == len(listing["items"])
    v2_listing = client.get("/api/v2/pages/?type=news.LatestUpdatesPage", **partner).json()
    assert post.pk in [item["id"] for item in v2_listing["items"]]
    ninjs = client.get(f"/api/v3/news/posts/{post.pk}/ninjs/", **partner).json()
    assert parse_datetime(ninjs["embargoedUntil"]) == post.lift
    # A token that is not a partner's sees nothing more than an anonymous reader.
    assert client.get(f"/api/v2/pages/{post.pk}/", **stranger).status_code == 404
    assert client.get(f"/api/v3/pages/{post.pk}/", **stranger).status_code == 404
    assert post.pk not in [
        i["id"] for i in client.get("/api/v3/news/posts/", **stranger).json()["items"]
    ]
    # And the partner's answers did not leak into the shared cache.
    assert client.get(f"/api/v2/pages/{post.pk}/").status_code == 404
    assert post.pk not in [i["id"] for i in client.get("/api/v3/news/posts/").json()["items"]]


def test_partners_get_an_embargoed_webhook(embargoed):
    [event] = WebhookEvent.objects.filter(name=events.POST_EMBARGOED)
    assert event.page["id"] == embargoed.pk and event.page["title"] == TITLE
    assert parse_datetime(event.extra["embargo_until"]) == embargoed.lift
    assert not WebhookEvent.objects.filter(name=events.POST_PUBLISHED).exists()


def pass_time_to_the_lift(post) -> None:
    """What the clock does: the embargo's moment arrives (Wagtail's publish reads the
    real time, so the schedule is moved rather than the clock)."""
    from wagtail.models import Revision

    past = timezone.now() - datetime.timedelta(seconds=1)
    for revision in Revision.objects.filter(
        object_id=str(post.pk), approved_go_live_at__isnull=False
    ):
        revision.content.update(go_live_at=past.isoformat(), embargo_until=past.isoformat())
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])


def test_the_embargo_lifts_by_itself_through_the_publish_event(
    client, embargoed, partner, django_capture_on_commit_callbacks
):
    assert run_once().published == []
    pass_time_to_the_lift(embargoed)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = run_once()

    assert len(outcome.published) == 1
    post = LatestUpdatesPage.objects.get(pk=embargoed.pk)
    assert post.live
    public = client.get(f"/api/v2/pages/{post.pk}/?fields=embargoed,embargo_until")
    assert public.status_code == 200
    assert public.json()["embargoed"] is False and public.json()["embargo_until"] is None
    assert [c.event for c in PageChange.objects.filter(page_id=post.pk)] == ["published"]
    assert WebhookEvent.objects.filter(name=events.POST_PUBLISHED, page_id=post.pk).count() == 1
    assert post.pk in [i["id"] for i in client.get("/api/v3/news/posts/").json()["items"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"embargo_until": "2001-01-01T00:00:00Z"}, "embargo_until"),
        ({"embargo_until": "next tuesday"}, "embargo_until"),
    ],
)
def test_a_bad_embargo_is_refused_naming_it(
    client, section, writer, editor, token_for, body, field
):
    post = draft(section, writer)
    submit(post, writer)
    answer = client.post(
        f"{EDITORIAL}/pages/{post.pk}/approve/",
        body,
        content_type="application/json",
        **token_for(editor),
    )
    assert 400 <= answer.status_code < 500 and answer.status_code != 404, answer.content
    assert field in answer.content.decode()
    post.refresh_from_db()
    assert post.current_workflow_state is not None  # still in review, nothing decided


def test_a_go_live_time_other_than_the_embargo_is_refused(
    client, section, writer, editor, token_for
):
    post = draft(section, writer)
    submit(post, writer)
    body = {"embargo_until": until(2).isoformat(), "go_live_at": until(3).isoformat()}
    answer = client.post(
        f"{EDITORIAL}/pages/{post.pk}/approve/",
        body,
        content_type="application/json",
        **token_for(editor),
    )
    assert answer.status_code == 422 and "embargo_until" in answer.content.decode()


def test_a_plain_schedule_is_not_an_embargo(client, section, writer, editor, token_for, partner):
    post = draft(section, writer)
    submit(post, writer)
    client.post(
        f"{EDITORIAL}/pages/{post.pk}/approve/",
        {"go_live_at": until().isoformat()},
        content_type="application/json",
        **token_for(editor),
    )
    assert not LatestUpdatesPage.objects.get(pk=post.pk).live
    assert client.get(f"/api/v2/pages/{post.pk}/", **partner).status_code == 404


def test_cancelling_the_schedule_ends_the_partners_view(client, embargoed, partner):
    from wagtail.models import Revision

    Revision.objects.filter(object_id=str(embargoed.pk)).update(approved_go_live_at=None)
    assert client.get(f"/api/v2/pages/{embargoed.pk}/", **partner).status_code == 404


def test_the_admin_approval_dialog_offers_an_embargo(client, section, writer, editor):
    post = draft(section, writer)
    submit(post, writer)
    post = LatestUpdatesPage.objects.get(pk=post.pk)
    task_state = post.current_workflow_task_state
    client.force_login(editor)
    url = f"/admin/pages/workflow/action/{post.pk}/approve/{task_state.pk}/"
    dialog = client.get(url)
    assert dialog.status_code == 200
    assert "embargo_until" in dialog.content.decode()
