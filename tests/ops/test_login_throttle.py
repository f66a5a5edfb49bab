"""Admin sign-in is throttled per username and address (django-axes)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _throttling_on(settings):
    # On in every environment; said here so a relaxed test setting cannot hide a regression.
    settings.AXES_ENABLED = True


@pytest.fixture
def editor_account(django_user_model):
    return django_user_model.objects.create_user(
        "ed", "ed@example.com", "right-password", is_superuser=True
    )


def sign_in(client, password: str, username: str = "ed", address: str = "198.51.100.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, times: int, **kwargs) -> None:
    for _ in range(times):
        response = sign_in(client, "wrong", **kwargs)
        assert response.status_code == 200  # the form again, with its error


def test_five_failures_lock_the_account_with_a_clear_page(client, editor_account):
    fail(client, 4)
    fifth = sign_in(client, "wrong")
    assert fifth.status_code == 429
    assert "Too many failed sign-in attempts" in fifth.content.decode()
    # Locked: even the right password is refused, and no session is started.
    locked = sign_in(client, "right-password")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(client, editor_account, django_user_model):
    django_user_model.objects.create_user("wanda", "w@example.com", "pw-wanda", is_superuser=True)
    fail(client, 4)
    assert sign_in(client, "wrong").status_code == 429
    # Someone else at the same address, and the same editor elsewhere, sign in.
    assert sign_in(client, "pw-wanda", username="wanda").status_code == 302
    client.logout()
    assert sign_in(client, "right-password", address="203.0.113.5").status_code == 302


def test_a_success_resets_the_count(client, editor_account):
    fail(client, 4)
    assert sign_in(client, "right-password").status_code == 302
    client.logout()
    fail(client, 4)
    assert sign_in(client, "right-password").status_code == 302
