"""Project-wide guarantees: migrations, settings from the environment, deploy checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from cms.settings import env

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    # Exits non-zero (SystemExit) when makemigrations would write anything.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


class TestEnv:
    def test_missing_required_variable_names_itself(self, monkeypatch):
        monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
        with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY is required"):
            env.get_str("DJANGO_SECRET_KEY")

    def test_defaults_apply_only_when_unset(self, monkeypatch):
        monkeypatch.delenv("CMS_TEST_FLAG", raising=False)
        assert env.get_bool("CMS_TEST_FLAG", False) is False
        monkeypatch.setenv("CMS_TEST_FLAG", "yes")
        assert env.get_bool("CMS_TEST_FLAG", False) is True

    def test_malformed_values_are_refused_with_the_variable_name(self, monkeypatch):
        monkeypatch.setenv("DJANGO_DEBUG", "maybe")
        with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG must be a boolean"):
            env.get_bool("DJANGO_DEBUG", False)
        monkeypatch.setenv("SECURE_HSTS_SECONDS", "a year")
        with pytest.raises(ImproperlyConfigured, match="SECURE_HSTS_SECONDS must be an integer"):
            env.get_int("SECURE_HSTS_SECONDS", 0)

    def test_numbers_are_finite(self, monkeypatch):
        monkeypatch.setenv("WEBHOOKS_RETRY_BASE_SECONDS", "1.5")
        assert env.get_float("WEBHOOKS_RETRY_BASE_SECONDS", 30) == 1.5
        for bad in ("soon", "nan", "inf"):
            monkeypatch.setenv("WEBHOOKS_RETRY_BASE_SECONDS", bad)
            with pytest.raises(ImproperlyConfigured, match="RETRY_BASE_SECONDS must be a number"):
                env.get_float("WEBHOOKS_RETRY_BASE_SECONDS", 30)

    def test_lists_are_comma_separated(self, monkeypatch):
        monkeypatch.setenv("ALLOWED_HOSTS", "news.example.com, cms.example.com,")
        assert env.get_list("ALLOWED_HOSTS") == ["news.example.com", "cms.example.com"]


def manage(*args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    # A clean deployment environment: no secrets, and none of the browser tests' test-only flags.
    unset = {"DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **environ},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_checks():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="news.example.com",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        ALLOWED_HOSTS="news.example.com",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr
