"""The admin's import screen: upload, dry-run preview, confirm; the command's code, not a copy."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from news.import_admin import views as import_views
from news.models import ImportJob, LatestUpdatesPage, Person
from tests.importers.conftest import FIXTURES
from tests.webhooks.conftest import run_queue

pytestmark = pytest.mark.django_db

URL = "/admin/import-posts/"


@pytest.fixture(autouse=True)
def _upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    return settings.IMPORT_UPLOAD_DIR


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def _upload(client: Client, section, fixture: str, **extra):
    data = (FIXTURES / fixture).read_bytes()
    form = {
        "file": SimpleUploadedFile(fixture, data),
        "format": "auto",
        "parent": section.pk,
        "owner": extra.pop("owner", ""),
        **extra,
    }
    return client.post(URL, form)


def _confirm(client: Client, preview):
    """Confirm the previewed upload, let the worker run the job, and open the job's page."""
    queued = client.post(URL, {"token": _token(preview)})
    job = ImportJob.objects.get()
    assert queued.status_code == 302 and queued["Location"] == f"{URL}{job.pk}/"
    assert run_queue() == 1
    return client.get(queued["Location"])


def _token(response) -> str:
    html = response.content.decode()
    marker = 'name="token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_writers_cannot_see_or_use_the_import(client, writer, section):
    client.force_login(writer)
    # Wagtail answers a refused admin view by sending the user home with a message.
    refused = client.get(URL, follow=True)
    assert refused.redirect_chain[-1][0] == "/admin/"
    assert "Sorry, you do not have permission" in refused.content.decode()
    assert _upload(client, section, "harbour-post.txt").status_code == 302
    assert "Import posts" not in client.get("/admin/").content.decode()
    assert not LatestUpdatesPage.objects.exists()


def test_editors_find_it_in_the_menu(editor_client):
    assert reverse("news_import") == URL
    assert "Import posts" in editor_client.get("/admin/").content.decode()
    page = editor_client.get(URL)
    assert page.status_code == 200
    assert 'type="file"' in page.content.decode()


def test_preview_writes_nothing_then_confirm_imports_drafts(editor_client, editor, section):
    pages_before = Page.objects.count()
    preview = _upload(editor_client, section, "classic-export.xml", owner=editor.pk)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Nothing has been" in html and "written yet" in html
    assert "Oslo&#x27;s winter package &amp; what it holds" in html
    assert "aid_package 1" in html
    # The drafts have an owner, so an author with no account here is no cause for a warning.
    assert "matches no user" not in html
    assert "Import 2 posts as drafts" in html
    # A dry run: no page, no person, no revision written.
    assert Page.objects.count() == pages_before
    assert not Person.objects.exists()

    queued = editor_client.post(URL, {"token": _token(preview)})
    # The worker imports it: nothing is written in the request itself.
    assert Page.objects.count() == pages_before
    waiting = editor_client.get(queued["Location"])
    assert "Waiting for the worker" in waiting.content.decode()
    assert '<meta http-equiv="refresh"' in waiting.content.decode()
    assert run_queue() == 1
    done = editor_client.get(queued["Location"])
    assert done.status_code == 200
    assert "no-store" in done["Cache-Control"]
    assert '<meta http-equiv="refresh"' not in done.content.decode()
    assert "Posts created: <strong>2</strong>" in done.content.decode()
    posts = LatestUpdatesPage.objects.order_by("pk")
    assert [p.title for p in posts] == [
        "Oslo's winter package & what it holds",
        "Draft: port talks",
    ]
    for post in posts:
        assert post.live is False and post.owner == editor
        assert f"/admin/pages/{post.pk}/edit/" in done.content.decode()
    # The unmatched Blogger author is kept on the post for the editor.
    assert posts[1].source_author == "Someone Unknown"
    assert Person.objects.filter(name="Kari Lindqvist").exists()


def test_a_confirmation_is_used_once(editor_client, section, _upload_dir):
    preview = _upload(editor_client, section, "harbour-post.txt")
    token = _token(preview)
    _confirm(editor_client, preview)
    again = editor_client.post(URL, {"token": token}, follow=True)
    assert "no longer waiting" in again.content.decode()
    assert LatestUpdatesPage.objects.count() == 1
    # The upload is removed once imported.
    assert not any(_upload_dir.rglob("harbour-post.txt"))


def test_another_session_cannot_confirm_an_upload(editor_client, section, django_user_model):
    preview = _upload(editor_client, section, "harbour-post.txt")
    other = Client()
    other.force_login(django_user_model.objects.create_superuser("boss", "b@example.com", "pw"))
    response = other.post(URL, {"token": _token(preview)}, follow=True)
    assert "no longer waiting" in response.content.decode()
    assert not LatestUpdatesPage.objects.exists()


def _without_ids(value):
    if isinstance(value, dict):
        return {k: None if k == "id" else _without_ids(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def test_the_admin_imports_what_the_command_previews(editor_client, section, run_import):
    """Same file, same code: the stored body is the command's dry-run body, block for block."""
    cli = json.loads(run_import(FIXTURES / "export-2018.xml", "--dry-run").out)
    preview = _upload(editor_client, section, "export-2018.xml")
    _confirm(editor_client, preview)
    stored = {
        p.title: p.body.stream_block.get_api_representation(p.body)
        for p in LatestUpdatesPage.objects.all()
    }
    assert len(stored) == len(cli) > 0
    for post in cli:
        body = json.loads(json.dumps(stored[post["title"]], default=str))
        # Block and person ids are given when saved, so a dry run has none yet.
        assert _without_ids(body) == _without_ids(post["body"])


@pytest.mark.parametrize(
    ("fixture", "problem"),
    [
        ("not-xml.xml", "not valid XML or truncated"),
        ("truncated.xml", "not valid XML or truncated"),
        ("not-blogger.xml", "not a Blogger export"),
        ("entity-bomb.xml", "unsafe XML refused"),
    ],
)
def test_bad_files_are_refused_on_the_file_field(
    editor_client, section, fixture, problem, _upload_dir
):
    response = _upload(editor_client, section, fixture)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert problem in errors["file"][0]
    # Named by the upload's own name, not where the server kept it.
    assert errors["file"][0].startswith(f"{fixture}:")
    assert str(_upload_dir) not in response.content.decode()
    assert not LatestUpdatesPage.objects.exists()
    assert not any(p.is_file() for p in _upload_dir.rglob("*"))


def test_an_empty_file_is_refused(editor_client, section):
    response = _upload(editor_client, section, "empty.txt")
    assert "The submitted file is empty" in response.context["form"].errors["file"][0]
    assert not LatestUpdatesPage.objects.exists()


def test_oversized_upload_names_the_limit(editor_client, section, settings):
    settings.IMPORT_ADMIN_MAX_UPLOAD_MB = 0
    response = _upload(editor_client, section, "harbour-post.txt")
    assert "the admin takes files up to 0 MB" in response.context["form"].errors["file"][0]
    assert "manage.py import_posts" in response.context["form"].errors["file"][0]


def test_submit_needs_an_owner_and_imported_quotes_wait_for_provenance(
    editor_client, editor, writer, section
):
    refused = _upload(editor_client, section, "harbour-post.txt", submit="on")
    assert "Choose an owner" in refused.context["form"].errors["owner"][0]
    preview = _upload(editor_client, section, "harbour-post.txt", submit="on", owner=writer.pk)
    assert "quote 1: provenance method to fill in" in preview.content.decode()
    _confirm(editor_client, preview)
    post = LatestUpdatesPage.objects.get()
    assert post.owner == writer
    # Its quote arrived without provenance, so it waits for the writer, not an editor.
    assert not post.workflow_in_progress and post.live is False


def test_provenance_is_shown_read_only_to_the_editor(editor_client, section):
    preview = _upload(editor_client, section, "classic-export.xml")
    _confirm(editor_client, preview)
    post = LatestUpdatesPage.objects.get(source_author="Someone Unknown")
    html = editor_client.get(f"/admin/pages/{post.pk}/edit/").content.decode()
    assert "Someone Unknown" in html
    assert 'name="source_author"' not in html  # shown, not editable


def test_a_long_file_is_previewed_in_part_and_imported_in_full(editor_client, section, monkeypatch):
    monkeypatch.setattr(import_views, "PREVIEW_POSTS", 1)
    preview = _upload(editor_client, section, "classic-export.xml")
    html = preview.content.decode()
    assert "the other 1 post are imported" in html
    assert html.count('data-outcome="created"') == 1
    assert "Import 2 posts as drafts" in html
    done = _confirm(editor_client, preview)
    assert LatestUpdatesPage.objects.count() == 2
    assert done.content.decode().count('data-outcome="created"') == 2


def test_a_job_that_cannot_run_says_why_and_writes_nothing(editor_client, section, _upload_dir):
    preview = _upload(editor_client, section, "harbour-post.txt")
    queued = editor_client.post(URL, {"token": _token(preview)})
    for path in _upload_dir.rglob("harbour-post.txt"):
        path.unlink()  # e.g. a server without the shared upload volume
    assert run_queue() == 1
    page = editor_client.get(queued["Location"]).content.decode()
    assert "Stopped by an error" in page and "no such file" in page
    assert ImportJob.objects.get().status == ImportJob.FAILED
    assert not LatestUpdatesPage.objects.exists()


def test_writers_cannot_open_an_import_job(client, writer, editor_client, section):
    preview = _upload(editor_client, section, "harbour-post.txt")
    queued = editor_client.post(URL, {"token": _token(preview)})
    client.force_login(writer)
    assert client.get(queued["Location"]).status_code == 302
    assert "Recent imports" in editor_client.get(URL).content.decode()


def test_submitting_in_the_name_of_an_owner_who_may_not_edit_is_refused_per_post(
    editor_client, section, django_user_model
):
    """The admin import submits through the same checks as the editorial API."""
    reader = django_user_model.objects.create_user("rita", "rita@example.com", "pass")
    preview = _upload(editor_client, section, "classic-export.xml", submit="on", owner=reader.pk)
    html = _confirm(editor_client, preview).content.decode()
    assert LatestUpdatesPage.objects.filter(owner=reader).count() == 2
    assert not any(post.workflow_in_progress for post in LatestUpdatesPage.objects.all())
    assert html.count("not submitted for review: You cannot edit this post.") == 2
    assert "Submitted for review: <strong>0</strong>, not submitted: <strong>2</strong>" in html
    job = ImportJob.objects.get()
    assert job.outcome["submitted"] == 0 and job.outcome["not_submitted"] == 2


def test_the_preview_and_the_job_list_what_each_post_leaves_to_fill_in(editor_client, section):
    # The harbour post's aid names no recipient and its quote says nothing of how it was
    # obtained: both are left empty, and the editor sees them in their own column.
    preview = _upload(editor_client, section, "harbour-post.txt")
    html = preview.content.decode()
    column = html[html.index('class="import-to-fill-in"') :]
    column = column[: column.index("</td>")]
    assert "<li>aid package 1: recipient to fill in</li>" in column
    assert "<li>quote 1: provenance method to fill in</li>" in column
    # Listed once, not again among the other checks.
    assert html.count("aid package 1: recipient to fill in") == 1
    job = _confirm(editor_client, preview).content.decode()
    assert "<li>aid package 1: recipient to fill in</li>" in job
    (block,) = [b for b in LatestUpdatesPage.objects.get().body if b.block_type == "aid_package"]
    assert block.value["recipient"] == ""
