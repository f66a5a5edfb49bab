"""Draft preview: the admin's Preview hands a front end a token, and the token gets the draft.

The token must be signed, expire, die when the post is published or unpublished,
and come only from someone who may edit or review the post; every refusal is a
problem+json that names the parameter and carries none of the draft.
"""

from __future__ import annotations

import html
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.core import signing
from django.test import Client
from django.urls import reverse
from wagtail_headless_preview.models import PagePreview

from news.models import LatestUpdatesPage
from news.preview.tokens import SALT
from tests.editorial.flow import act, edit, submit
from tests.factories import ImageFactory, LatestUpdatesPageFactory, PersonFactory
from tests.helpers import publish
from tests.news.test_admin_create import post_form

pytestmark = pytest.mark.django_db

FRONT_END = "https://front.example.com/preview"
ENDPOINT = "/api/v2/page_preview/"
POST_TYPE = "news.latestupdatespage"
MARKER = "DRAFT-ONLY-7f3a9c"


@pytest.fixture
def front_end(settings):
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        "CLIENT_URLS": {"default": FRONT_END},
        "REDIRECT_ON_PREVIEW": False,
        "ENFORCE_TRAILING_SLASH": False,
    }
    return FRONT_END


@pytest.fixture
def reader():
    """The front end's server: no admin session, only the token it was handed."""
    return Client()


def draft_post(section, author, marker=MARKER) -> LatestUpdatesPage:
    """A never-published post saved by `author`, with `marker` in its title and body."""
    post = section.add_child(
        instance=LatestUpdatesPageFactory.build(
            title=f"Draft {marker}",
            owner=author,
            body=[("paragraph", f"<p>Only in the draft: {marker}</p>")],
        )
    )
    post.save_revision(user=author)
    return LatestUpdatesPage.objects.get(pk=post.pk)


def mint(post) -> str:
    """A token for the latest saved version, as the admin's Preview makes one."""
    latest = LatestUpdatesPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    return latest.create_page_preview().token


def preview_url(post) -> str:
    return reverse("wagtailadmin_pages:preview_on_edit", args=[post.pk])


def click_preview(client, url: str, form: dict) -> str:
    """What the admin does on Preview: post the form, then load the preview. Returns its HTML."""
    response = client.post(url, form)
    assert response.json() == {"is_valid": True, "is_available": True}
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def framed_token(page_html: str) -> str:
    """The token in the front-end URL the admin's preview frames."""
    match = re.search(r'<iframe src="([^"]+)"', page_html)
    assert match, page_html[:500]
    url = urlsplit(html.unescape(match[1]))
    assert f"{url.scheme}://{url.netloc}{url.path}" == FRONT_END
    query = parse_qs(url.query)
    assert query["content_type"] == [POST_TYPE]
    return query["token"][0]


def fetch(reader, token: str, content_type: str = POST_TYPE):
    return reader.get(ENDPOINT, {"content_type": content_type, "token": token})


def problem(response, status: int, parameter: str) -> dict:
    """Asserts a problem+json refusal whose detail begins with the parameter at fault."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response["Cache-Control"] == "private, no-store"
    assert MARKER not in response.content.decode()
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail"}
    assert body["status"] == status
    assert body["detail"].startswith(f"{parameter}:"), body["detail"]
    return body


# The admin's Preview, end to end


def test_writer_previews_unsaved_edits_on_the_front_end(client, reader, section, writer, front_end):
    post = draft_post(section, writer, marker="saved words")
    client.force_login(writer)
    form = post_form(
        person=PersonFactory(), image=ImageFactory(), paragraph=f"<p>Unsaved: {MARKER}</p>"
    )
    form.update(title=f"Headline {MARKER}", slug=post.slug)

    token = framed_token(click_preview(client, preview_url(post), form))
    response = fetch(reader, token)

    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "private, no-store"
    data = response.json()
    assert data["id"] == post.pk
    assert data["title"] == f"Headline {MARKER}"
    assert MARKER in data["body"][0]["value"]
    assert data["meta"]["type"] == "news.LatestUpdatesPage"
    assert data["meta"]["first_published_at"] is None
    # Previewing saved nothing: the post's own versions do not have the marker.
    saved = LatestUpdatesPage.objects.get(pk=post.pk)
    assert MARKER not in str(saved.get_latest_revision().content)


def test_preview_of_a_post_not_yet_saved(client, reader, section, writer, front_end):
    client.force_login(writer)
    form = post_form(person=PersonFactory(), image=ImageFactory(), paragraph=f"<p>{MARKER}</p>")
    url = reverse(
        "wagtailadmin_pages:preview_on_add", args=("news", "latestupdatespage", section.pk)
    )

    response = fetch(reader, framed_token(click_preview(client, url, form)))

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["id"] == 0, "no id yet; 0 keeps the shape"
    assert data["meta"]["detail_url"].endswith("/api/v2/pages/0/")
    assert data["meta"]["parent"]["id"] == section.pk
    assert data["title"] == "Allies meet in Brussels"
    assert sorted(data["tags"]) == ["NATO", "Ukraine"]
    assert MARKER in data["body"][0]["value"]
    assert not LatestUpdatesPage.objects.exists()


def test_reviewer_previews_from_the_review_screen(
    client, reader, section, writer, editor, front_end
):
    post = draft_post(section, writer)
    submit(post, writer)
    task = LatestUpdatesPage.objects.get(pk=post.pk).current_workflow_task
    client.force_login(editor)

    response = client.get(reverse("wagtailadmin_pages:workflow_preview", args=[post.pk, task.pk]))

    assert response.status_code == 200
    token = framed_token(response.content.decode())
    assert fetch(reader, token).json()["title"] == f"Draft {MARKER}"


def test_without_a_front_end_preview_shows_the_site_page(client, section, writer, settings):
    # HEADLESS_PREVIEW_CLIENT_URL unset, as under `make run`.
    settings.WAGTAIL_HEADLESS_PREVIEW = {**settings.WAGTAIL_HEADLESS_PREVIEW, "CLIENT_URLS": {}}
    post = draft_post(section, writer)
    client.force_login(writer)
    form = post_form(person=PersonFactory(), image=ImageFactory())
    form.update(title=f"Headline {MARKER}", slug=post.slug)

    page_html = click_preview(client, preview_url(post), form)

    assert f"Headline {MARKER}" in page_html
    assert "<iframe" not in page_html
    assert not PagePreview.objects.exists(), "no token is made when there is no front end"


# Who may make a token


def test_anonymous_visitors_cannot_make_a_token(client, section, writer, front_end):
    post = draft_post(section, writer)
    response = client.get(preview_url(post))
    assert response.status_code == 302 and "/login/" in response["Location"]
    # Nor by reaching the page's preview directly, with no admin user behind the request.
    response = LatestUpdatesPage.objects.get(pk=post.pk).make_preview_request()
    assert response.status_code == 403
    assert not PagePreview.objects.exists()


def test_admin_users_who_may_not_edit_the_post_cannot_make_a_token(
    client, section, writer, django_user_model, front_end
):
    post = draft_post(section, writer)
    outsider = django_user_model.objects.create_user(username="outsider", password="pass")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)

    response = client.get(preview_url(post))

    # Wagtail's answer to a permission error in the admin: back to the dashboard.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not PagePreview.objects.exists()


# The endpoint


def test_draft_comes_back_in_the_live_shape(reader, demo, writer, front_end):
    """Published, then edited: the preview and the live post differ only in the edits."""
    edited = LatestUpdatesPage.objects.get(pk=demo.pk).get_latest_revision_as_object()
    first = edited.body[0]
    edited.body[0] = ("paragraph", f"<p>{MARKER}</p>", first.id)
    edit(demo, writer, title=f"Edited {MARKER}", body=edited.body)

    live = reader.get(f"/api/v2/pages/{demo.pk}/").json()
    preview = fetch(reader, mint(demo)).json()

    assert MARKER not in str(live)
    assert preview["title"] == f"Edited {MARKER}"
    assert MARKER in preview["body"][0]["value"]
    assert preview.keys() == live.keys()
    assert preview["id"] == live["id"]
    assert preview["meta"] == live["meta"]
    assert [(b["type"], b["id"]) for b in preview["body"]] == [
        (b["type"], b["id"]) for b in live["body"]
    ]
    # Every block but the edited paragraph is exactly what the live post serves.
    assert preview["body"][1:] == live["body"][1:]
    for name in ("standfirst", "dateline", "tags", "lead_image", "source_url"):
        assert preview[name] == live[name], name


def test_fields_parameter_works_as_on_the_live_detail(reader, section, writer, front_end):
    token = mint(draft_post(section, writer))
    data = fetch(reader, token).json()
    response = reader.get(ENDPOINT, {"content_type": POST_TYPE, "token": token, "fields": "-body"})
    assert response.status_code == 200
    assert "body" not in response.json() and response.json()["title"] == data["title"]


def test_bad_fields_parameter_is_a_problem(reader, section, writer, front_end):
    token = mint(draft_post(section, writer))
    response = reader.get(ENDPOINT, {"content_type": POST_TYPE, "token": token, "fields": "nope"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    # Wagtail's own wording, as /api/v2/pages/<id>/?fields=nope gives it.
    assert response.json()["detail"] == "unknown fields: nope"
    assert MARKER not in response.content.decode()


def forged(token: str) -> str:
    """The same token claiming another post: the signature no longer matches."""
    payload, timestamp, signature = token.split(":")
    data = signing.b64_decode(payload.encode())
    other = data.replace(b'"page":', b'"page":1')
    return f"{signing.b64_encode(other).decode()}:{timestamp}:{signature}"


@pytest.mark.parametrize(
    ("query", "status", "parameter"),
    [
        ({}, 400, "content_type"),
        ({"token": "TOKEN"}, 400, "content_type"),
        ({"content_type": POST_TYPE}, 400, "token"),
        ({"content_type": POST_TYPE, "token": ""}, 400, "token"),
        ({"content_type": "news.nosuchpage", "token": "TOKEN"}, 400, "content_type"),
        ({"content_type": "nonsense", "token": "TOKEN"}, 400, "content_type"),
        ({"content_type": "auth.user", "token": "TOKEN"}, 400, "content_type"),
        # A real token, asked for as another page type.
        ({"content_type": "news.newsindexpage", "token": "TOKEN"}, 400, "content_type"),
        ({"content_type": "home.homepage", "token": "TOKEN"}, 400, "content_type"),
        ({"content_type": POST_TYPE, "token": "not-a-token"}, 401, "token"),
        ({"content_type": POST_TYPE, "token": "a:b:c"}, 401, "token"),
        ({"content_type": POST_TYPE, "token": "FORGED"}, 401, "token"),
        ({"content_type": POST_TYPE, "token": "OTHER-SALT"}, 401, "token"),
        ({"content_type": POST_TYPE, "token": "TOKEN\u00e9"}, 401, "token"),
    ],
)
def test_bad_requests_get_a_problem_and_no_content(
    reader, section, writer, front_end, query, status, parameter
):
    post = draft_post(section, writer)
    token = mint(post)
    substitutes = {
        "TOKEN": token,
        "FORGED": forged(token),
        # Signed with our key but another salt, e.g. the library's own token format.
        "OTHER-SALT": signing.TimestampSigner(salt="headlesspreview.token").sign(f"id={post.pk}"),
    }
    query = {
        name: substitutes.get(value, value.replace("TOKEN", token)) for name, value in query.items()
    }
    problem(reader.get(ENDPOINT, query), status, parameter)


def test_only_get(reader, section, writer, front_end):
    token = mint(draft_post(section, writer))
    response = reader.post(f"{ENDPOINT}?content_type={POST_TYPE}&token={token}")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert MARKER not in response.content.decode()


def later(monkeypatch, seconds: int) -> None:
    """Move the signing clock on, as if the front end used the token `seconds` from now."""
    real = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real() + seconds)


def test_token_works_for_an_hour_by_default(reader, section, writer, front_end, monkeypatch):
    token = mint(draft_post(section, writer))
    later(monkeypatch, 3590)
    assert fetch(reader, token).status_code == 200
    later(monkeypatch, 3601)
    body = problem(fetch(reader, token), 401, "token")
    assert "expired" in body["detail"]


def test_token_lifetime_is_configurable(reader, section, writer, front_end, settings, monkeypatch):
    settings.HEADLESS_PREVIEW_TOKEN_MAX_AGE = 60
    token = mint(draft_post(section, writer))
    assert fetch(reader, token).status_code == 200
    later(monkeypatch, 61)
    problem(fetch(reader, token), 401, "token")


def test_token_stops_working_once_the_post_is_published(reader, section, writer, editor, front_end):
    post = draft_post(section, writer)
    token = mint(post)
    assert fetch(reader, token).status_code == 200

    submit(post, writer)
    act(post, editor, "approve")

    assert LatestUpdatesPage.objects.get(pk=post.pk).live
    body = problem(fetch(reader, token), 401, "token")
    assert "published" in body["detail"]


def test_token_made_before_publish_and_unpublish_stays_dead(reader, section, writer, front_end):
    post = draft_post(section, writer)
    token = mint(post)
    publish(post)
    LatestUpdatesPage.objects.get(pk=post.pk).unpublish()
    problem(fetch(reader, token), 401, "token")


def test_token_for_a_live_post_stops_working_when_it_is_unpublished(
    reader, section, writer, front_end
):
    post = publish(draft_post(section, writer, marker="first words"))
    edit(post, writer, title=f"Second thoughts {MARKER}")
    token = mint(post)
    assert fetch(reader, token).json()["title"] == f"Second thoughts {MARKER}"

    LatestUpdatesPage.objects.get(pk=post.pk).unpublish()

    problem(fetch(reader, token), 401, "token")


def test_saving_another_draft_keeps_the_token(reader, section, writer, front_end):
    """Wagtail autosaves drafts as the writer types; the preview must not break each time."""
    post = draft_post(section, writer)
    token = mint(post)
    edit(post, writer, title="Autosaved")
    assert fetch(reader, token).json()["title"] == f"Draft {MARKER}"


def test_token_for_a_deleted_post(reader, section, writer, front_end):
    post = draft_post(section, writer)
    token = mint(post)
    LatestUpdatesPage.objects.get(pk=post.pk).delete()
    problem(fetch(reader, token), 404, "token")


def test_token_whose_preview_was_cleared_away(reader, section, writer, front_end):
    token = mint(draft_post(section, writer))
    PagePreview.objects.all().delete()
    problem(fetch(reader, token), 404, "token")


def test_two_previews_in_the_same_second_get_their_own_tokens(section, writer, front_end):
    post = draft_post(section, writer)
    assert mint(post) != mint(post)
    assert PagePreview.objects.count() == 2


def test_token_is_signed_with_our_salt(section, writer, front_end):
    token = mint(draft_post(section, writer))
    payload = signing.TimestampSigner(salt=SALT).unsign_object(token)
    assert set(payload) == {"page", "state", "nonce"}
