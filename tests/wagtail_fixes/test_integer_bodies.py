"""`true`/`false` where a v3 body takes a whole number is a 422, not 1 or 0
(cms/wagtail_fixes/request_bodies.py; schemathesis found the image case)."""

from __future__ import annotations

import json

import pytest

from cms.wagtail_fixes.request_bodies import integer_fields
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_headers(django_user_model, token_for):
    admin = django_user_model.objects.create_superuser("ada", "ada@example.com", "pw")
    return token_for(admin)


def _patch(client, url, body, headers):
    return client.patch(url, json.dumps(body), content_type="application/json", **headers)


def test_a_boolean_focal_point_is_refused_and_the_image_unchanged(client, admin_headers):
    image = ImageFactory(focal_point_width=40)
    answer = _patch(
        client, f"/api/v3/images/{image.pk}/", {"focal_point_width": False}, admin_headers
    )
    assert answer.status_code == 422
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["errors"][0]["loc"] == ["body", "focal_point_width"]
    image.refresh_from_db()
    assert image.focal_point_width == 40


def test_a_whole_number_is_still_taken(client, admin_headers):
    image = ImageFactory(focal_point_width=40)
    answer = _patch(
        client,
        f"/api/v3/images/{image.pk}/",
        {"focal_point_x": 10, "focal_point_y": 10, "focal_point_width": 0, "focal_point_height": 0},
        admin_headers,
    )
    assert answer.status_code == 200, answer.content
    image.refresh_from_db()
    assert image.focal_point_width == 0


def test_the_integer_fields_come_from_the_document_for_every_route():
    assert "focal_point_width" in integer_fields("PATCH", "/api/v3/images/7/")
    assert "port" in integer_fields("POST", "/api/v3/sites/")
    assert "post" in integer_fields("POST", "/api/v3/editorial/updates/")
    assert integer_fields("GET", "/api/v3/images/7/") == frozenset()
