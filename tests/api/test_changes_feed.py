"""The change log and /api/v3/news/changes/: replaying it yields exactly the live posts."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.changelog.models import PageChange
from news.models import LatestUpdatesPage
from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db
FEED = "/api/v3/news/changes/"


def new_post(section, title: str) -> LatestUpdatesPage:
    return section.add_child(instance=LatestUpdatesPageFactory.build(title=title))


def read_all(client, limit: int = 2) -> list[dict]:
    """Follow the cursor the way a sync client does, a page at a time."""
    items, since = [], None
    while True:
        params = {"limit": limit, **({"since": since} if since else {})}
        page = client.get(FEED, params).json()
        items += page["items"]
        since = page["next_cursor"]
        if not page["has_more"]:
            return items


def replay(items: list[dict]) -> dict[int, str]:
    live: dict[int, str] = {}
    for item in items:
        if item["event"] in ("published", "moved"):
            live[item["page_id"]] = item["url_path"]
        else:
            live.pop(item["page_id"], None)
    return live


def test_each_change_is_one_event_oldest_first(client, section):
    post = publish(new_post(section, "First"))
    publish(post)  # re-publish
    post.unpublish()
    items = client.get(FEED).json()["items"]
    assert [(i["event"], i["page_id"]) for i in items] == [
        ("published", post.pk),
        ("published", post.pk),
        ("unpublished", post.pk),
    ]
    assert items[0]["url_path"] == f"/latest-updates/{post.slug}/"
    assert items[0]["revision_id"] == post.revisions.order_by("created_at").first().pk


def test_replaying_from_the_start_gives_exactly_the_live_posts(client, section, site_tree):
    kept = publish(new_post(section, "Kept"))
    withdrawn = publish(new_post(section, "Withdrawn"))
    deleted = publish(new_post(section, "Deleted"))
    new_post(section, "Never published")
    withdrawn.unpublish()
    deleted.delete()
    # Renaming the section moves every post below it.
    section.slug = "live"
    publish(section)

    live = replay(read_all(client))
    expected = {post.pk: post.get_url_parts()[2] for post in LatestUpdatesPage.objects.live()}
    assert live == expected == {kept.pk: f"/live/{kept.slug}/"}


def test_drafts_and_unpublished_deletions_leave_no_event(client, section):
    draft = new_post(section, "Draft only")
    draft.save_revision()
    draft.delete()
    assert client.get(FEED).json()["items"] == []


def test_a_rolled_back_publish_leaves_no_event(section):
    post = new_post(section, "Doomed")
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(post)
        raise RuntimeError("the request failed after publishing")
    assert not LatestUpdatesPage.objects.get(pk=post.pk).live
    assert not PageChange.objects.exists()


def test_a_web_request_commits_the_publish_and_its_event_together(client, section, editor, writer):
    """ATOMIC_REQUESTS: the admin's publish and the change-log row share one transaction."""
    from tests.editorial.flow import draft, submit

    post = draft(section, writer)
    submit(post, writer)
    client.force_login(editor)
    task_state = LatestUpdatesPage.objects.get(pk=post.pk).current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", task_state.pk])
    )
    assert LatestUpdatesPage.objects.get(pk=post.pk).live
    assert list(PageChange.objects.values_list("event", "page_id")) == [("published", post.pk)]


def test_cursor_paging(client, section):
    for number in range(5):
        publish(new_post(section, f"Post {number}"))
    first = client.get(FEED, {"limit": 2}).json()
    assert len(first["items"]) == 2 and first["has_more"]
    rest = client.get(FEED, {"since": first["next_cursor"], "limit": 10}).json()
    assert len(rest["items"]) == 3 and not rest["has_more"]
    assert int(rest["items"][0]["cursor"]) > int(first["items"][-1]["cursor"])
    caught_up = client.get(FEED, {"since": rest["next_cursor"]}).json()
    assert caught_up == {"items": [], "next_cursor": rest["next_cursor"], "has_more": False}


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"since": "abc"}, "since"),
        ({"since": "-1"}, "since"),
        ({"since": str(10**30)}, "since"),
        ({"limit": "0"}, "limit"),
        ({"limit": "501"}, "limit"),
        ({"limit": "ten"}, "limit"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(client, site_tree, params, name):
    response = client.get(FEED, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"].startswith(f"{name}:")


def test_cost_follows_changes_returned_not_posts(client, section):
    for number in range(30):
        publish(new_post(section, f"Post {number}"))
    since = str(PageChange.objects.order_by("-pk")[1].pk)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(FEED, {"since": since}).json()
    assert len(page["items"]) == 1
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    # One indexed read of the log from the cursor; no page is loaded, whatever their number.
    assert len(selects) == 1 and "changelog_pagechange" in selects[0]


def test_scheduling_a_new_version_of_a_live_post_is_not_an_event_yet(client, section):
    import datetime

    from django.utils import timezone

    post = publish(new_post(section, "Live"))
    post.title = "Embargoed update"
    post.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    post.save_revision().publish()
    assert [i["event"] for i in client.get(FEED).json()["items"]] == ["published"]


def test_posts_live_before_the_log_existed_are_backfilled(client, section):
    import importlib

    from django.apps import apps

    backfill = importlib.import_module("cms.changelog.migrations.0002_backfill_live_posts")
    live = publish(new_post(section, "Old post"))
    PageChange.objects.all().delete()  # as if published before this release

    backfill.backfill(apps, None)
    assert replay(read_all(client)) == {live.pk: f"/latest-updates/{live.slug}/"}


def test_private_posts_leave_and_rejoin_the_feed_with_their_restriction(
    client, section, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    post = publish(new_post(section, "Shown then hidden"))
    restriction = PageViewRestriction.objects.create(
        page=post, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    publish(post)  # a publish while private is not announced
    assert replay(read_all(client)) == {}
    with django_capture_on_commit_callbacks(execute=True):  # invalidates the cached feed
        restriction.delete()
    assert replay(read_all(client)) == {post.pk: f"/latest-updates/{post.slug}/"}


def test_a_post_published_while_private_is_never_named(client, section):
    from wagtail.models import PageViewRestriction

    post = new_post(section, "Members only")
    PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.LOGIN)
    publish(post)
    assert [i for i in read_all(client) if i["page_id"] == post.pk] == []


def test_restricting_the_section_takes_all_its_posts_out(client, section):
    from wagtail.models import PageViewRestriction

    posts = [publish(new_post(section, f"Post {n}")) for n in range(2)]
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    assert replay(read_all(client)) == {}
    assert {i["page_id"] for i in read_all(client) if i["event"] == "unpublished"} == {
        p.pk for p in posts
    }
