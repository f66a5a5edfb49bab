"""A writer cannot make content live by any route; an editor cannot publish their own work.

docs/editorial.md lists these routes; each test below names the route it covers.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from cms.editorial.roles import EDITORS
from news.models import LatestUpdatesPage
from tests.editorial.flow import act, draft, edit, submit
from tests.factories import ImageFactory, PersonFactory
from tests.news.test_admin_create import add_url, post_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_post(section, writer, django_user_model):
    """A post the writer wrote and another editor approved."""
    approver = django_user_model.objects.create_user("chief", "chief@example.com", "pass")
    approver.groups.add(Group.objects.get(name=EDITORS))
    post = draft(section, writer, title="Approved words")
    submit(post, writer)
    return act(post, approver, "approve")


def live_title(post) -> str:
    """What readers see: the live row, not the latest draft."""
    return LatestUpdatesPage.objects.get(pk=post.pk).title


def edit_url(post) -> str:
    return reverse("wagtailadmin_pages:edit", args=[post.pk])


def edit_form(**overrides):
    form = post_form(person=PersonFactory(), image=ImageFactory())
    form.update(overrides)
    return form


class TestAdmin:
    def test_publish_button_on_a_new_post(self, client, section, writer):
        client.force_login(writer)
        client.post(add_url(section), {**edit_form(), "action-publish": "action-publish"})
        assert not LatestUpdatesPage.objects.live().exists()

    def test_publish_button_on_a_live_post(self, client, writer, live_post):
        client.force_login(writer)
        form = edit_form(title="Unapproved words", slug=live_post.slug)
        client.post(edit_url(live_post), {**form, "action-publish": "action-publish"})
        assert live_title(live_post) == "Approved words"

    def test_scheduling_with_a_go_live_date(self, client, section, writer):
        client.force_login(writer)
        go_live = (timezone.now() + datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
        form = edit_form(go_live_at=go_live)
        client.post(add_url(section), {**form, "action-publish": "action-publish"})
        assert not Revision.page_revisions.filter(approved_go_live_at__isnull=False).exists()

    def test_bulk_publish(self, client, section, writer):
        post = draft(section, writer)
        client.force_login(writer)
        url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        client.post(f"{url}?id={post.pk}", {"include_descendants": ""})
        assert not LatestUpdatesPage.objects.get(pk=post.pk).live

    def test_revert_to_an_old_revision_and_publish(self, client, writer, live_post):
        old = live_post.get_latest_revision()
        edit(live_post, writer, title="Later draft")
        client.force_login(writer)
        form = edit_form(title="Old words revived", slug=live_post.slug, revision=old.pk)
        client.post(edit_url(live_post), {**form, "action-publish": "action-publish"})
        assert live_title(live_post) == "Approved words"

    def test_copy_with_publish_copies(self, client, section, writer, live_post):
        client.force_login(writer)
        client.post(
            reverse("wagtailadmin_pages:copy", args=[live_post.pk]),
            {
                "new_title": "A copy",
                "new_slug": "a-copy",
                "new_parent_page": section.pk,
                "publish_copies": "on",
            },
        )
        copy = LatestUpdatesPage.objects.filter(slug="a-copy").first()
        assert copy is None or not copy.live

    def test_move_out_of_the_section(self, client, site_tree, writer, live_post):
        client.force_login(writer)
        client.post(
            reverse("wagtailadmin_pages:move_confirm", args=[live_post.pk, site_tree.home.pk])
        )
        assert (
            LatestUpdatesPage.objects.get(pk=live_post.pk).get_parent().pk == site_tree.section.pk
        )

    def test_unpublish_and_delete(self, client, writer, live_post):
        client.force_login(writer)
        client.post(reverse("wagtailadmin_pages:unpublish", args=[live_post.pk]))
        client.post(reverse("wagtailadmin_pages:delete", args=[live_post.pk]))
        assert LatestUpdatesPage.objects.get(pk=live_post.pk).live

    def test_editor_cannot_publish_their_own_edit_of_a_live_post(self, client, editor, live_post):
        client.force_login(editor)
        form = edit_form(title="Editor's unreviewed words", slug=live_post.slug)
        response = client.post(
            edit_url(live_post), {**form, "action-publish": "action-publish"}, follow=True
        )
        assert live_title(live_post) == "Approved words"
        assert "Saved as a draft, not published" in response.content.decode()
        latest = LatestUpdatesPage.objects.get(pk=live_post.pk).get_latest_revision_as_object()
        assert latest.title == "Editor's unreviewed words", "the editor's work is kept"

    def test_editor_cannot_publish_their_own_version_over_the_api(
        self, client, editor, live_post, token_for
    ):
        edit(live_post, editor, title="Editor's unreviewed words")
        response = client.post(
            f"/api/v3/pages/{live_post.pk}/actions/publish/",
            {},
            content_type="application/json",
            **token_for(editor),
        )
        assert response.status_code == 403
        assert live_title(live_post) == "Approved words"

    def test_editor_can_publish_a_writers_version_directly(self, client, writer, editor, live_post):
        edit(live_post, writer, title="Writer's correction")
        publish_url = reverse("wagtailadmin_pages:edit", args=[live_post.pk])
        perms = LatestUpdatesPage.objects.get(pk=live_post.pk).permissions_for_user(editor)
        assert perms.can_publish(), f"{publish_url}: reviewing someone else's work is allowed"


class TestPeopleAndImages:
    def test_writer_cannot_edit_a_person_shown_in_live_posts(self, client, writer):
        person = PersonFactory(name="Antony Blinken")
        client.force_login(writer)
        response = client.post(
            reverse("wagtailsnippets_news_person:edit", args=[person.pk]),
            {"name": "Someone else", "role": "", "organisation": ""},
        )
        assert response.status_code in (302, 403)
        person.refresh_from_db()
        assert person.name == "Antony Blinken"

    def test_writer_can_add_a_person(self, client, writer):
        client.force_login(writer)
        response = client.post(
            reverse("wagtailsnippets_news_person:add"),
            {"name": "Olaf Scholz", "role": "Chancellor of Germany", "organisation": ""},
        )
        assert response.status_code == 302

    def test_uploader_cannot_change_their_image_once_a_live_post_shows_it(
        self, client, section, writer, live_post
    ):
        used = ImageFactory(uploaded_by_user=writer, title="Used")
        unused = ImageFactory(uploaded_by_user=writer, title="Unused")
        approved = LatestUpdatesPage.objects.get(pk=live_post.pk)
        approved.lead_image = used
        approved.save()  # the live row now shows the image

        client.force_login(writer)
        # Wagtail answers a refused admin view with a redirect and a message.
        assert client.get(reverse("wagtailimages:edit", args=[used.pk])).status_code != 200
        client.post(reverse("wagtailimages:edit", args=[used.pk]), {"title": "Renamed"})
        client.post(reverse("wagtailimages:delete", args=[used.pk]))
        used.refresh_from_db()
        assert used.title == "Used"
        assert client.get(reverse("wagtailimages:edit", args=[unused.pk])).status_code == 200


class TestAPIv3:
    def test_publish_unpublish_revert_and_copy_with_a_writer_token(
        self, client, section, writer, live_post, token_for
    ):
        headers = token_for(writer)
        base = f"/api/v3/pages/{live_post.pk}"
        for action in ("publish", "unpublish"):
            response = client.post(
                f"{base}/actions/{action}/", {}, content_type="application/json", **headers
            )
            assert response.status_code == 403, action
        old = live_post.get_latest_revision()
        edit(live_post, writer, title="Later draft")
        client.post(
            f"{base}/actions/revert/",
            {"revision_id": old.pk},
            content_type="application/json",
            **headers,
        )
        client.post(
            f"{base}/actions/copy/",
            {"destination_id": section.pk, "slug": "api-copy", "keep_live": True},
            content_type="application/json",
            **headers,
        )
        copy = LatestUpdatesPage.objects.filter(slug="api-copy").first()
        assert copy is None or not copy.live
        assert live_title(live_post) == "Approved words"

    def test_write_api_saves_drafts_only(self, client, writer, live_post, token_for):
        response = client.patch(
            f"/api/v3/pages/{live_post.pk}/",
            {"title": "Written over the API"},
            content_type="application/json",
            **token_for(writer),
        )
        assert response.status_code < 500
        assert live_title(live_post) == "Approved words"

    def test_person_and_image_writes_with_a_writer_token(
        self, client, writer, live_post, token_for
    ):
        person = PersonFactory(name="Antony Blinken")
        image = ImageFactory(uploaded_by_user=writer, title="Used")
        approved = LatestUpdatesPage.objects.get(pk=live_post.pk)
        approved.lead_image = image
        approved.save()
        headers = token_for(writer)
        client.patch(
            f"/api/v3/snippets/news/person/{person.pk}/",
            {"name": "Someone else"},
            content_type="application/json",
            **headers,
        )
        client.patch(
            f"/api/v3/images/{image.pk}/",
            {"title": "Renamed"},
            content_type="application/json",
            **headers,
        )
        person.refresh_from_db()
        image.refresh_from_db()
        assert (person.name, image.title) == ("Antony Blinken", "Used")


class TestTwoPeopleSavingTheSameDraft:
    def test_a_late_save_does_not_replace_the_newer_version(self, client, section, writer, editor):
        post = draft(section, writer, title="First")
        loaded = post.get_latest_revision()
        edit(post, editor, title="Editor's newer version")  # saved while the writer was editing

        client.force_login(writer)
        form = edit_form(
            title="Writer's late version", slug=post.slug, loaded_revision_id=loaded.pk
        )
        response = client.post(edit_url(post), form, follow=True)

        current = LatestUpdatesPage.objects.get(pk=post.pk).get_latest_revision_as_object()
        assert current.title == "Editor's newer version"
        assert "Not saved over a newer version" in response.content.decode()
        kept = [revision.as_object().title for revision in post.revisions.all()]
        assert "Writer's late version" in kept, "the late changes are kept in History"

    def test_an_up_to_date_save_goes_through(self, client, section, writer):
        post = draft(section, writer, title="First")
        client.force_login(writer)
        form = edit_form(
            title="Second", slug=post.slug, loaded_revision_id=post.get_latest_revision().pk
        )
        client.post(edit_url(post), form)
        assert LatestUpdatesPage.objects.get(pk=post.pk).get_latest_revision_as_object().title == (
            "Second"
        )
