"""The client refuses what it must (server-side request forgery) and connects where it checked.

No test here sends anything beyond 127.0.0.1: refused addresses are refused
before any connection is attempted.
"""

from __future__ import annotations

import socket

import pytest

from cms.webhooks import client


@pytest.fixture
def guarded(settings):
    """Production's rule: no loopback, private, link-local or metadata targets."""
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.1.1", "a private address"),
        ("fd12:3456::1", "a private address"),
        ("169.254.169.254", "a cloud metadata address"),
        ("fd00:ec2::254", "a cloud metadata address"),
        ("169.254.1.1", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),  # noqa: S104 - the address under test
        ("100.64.0.1", "not a public address"),
        ("::ffff:127.0.0.1", "a loopback address"),
    ],
)
def test_forbidden_addresses(address, reason):
    assert client.forbidden_reason(address) == reason


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::6810:84e5", "8.8.8.8"])
def test_public_addresses_are_allowed(address):
    assert client.forbidden_reason(address) is None


def test_private_targets_are_refused_before_connecting(guarded, receiver):
    for url in (receiver.url(), f"http://localhost:{receiver.port}/hook"):
        answer = client.post(url, b"{}", {})
        assert answer.status is None
        assert answer.error.startswith("Not sent: ")
        assert "a loopback address" in answer.error
        assert "WEBHOOKS_ALLOW_PRIVATE_TARGETS=true" in answer.error
    assert receiver.requests == []


def test_metadata_and_private_urls_are_refused(guarded):
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "https://10.0.0.5/hook",
        "http://[::1]:8080/",
    ):
        answer = client.post(url, b"{}", {})
        assert answer.status is None and answer.error.startswith("Not sent: "), url
        with pytest.raises(client.Refused):
            client.validate_url(url)


def test_the_setting_allows_private_targets(settings, receiver):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    assert client.post(receiver.url(), b"{}", {}).ok
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = None  # unset: follows DEBUG
    settings.DEBUG = False
    assert not client.private_targets_allowed()
    settings.DEBUG = True
    assert client.private_targets_allowed()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://hooks.example.com/", "Enter a URL starting with http:// or https://."),
        ("file:///etc/passwd", "Enter a URL starting with http:// or https://."),
        ("hooks.example.com/cms", "Enter a URL starting with http:// or https://."),
        ("https:///cms", "Enter a URL with a host name"),
        ("https://user:pw@hooks.example.com/", "Leave user names and passwords out of the URL"),
        ("https://hooks.example.com:99999/", "Enter a valid URL"),
        ("https://hooks.example.com/a b", "Enter a URL without spaces."),
    ],
)
def test_malformed_urls_are_refused_with_a_reason(url, message):
    with pytest.raises(client.Refused, match=message.replace(".", r"\.").replace("?", r"\?")):
        client.validate_url(url)


def test_it_connects_to_the_address_it_checked_with_the_right_host_header(
    settings, receiver, monkeypatch
):
    """A name is resolved once; the connection goes to that address (no second lookup)."""
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    real_getaddrinfo = socket.getaddrinfo
    lookups = []

    def rebinding_dns(host, *args, **kwargs):
        lookups.append(host)
        if host == "hooks.test":
            # First answer: the receiver. Any later lookup would get somewhere else.
            target = "127.0.0.1" if len(lookups) == 1 else "127.0.0.2"
            return real_getaddrinfo(target, *args, **kwargs)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    answer = client.post(f"http://hooks.test:{receiver.port}/hook?x=1", b"{}", {})
    assert answer.ok, answer.error
    # The name was looked up once; the connection used the address (a literal) from then on.
    assert lookups == ["hooks.test", "127.0.0.1"]
    [request] = receiver.requests
    assert request.headers["host"] == f"hooks.test:{receiver.port}"
    assert request.path == "/hook?x=1"


def test_an_unreachable_receiver_is_an_error_not_an_exception(settings, receiver):
    port = receiver.port
    receiver.stop()
    answer = client.post(f"http://127.0.0.1:{port}/hook", b"{}", {})
    assert answer.status is None
    assert answer.error == "Connection refused."
