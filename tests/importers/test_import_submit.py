"""`import_posts --submit` applies the editorial API's submit checks, post by post."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from wagtail.models import WorkflowState

from cms.editorial.roles import EDITORS
from cms.editorial.validation import publishing_errors
from news.models import LatestUpdatesPage
from tests.editorial.flow import act
from tests.importers.conftest import FIXTURES

pytestmark = pytest.mark.django_db

# "$1.125" parses to an amount with three decimal places, which the aid package block
# refuses (it keeps two). Imported drafts are saved without block validation, so it is
# the publishing checks at submission that find it.
FUEL_AID = "Norway announced fuel aid worth $1.125 for Ukrainian hospitals this winter."
PORT_NEWS = "Harbour officials met shipping firms to discuss grain routes."


def _entry(number: int, title: str, text: str, author: str = "Wren Writer") -> str:
    # The first paragraph becomes the standfirst, so `text` opens the body.
    lede = f"&lt;p&gt;{title}: the harbour desk reports.&lt;/p&gt;"
    return f"""  <entry>
    <id>tag:blogger.com,1999:blog-2222.post-{number}</id>
    <published>2024-12-0{number}T09:00:00.000+01:00</published>
    <category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>
    <title type='text'>{title}</title>
    <content type='html'>{lede}&lt;p&gt;{text}&lt;/p&gt;</content>
    <author><name>{author}</name></author>
  </entry>
"""


def _export(tmp_path, *entries: str):
    path = tmp_path / "export.xml"
    path.write_text(
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:app='http://purl.org/atom/app#'>\n"
        "  <id>tag:blogger.com,1999:blog-2222</id>\n"
        "  <generator version='7.00' uri='http://www.blogger.com'>Blogger</generator>\n"
        + "".join(entries)
        + "</feed>\n"
    )
    return path


def _lines(err: str, title: str) -> list[str]:
    """What the command said about one post: its own lines and its summary warnings."""
    return [line.strip(" -") for line in err.splitlines() if title in line]


@pytest.fixture
def reader(site_tree, django_user_model):
    """An active account in no newsroom group: it may not edit posts, so may not submit them."""
    return django_user_model.objects.create_user(
        "rita", "rita@example.com", "pass", first_name="Rita", last_name="Reader"
    )


def test_a_post_failing_the_publishing_checks_stays_a_draft_and_the_rest_are_submitted(
    section, run_import, writer, tmp_path
):
    export = _export(
        tmp_path,
        _entry(1, "Fuel aid for hospitals", FUEL_AID),
        _entry(2, "Port talks resume", PORT_NEWS),
    )
    result = run_import(export, "--owner", "wanda", "--submit")  # no CommandError: exit 0

    refused = LatestUpdatesPage.objects.get(title="Fuel aid for hospitals")
    submitted = LatestUpdatesPage.objects.get(title="Port talks resume")
    # Imported, but not submitted: a draft with its one revision, in no workflow.
    assert refused.live is False and refused.revisions.count() == 1
    assert not WorkflowState.objects.for_instance(refused).exists()
    # The run carried on past the refusal: the next post went to review in the owner's name.
    assert submitted.workflow_in_progress and submitted.live is False
    assert submitted.current_workflow_state.requested_by == writer

    # The reason is the publishing rules' own, where they found the problem.
    errors = publishing_errors(refused.get_latest_revision().as_object())
    assert errors and all(error["loc"][0] == "body" for error in errors)
    said = _lines(result.err, "Fuel aid for hospitals")
    refusal = "Fuel aid for hospitals: not submitted for review: This version cannot be submitted"
    assert [line for line in said if line.startswith(refusal)] == [said[1], said[1]]
    for error in errors:
        assert error["msg"] in said[1]
        assert f"body[{error['loc'][1]}]" in said[1]
    assert not [line for line in _lines(result.err, "Port talks resume") if "submit" in line]
    assert "Posts created: 2, updated: 0" in result.err
    assert "Submitted for review: 1, not submitted: 1" in result.err


def test_an_owner_who_may_not_edit_the_posts_submits_none_of_them(
    section, run_import, reader, tmp_path
):
    export = _export(
        tmp_path,
        _entry(1, "Port talks resume", PORT_NEWS),
        _entry(2, "Grain routes agreed", "Shipping firms agreed two new grain routes."),
    )
    result = run_import(export, "--owner", "rita", "--submit")

    for title in ("Port talks resume", "Grain routes agreed"):
        post = LatestUpdatesPage.objects.get(title=title)
        assert post.owner == reader and post.live is False
        assert not WorkflowState.objects.for_instance(post).exists()
        assert f"{title}: not submitted for review: You cannot edit this post." in result.err
    assert "Posts created: 2, updated: 0" in result.err
    assert "Submitted for review: 0, not submitted: 2" in result.err


def test_each_post_is_submitted_by_its_own_author_with_their_own_rights(
    section, run_import, reader, writer, tmp_path
):
    writer.first_name, writer.last_name = "Wren", "Writer"
    writer.save()
    export = _export(
        tmp_path,
        _entry(1, "Port talks resume", PORT_NEWS, author="Rita Reader"),
        _entry(2, "Grain routes agreed", "Shipping firms agreed two new grain routes."),
    )
    result = run_import(export, "--submit")

    refused = LatestUpdatesPage.objects.get(title="Port talks resume")
    assert refused.owner == reader
    assert not WorkflowState.objects.for_instance(refused).exists()
    assert "Port talks resume: not submitted for review: You cannot edit this post." in result.err
    submitted = LatestUpdatesPage.objects.get(title="Grain routes agreed")
    assert submitted.current_workflow_state.requested_by == writer
    assert "Submitted for review: 1, not submitted: 1" in result.err


def test_a_post_without_an_owner_is_imported_and_said_to_need_one(section, run_import, tmp_path):
    export = _export(tmp_path, _entry(1, "Port talks resume", PORT_NEWS, author="Nobody Here"))
    result = run_import(export, "--submit")
    post = LatestUpdatesPage.objects.get()
    assert post.owner is None and not WorkflowState.objects.for_instance(post).exists()
    assert "Port talks resume: not submitted for review: it has no owner" in result.err


def test_reimporting_a_post_in_review_or_sent_back(section, run_import, writer, tmp_path):
    """The API's state rules too: no second review at once; a sent-back post goes back."""
    editor = writer.__class__.objects.create_user("ed", "ed@example.com", "pass")
    editor.groups.add(Group.objects.get(name=EDITORS))
    export = _export(tmp_path, _entry(1, "Port talks resume", PORT_NEWS))
    run_import(export, "--owner", "wanda", "--submit")
    post = LatestUpdatesPage.objects.get()
    state = post.current_workflow_state

    again = run_import(export, "--owner", "wanda", "--submit")
    assert "Port talks resume: not submitted for review: This post is already in review." in (
        again.err
    )
    post.refresh_from_db()
    assert post.revisions.count() == 2 and post.current_workflow_state == state

    act(post, editor, "reject", comment="Name the shipping firms.")
    sent_back = run_import(export, "--owner", "wanda", "--submit")
    assert "not submitted for review" not in sent_back.err
    assert "Submitted for review: 1, not submitted: 0" in sent_back.err
    post.refresh_from_db()
    assert post.workflow_in_progress and post.current_workflow_state == state


def test_the_classic_export_still_submits_as_before(section, run_import, writer):
    """A post whose author matches a writer is submitted once its quotes say how they were
    obtained (imported quotes never do); the unmatched one is named."""
    writer.first_name, writer.last_name = "Wren", "Writer"
    writer.save()
    result = run_import(FIXTURES / "classic-export.xml", "--submit")
    assert not LatestUpdatesPage.objects.get(owner=writer).workflow_in_progress
    assert "provenance.method: Say how we got this quote" in result.err
    assert "Draft: port talks: not submitted for review: it has no owner" in result.err
