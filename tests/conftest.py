"""Fixtures shared by the whole suite."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from cms.editorial.roles import EDITORS, WRITERS
from home.models import HomePage
from news.models import NewsIndexPage


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Each test gets its own media folder, so file names (and golden JSON) are stable.
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _empty_caches():
    # Rolled-back tests reuse primary keys, so a cached rendition or page from an
    # earlier test would otherwise describe a row that no longer exists.
    from django.core.cache import caches

    from cms.delivery import local, roundtrip

    for cache in caches.all():
        cache.clear()
    # What each process keeps for itself: cached answers and rate-limit counts.
    local.responses.clear()
    roundtrip.local_counts.clear()


@pytest.fixture
def site_tree(db):
    """The real page tree and roles, made by the same command a deploy runs."""
    call_command("bootstrap_newsroom", stdout=io.StringIO())
    return SimpleNamespace(home=HomePage.objects.get(), section=NewsIndexPage.objects.get())


@pytest.fixture
def section(site_tree) -> NewsIndexPage:
    return site_tree.section


def _member(django_user_model, username: str, group: str):
    user = django_user_model.objects.create_user(
        username=username, password="pass", email=f"{username}@example.com"
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def writer(site_tree, django_user_model):
    return _member(django_user_model, "wanda", WRITERS)


@pytest.fixture
def editor(site_tree, django_user_model):
    return _member(django_user_model, "ed", EDITORS)


@pytest.fixture
def demo(site_tree, settings):
    """The demo accounts and post, as `make run` creates them (without the live
    story, whose updates would add to every feed and outbox a test counts)."""
    settings.DEBUG = True
    call_command("bootstrap_newsroom", "--demo", "--no-live-story", stdout=io.StringIO())
    settings.DEBUG = False
    from news.models import LatestUpdatesPage

    return LatestUpdatesPage.objects.get(slug="nato-allies-rally-behind-ukraine-in-brussels")


@pytest.fixture
def token_for():
    """Bearer headers for a user's API token, as newsroom tools would send them."""
    from wagtail.models import APIToken

    def make(user) -> dict[str, str]:
        _token, plaintext = APIToken.create_token(user=user, name="newsroom bot")
        return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}

    return make
