"""A post that fails to import leaves nothing behind: no page, no revision, no new person."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Revision

from news.models import LatestUpdatesPage, Person
from tests.importers.conftest import FIXTURES

pytestmark = pytest.mark.django_db

OSLO_LINK = "https://harbourdesk.blogspot.com/2024/11/oslo-winter-package.html"
# An unencoded space: Blogger exports have them, and the page's URL field refuses them,
# so the post fails when its page is saved, after its speakers were matched.
BROKEN_LINK = "https://harbourdesk.blogspot.com/2024/11/oslo winter package.html"


def _export(tmp_path, text: str):
    path = tmp_path / "export.xml"
    path.write_text(text)
    return path


def test_a_post_that_fails_after_its_people_were_found_leaves_no_person(
    section, run_import, tmp_path
):
    export = (FIXTURES / "classic-export.xml").read_text()
    assert OSLO_LINK in export
    result = run_import(_export(tmp_path, export.replace(OSLO_LINK, BROKEN_LINK)))

    assert "Posts created: 1, updated: 0" in result.err
    assert "failed and skipped: 1" in result.err
    assert "Oslo's winter package & what it holds: not imported:" in result.err
    # The quote's speaker was new to the people list; the failed post took them with it.
    assert not Person.objects.filter(name="Kari Lindqvist").exists()
    assert not LatestUpdatesPage.objects.filter(source_id__endswith="post-501").exists()
    survivor = LatestUpdatesPage.objects.get()
    assert survivor.title == "Draft: port talks"
    post_revisions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(LatestUpdatesPage)
    )
    assert list(post_revisions.values_list("object_id", flat=True)) == [str(survivor.pk)]


def test_a_person_named_by_a_failed_post_is_created_by_the_next_post_naming_them(
    section, run_import, tmp_path
):
    """The run remembers people between posts; it must not remember a rolled-back row."""
    export = (FIXTURES / "classic-export.xml").read_text()
    start = export.index("  <entry>\n    <id>tag:blogger.com,1999:blog-1111.post-501</id>")
    end = export.index("</entry>", start) + len("</entry>\n")
    oslo = export[start:end]
    retold = (
        oslo.replace("post-501", "post-601")
        .replace("Oslo&#39;s winter package", "Oslo's package, retold")
        .replace("oslo-winter-package", "oslo-package-retold")
    )
    # The broken copy first: Kari Lindqvist is found in it, then rolled back with it.
    broken = oslo.replace(OSLO_LINK, BROKEN_LINK)
    result = run_import(_export(tmp_path, export[:start] + broken + retold + export[end:]))

    assert "Posts created: 2, updated: 0" in result.err and "failed and skipped: 1" in result.err
    kari = Person.objects.get(name="Kari Lindqvist")
    post = LatestUpdatesPage.objects.get(source_id__endswith="post-601")
    (quote,) = [block for block in post.body if block.block_type == "quote"]
    # Read back from the database: the speaker is a row that exists, not a dangling id.
    assert quote.value["speaker"] == kari
