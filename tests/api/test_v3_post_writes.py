"""Newsroom tools write drafts over API v3 with the fields writers use, through the admin form."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from news.models import LatestUpdatesPage, Person

pytestmark = pytest.mark.django_db

PAGES = "/api/v3/pages/"


def _post(client: Client, url: str, data: dict, headers: dict):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def _patch(client: Client, url: str, data: dict, headers: dict):
    return client.patch(url, json.dumps(data), content_type="application/json", **headers)


def _body(person_id: int) -> list[dict]:
    return [
        {"type": "paragraph", "value": "<p>Ministers met in <b>Brussels</b>.</p>"},
        {
            "type": "quote",
            "value": {
                "text": "We will stand with Ukraine.",
                "speaker": person_id,
                "attribution": "",
                "context": "",
                "said_on": "2024-12-03",
                "source_url": "",
            },
        },
        {
            "type": "key_developments",
            "value": {
                "heading": "Key Developments",
                "items": [{"label": "Military Aid", "text": "Deliveries continue."}],
            },
        },
    ]


@pytest.fixture
def speaker(db) -> Person:
    return Person.objects.create(name="Antony Blinken", role="US Secretary of State")


@pytest.fixture
def new_post(section) -> Callable[..., dict]:
    """A create request for a post in the section: these defaults, then the fields given."""

    def payload(title: str, **fields) -> dict:
        return {
            "meta": {"type": "news.LatestUpdatesPage", "parent_id": section.pk},
            "title": title,
            "standfirst": "A standfirst.",
            "dateline": "2024-12-03",
            **fields,
        }

    return payload


def test_a_writer_creates_a_draft_with_typed_blocks(client, writer, new_post, token_for, speaker):
    payload = new_post(
        "Allies meet in Brussels",
        standfirst="Foreign ministers gather to discuss support.",
        tags=["NATO", "Ukraine"],
        body=_body(speaker.pk),
    )
    response = _post(client, PAGES, payload, token_for(writer))
    assert response.status_code == 201, response.content
    post = LatestUpdatesPage.objects.get(title="Allies meet in Brussels")
    assert post.live is False and post.owner == writer
    assert sorted(t.name for t in post.tags.all()) == ["NATO", "Ukraine"]
    assert [b.block_type for b in post.body] == ["paragraph", "quote", "key_developments"]
    assert post.body[1].value["speaker"] == speaker
    # Read back in the delivery shape: the speaker expanded, as the admin would show it.
    data = client.get(f"{PAGES}{post.pk}/", **token_for(writer)).json()
    assert data["body"][1]["value"]["speaker"]["name"] == "Antony Blinken"


def test_a_patch_replaces_the_body_it_is_sent(client, writer, new_post, token_for, speaker):
    headers = token_for(writer)
    payload = new_post("Draft to edit", standfirst="First version.", body=_body(speaker.pk))
    created = _post(client, PAGES, payload, headers)
    page_id = created.json()["id"]
    new_body = [{"type": "paragraph", "value": "<p>Second version only.</p>"}]
    response = _patch(client, f"{PAGES}{page_id}/", {"body": new_body}, headers)
    assert response.status_code == 200, response.content
    draft = LatestUpdatesPage.objects.get(pk=page_id).get_latest_revision_as_object()
    assert [b.block_type for b in draft.body] == ["paragraph"]
    assert "Second version only." in str(draft.body[0].value)
    assert draft.standfirst == "First version."  # not mentioned, so left alone


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"dateline": "yesterday"}, "dateline"),
        ({"standfirst": "x" * 401}, "standfirst"),
        ({"body": [{"type": "no_such_block", "value": {}}]}, "body"),
    ],
)
def test_bad_fields_are_refused_by_name_and_write_nothing(
    client, writer, new_post, token_for, change, field
):
    payload = new_post("Refused", **{"body": [], **change})
    response = _post(client, PAGES, payload, token_for(writer))
    assert response.status_code in (400, 422), response.content
    assert field in response.content.decode()
    assert not LatestUpdatesPage.objects.filter(title="Refused").exists()


def test_a_missing_dateline_is_a_clear_error_not_a_crash(client, writer, new_post, token_for):
    payload = new_post("No dateline")
    del payload["dateline"]
    response = _post(client, PAGES, payload, token_for(writer))
    assert response.status_code in (400, 422), response.content
    assert "dateline" in response.content.decode()


def test_script_in_a_paragraph_never_reaches_the_stored_body(client, writer, new_post, token_for):
    hostile = (
        '<p>Hi<script>alert(1)</script><a href="javascript:alert(2)">x</a>'
        '<img src=x onerror="alert(3)"></p>'
    )
    payload = new_post(
        "Hostile paragraph", standfirst="Plain.", body=[{"type": "paragraph", "value": hostile}]
    )
    response = _post(client, PAGES, payload, token_for(writer))
    assert response.status_code == 201, response.content
    stored = str(LatestUpdatesPage.objects.get(title="Hostile paragraph").body[0].value)
    assert "<script" not in stored and "javascript:" not in stored and "onerror" not in stored


@pytest.mark.parametrize("page_id", ["%02", "abc", "1e3", "%C2%B2"])
def test_a_write_to_a_page_id_that_is_not_a_number_is_a_404(client, editor, token_for, page_id):
    response = client.patch(
        f"{PAGES}{page_id}/", "{}", content_type="application/json", **token_for(editor)
    )
    assert response.status_code == 404
