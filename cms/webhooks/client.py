"""The HTTP client webhooks are sent with, guarded against misuse.

Anyone who can register an endpoint chooses where the server sends requests,
so the client is deliberately narrow:

- http and https only, no user names or passwords in the URL;
- server-side request forgery: unless WEBHOOKS_ALLOW_PRIVATE_TARGETS is on
  (it is off in production), the host is resolved and refused if any of its
  addresses is loopback, private, link-local, shared, reserved, multicast,
  unspecified or a cloud metadata address. The connection then goes to the
  address that was checked, not to a second lookup of the name, so a DNS answer
  that changes in between (DNS rebinding) cannot redirect it; the Host header
  and the TLS server name and certificate check still use the host name;
- WEBHOOKS_CONNECT_TIMEOUT and WEBHOOKS_READ_TIMEOUT (5 s each) bound every
  connect and every read;
- redirects are never followed: a 3xx is a failed attempt, recorded with its
  status and Location, because following it would send the signed body to an
  address nobody vetted;
- at most WEBHOOKS_MAX_RESPONSE_BYTES of the answer are read.

Only the standard library is used (http.client), so no dependency can quietly
add redirects, proxies from the environment or connection pooling.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from django.conf import settings

# Cloud metadata services answer on these; some sit outside the ranges below.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200")
)
USER_AGENT = "newsroom-cms-webhooks/1.0"
MAX_ADDRESSES_TRIED = 3


class Refused(Exception):
    """A URL the server will not send to; the message says why, for an editor."""


@dataclass(frozen=True)
class Response:
    """What came of one attempt: a status (if a response arrived), its first bytes, an error."""

    status: int | None
    body: bytes = b""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def private_targets_allowed() -> bool:
    allowed = settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS
    # Unset: allowed while DEBUG is on (make run), never in production.py.
    return settings.DEBUG if allowed is None else bool(allowed)


def forbidden_reason(address: str) -> str | None:
    """Why `address` may not be a webhook target, or None if it is a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    for test, reason in (
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
    ):
        if test:
            return reason
    if not ip.is_global:  # shared (100.64.0.0/10), documentation ranges and the like
        return "not a public address"
    return None


def split_url(url: str) -> SplitResult:
    """Check the URL's form (no network); raise Refused with a message for the editor."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port  # raises ValueError for a port out of range or not a number
    except ValueError as exc:
        raise Refused(f"Enter a valid URL ({exc}).") from None
    if parts.scheme not in ("http", "https"):
        raise Refused("Enter a URL starting with http:// or https://.")
    if not parts.hostname:
        raise Refused("Enter a URL with a host name, e.g. https://hooks.example.com/cms.")
    if parts.username is not None or parts.password is not None:
        raise Refused(
            "Leave user names and passwords out of the URL: receivers check the "
            "X-CMS-Signature header instead."
        )
    if port == 0:
        raise Refused("Enter a URL with a valid port.")
    if any(ch.isspace() for ch in url.strip()):
        raise Refused("Enter a URL without spaces.")
    return parts


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise LookupError(f"cannot resolve {host}: {exc}") from None
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in addresses:
            addresses.append(address)
    return addresses


def check_addresses(host: str, addresses: list[str]) -> None:
    if private_targets_allowed():
        return
    for address in addresses:
        if reason := forbidden_reason(address):
            shown = host if host == address else f"{host} ({address})"
            raise Refused(
                f"{shown} is {reason}: webhooks are not sent to loopback, private, "
                "link-local or metadata addresses (set WEBHOOKS_ALLOW_PRIVATE_TARGETS=true "
                "to allow them)."
            )


def validate_url(url: str) -> str:
    """For the admin form and the CLI: the cleaned URL, or Refused with a reason.

    A name that does not resolve yet is accepted (DNS may come later); it is
    checked again before every attempt.
    """
    parts = split_url(url)
    if not private_targets_allowed():
        try:
            addresses = _resolve(parts.hostname, parts.port or 443)
        except LookupError:
            addresses = []
        check_addresses(parts.hostname, addresses)
    return url.strip()


def _default_port(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


def post(url: str, body: bytes, headers: dict[str, str]) -> Response:
    """POST `body` to `url` once. Never raises for network trouble: see Response.error."""
    try:
        parts = split_url(url)
        port = _default_port(parts)
        addresses = _resolve(parts.hostname, port)
        check_addresses(parts.hostname, addresses)
    except (Refused, LookupError) as exc:
        return Response(status=None, error=f"Not sent: {exc}")

    connect_timeout = float(settings.WEBHOOKS_CONNECT_TIMEOUT)
    read_timeout = float(settings.WEBHOOKS_READ_TIMEOUT)
    phase = "connect"

    def connect_to_checked_address(_address, _timeout=None, source_address=None):
        # http.client would resolve the name again: connect to the addresses checked
        # above instead (a few, in order, as a browser would for "localhost").
        nonlocal phase
        error: OSError | None = None
        for address in addresses[:MAX_ADDRESSES_TRIED]:
            try:
                sock = socket.create_connection((address, port), connect_timeout, source_address)
            except OSError as exc:
                error = exc
                continue
            sock.settimeout(read_timeout)
            phase = "read"
            return sock
        raise error or OSError(f"no address to connect to for {parts.hostname}")

    if parts.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname, port, timeout=read_timeout, context=ssl.create_default_context()
        )
    else:
        conn = http.client.HTTPConnection(parts.hostname, port, timeout=read_timeout)
    conn._create_connection = connect_to_checked_address  # type: ignore[attr-defined]

    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    max_bytes = int(settings.WEBHOOKS_MAX_RESPONSE_BYTES)
    try:
        conn.request("POST", path, body=body, headers={"User-Agent": USER_AGENT, **headers})
        answer = conn.getresponse()
        # amt caps the read whatever Content-Length claims; the rest is never read.
        data = answer.read(max_bytes)
        status = answer.status
        location = answer.getheader("Location", "")
    except TimeoutError:
        limit = connect_timeout if phase == "connect" else read_timeout
        return Response(status=None, error=f"Timed out ({phase}) after {limit:g} s.")
    except ssl.SSLError as exc:
        return Response(status=None, error=f"TLS error: {exc}")
    except ConnectionRefusedError:
        return Response(status=None, error="Connection refused.")
    except (http.client.HTTPException, OSError) as exc:
        return Response(status=None, error=f"{type(exc).__name__}: {exc}")
    finally:
        conn.close()

    if 300 <= status < 400:
        return Response(
            status=status, body=data, error=f"Redirect to {location or '?'} not followed."
        )
    if not 200 <= status < 300:
        excerpt = data[:300].decode("utf-8", "replace").strip()
        return Response(status=status, body=data, error=f"HTTP {status}: {excerpt}".rstrip(": "))
    return Response(status=status, body=data)
