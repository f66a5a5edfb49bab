"""Production security settings, response headers and the Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
import importlib
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# What a deployment must set (docs/operations.md, "Security settings").
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "news.example.com",
}
SECURITY_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
]


def clean_environment() -> dict[str, str]:
    # SQLite and local memory whatever the caller's shell points at.
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    return {**env, **PRODUCTION_ENV}


@pytest.fixture
def production_security(settings, monkeypatch):
    """The test settings with production.py's security settings applied."""
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    for name in ("DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    module = importlib.reload(importlib.import_module("cms.settings.production"))
    for name in SECURITY_SETTINGS:
        setattr(settings, name, getattr(module, name))
    return module


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_check_deploy_is_clean_with_the_documented_environment():
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = clean_environment()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def assert_security_headers(response) -> None:
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Content-Security-Policy" in response


def test_public_page_carries_the_security_headers(client, site_tree, production_security):
    response = client.get("/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_api_response_carries_the_security_headers(client, site_tree, production_security):
    for _ in range(2):  # built, then answered from the API response cache
        response = client.get("/api/v2/pages/", secure=True)
        assert response.status_code == 200
        assert_security_headers(response)


def test_plain_http_is_redirected_except_for_probes(client, site_tree, production_security):
    redirect = client.get("/")
    assert redirect.status_code == 301
    assert redirect["Location"].startswith("https://")
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_public_site_policy_allows_no_inline_script(client, site_tree):
    response = client.get(site_tree.section.url)
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert_no_inline_executable_script(response.content.decode())


def assert_no_inline_executable_script(html: str) -> None:
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        is_data = re.search(r'type="application/(ld\+)?json"', attrs)
        assert is_data or ("src=" in attrs and not body.strip()), attrs


def test_api_docs_load_only_same_origin_assets(client):
    response = client.get("/api/v3/docs/")
    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    html = response.content.decode()
    assert_no_inline_executable_script(html)
    # Swagger UI from our static files (ninja is installed), not from a CDN.
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui-bundle.js" in url for url in assets)
    for url in assets:
        assert url.startswith("/static/"), url
        assert client.get(url).status_code == 200, url


def test_error_page_inline_style_is_allowed_by_its_hash():
    template = (ROOT / "templates" / "500.html").read_text()
    style = re.search(r"<style>(.*?)</style>", template, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    style_src = django_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]
    assert f"'sha256-{digest}'" in style_src, "update the 500.html hash in cms/settings/base.py"


def test_admin_is_left_out_of_the_policy(client, site_tree, django_user_model):
    login = client.get("/admin/login/")
    assert login.status_code == 200
    assert "Content-Security-Policy" not in login
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pass")
    client.force_login(admin)
    edit = client.get(f"/admin/pages/{site_tree.section.pk}/edit/")
    assert edit.status_code == 200
    assert "Content-Security-Policy" not in edit
