"""Where each page type may live: the section is unique and holds only posts."""

from __future__ import annotations

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from news.models import LatestUpdatesPage, NewsIndexPage
from tests.factories import LatestUpdatesPageFactory


class TestPageTree(WagtailPageTestCase):
    def test_home_holds_the_section_and_nothing_else(self):
        self.assertAllowedSubpageTypes(HomePage, {NewsIndexPage})
        self.assertCanCreateAt(Page, HomePage)

    def test_section_holds_only_posts(self):
        self.assertAllowedSubpageTypes(NewsIndexPage, {LatestUpdatesPage})
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})

    def test_posts_live_only_in_the_section_and_have_no_children(self):
        self.assertAllowedParentPageTypes(LatestUpdatesPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(LatestUpdatesPage, set())
        self.assertCanNotCreateAt(HomePage, LatestUpdatesPage)


@pytest.mark.django_db
def test_there_can_be_only_one_latest_updates_section(site_tree):
    assert NewsIndexPage.max_count == 1
    assert not NewsIndexPage.can_create_at(site_tree.home)


@pytest.mark.django_db
def test_section_lists_only_its_live_posts_newest_first(section):
    from tests.helpers import publish

    older = publish(section.add_child(instance=LatestUpdatesPageFactory.build(title="Older")))
    newer = publish(section.add_child(instance=LatestUpdatesPageFactory.build(title="Newer")))
    section.add_child(instance=LatestUpdatesPageFactory.build(title="Draft"))
    assert list(section.live_posts()) == [newer, older]
