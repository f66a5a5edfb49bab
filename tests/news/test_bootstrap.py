"""`bootstrap_newsroom` runs on every deploy, so running it again must change nothing."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import GroupPagePermission, Page, PageLogEntry, Revision, Site

from cms.editorial.roles import EDITORS, WRITERS
from home.models import HomePage
from news.models import LatestUpdatesPage, NewsIndexPage, Person

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("bootstrap_newsroom", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, object]:
    return {
        "pages": sorted(Page.objects.values_list("url_path", flat=True)),
        "revisions": Revision.objects.count(),
        "log": PageLogEntry.objects.count(),
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "page_perms": GroupPagePermission.objects.count(),
        "people": Person.objects.count(),
        "sites": list(Site.objects.values_list("root_page_id", "is_default_site")),
    }


def test_creates_home_and_the_latest_updates_section():
    output = run()
    home = HomePage.objects.get()
    section = NewsIndexPage.objects.get()
    assert section.get_parent().specific == home
    assert section.slug == "latest-updates" and section.live and home.live
    assert Site.objects.get(is_default_site=True).root_page.specific == home
    assert section.url == "/latest-updates/"
    assert "Latest Updates section: /latest-updates/" in output
    # Wagtail's placeholder "Welcome" page is gone rather than left beside ours.
    assert not Page.objects.filter(content_type__model="page", depth=2).exists()


def test_running_twice_changes_nothing():
    run()
    before = snapshot()
    output = run()
    assert snapshot() == before
    assert "already there" in output


def test_roles_replace_wagtails_default_groups():
    run()
    groups = set(Group.objects.values_list("name", flat=True))
    assert {WRITERS, EDITORS} <= groups
    assert "Moderators" not in groups
    section = NewsIndexPage.objects.get()
    writer_perms = set(
        GroupPagePermission.objects.filter(group__name=WRITERS).values_list(
            "permission__codename", flat=True
        )
    )
    editor_perms = set(
        GroupPagePermission.objects.filter(group__name=EDITORS, page=section).values_list(
            "permission__codename", flat=True
        )
    )
    assert writer_perms == {"add_page", "change_page"}
    assert {"publish_page", "lock_page", "unlock_page"} <= editor_perms


def test_a_right_removed_by_hand_comes_back_on_the_next_deploy():
    run()
    GroupPagePermission.objects.filter(group__name=EDITORS).delete()
    run()
    assert GroupPagePermission.objects.filter(
        group__name=EDITORS, permission__codename="publish_page"
    ).exists()


def test_demo_is_refused_unless_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refused unless DEBUG is on"):
        run("--demo")
    assert not LatestUpdatesPage.objects.exists()


def test_demo_creates_accounts_and_a_published_post(settings, django_user_model):
    settings.DEBUG = True
    run("--demo")
    before = snapshot()
    run("--demo")
    assert snapshot() == before, "the demo must be idempotent too"

    writer = django_user_model.objects.get(username="writer")
    editor = django_user_model.objects.get(username="editor")
    assert writer.check_password("changeme")
    assert list(writer.groups.values_list("name", flat=True)) == [WRITERS]
    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS]
    assert django_user_model.objects.get(username="admin").is_superuser

    post = LatestUpdatesPage.objects.get(slug="nato-allies-rally-behind-ukraine-in-brussels")
    assert post.live and post.owner == writer
    assert post.latest_revision.user == writer
    block_types = [block.block_type for block in post.body]
    assert {"paragraph", "heading", "quote", "aid_package", "key_developments", "image"} <= set(
        block_types
    )
    aid = next(block.value for block in post.body if block.block_type == "aid_package")
    assert str(aid["amount"]) == "725000000" and aid["currency"] == "USD"
    assert [item["category"] for item in aid["items"]] == [
        "air_defence",
        "artillery_ammunition",
        "drones",
        "mines",
    ]
    key = next(block.value for block in post.body if block.block_type == "key_developments")
    assert len(key["items"]) == 3


def test_demo_keeps_a_password_someone_changed(settings, django_user_model):
    settings.DEBUG = True
    run("--demo")
    writer = django_user_model.objects.get(username="writer")
    writer.set_password("a-better-password")
    writer.save()
    run("--demo")
    writer.refresh_from_db()
    assert writer.check_password("a-better-password")
