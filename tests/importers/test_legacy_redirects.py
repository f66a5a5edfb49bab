"""Publishing an imported post makes its old Blogger address redirect to it."""

from __future__ import annotations

import pytest

from tests.factories import LatestUpdatesPageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db

OLD = "/2024/12/nato-stands-with-ukraine.html"


def imported(section, **kwargs):
    return LatestUpdatesPageFactory(
        parent=section, slug="nato-stands-with-ukraine", legacy_path=OLD, **kwargs
    )


def test_old_address_redirects_once_the_post_is_published(client, section):
    publish(imported(section))
    response = client.get(OLD)
    assert response.status_code == 301
    assert response["Location"].endswith("/latest-updates/nato-stands-with-ukraine/")


def test_a_draft_gets_no_redirect(client, section):
    imported(section).save_revision()
    assert client.get(OLD).status_code == 404


def test_republishing_does_not_duplicate_the_redirect(client, section):
    from wagtail.contrib.redirects.models import Redirect

    post = publish(imported(section))
    publish(post)
    assert Redirect.objects.filter(old_path=OLD).count() == 1


def test_a_post_that_was_not_imported_makes_no_redirect(section):
    from wagtail.contrib.redirects.models import Redirect

    publish(LatestUpdatesPageFactory(parent=section))
    assert not Redirect.objects.exists()
