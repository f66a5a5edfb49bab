"""Browser front ends on the listed origins may call the APIs; other origins may not."""

import pytest

pytestmark = pytest.mark.django_db
FRONT_END = "https://news.example.com"


@pytest.fixture(autouse=True)
def allowed_origin(settings):
    settings.CORS_ALLOWED_ORIGINS = [FRONT_END]


def test_listed_origin_may_read_the_api(client, site_tree):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN=FRONT_END)
    assert response["Access-Control-Allow-Origin"] == FRONT_END


def test_preflight_allows_bearer_tokens(client, site_tree):
    response = client.options(
        "/api/v3/editorial/queue/",
        HTTP_ORIGIN=FRONT_END,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert response.status_code == 200
    assert "authorization" in response["Access-Control-Allow-Headers"]


def test_other_origins_and_the_admin_get_no_cors_headers(client, site_tree):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in response
    response = client.get("/admin/login/", HTTP_ORIGIN=FRONT_END)
    assert "Access-Control-Allow-Origin" not in response
