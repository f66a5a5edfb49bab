"""docs/webhooks.md's receiver code, run as written against real signed deliveries:
the Standard Webhooks library examples (Python, and JavaScript with Node.js) and the
X-CMS-Signature functions."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from cms.webhooks import client, encryption, signing

DOCS = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def doc_block(language: str, defining: str) -> str:
    """The fenced `language` block in docs/webhooks.md that defines `defining`."""
    for block in re.findall(rf"```{language}\n(.*?)```", DOCS.read_text(), re.S):
        if defining in block:
            return block
    raise AssertionError(f"no {language} block defining {defining} in {DOCS}")


@pytest.fixture
def delivered(receiver):
    """A request as a receiver gets it: raw body and signature header, signed with `secret`."""
    secret = signing.new_secret()
    body = json.dumps({"id": "d1", "event": "post.published", "page": {"title": "Café"}}).encode()
    headers = {"X-CMS-Signature": signing.signature_header(secret, body)}
    assert client.post(receiver.url(), body, headers).ok
    [request] = receiver.requests
    return secret, request.headers["x-cms-signature"], request.body


def test_the_python_example_verifies_and_refuses(delivered):
    namespace: dict = {}
    exec(doc_block("python", "def verify_signature"), namespace)  # noqa: S102 - our own docs
    verify = namespace["verify_signature"]
    secret, header, body = delivered
    t = int(header.split(",")[0][2:])

    assert verify(secret, header, body)
    assert not verify("wrong-secret", header, body)
    assert not verify(secret, header, body + b" ")
    assert not verify(secret, header, body, now=t + 301), "a replay after five minutes"
    assert verify(secret, header, body, now=t + 299)
    assert not verify(secret, "v1=" + header.split("v1=")[1], body), "no timestamp"
    assert not verify(secret, "", body)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_javascript_example_verifies_and_refuses(delivered, tmp_path):
    secret, header, body = delivered
    t = int(header.split(",")[0][2:])
    script = tmp_path / "verify.js"
    script.write_text(
        doc_block("js", "function verifySignature")
        + """
const [secret, header, bodyHex, now] = process.argv.slice(2);
const body = Buffer.from(bodyHex, "hex");
const at = Number(now);
console.log(JSON.stringify([
  verifySignature(secret, header, body),
  verifySignature("wrong-secret", header, body),
  verifySignature(secret, header, Buffer.concat([body, Buffer.from(" ")])),
  verifySignature(secret, header, body, at + 301),
  verifySignature(secret, header, body, at + 299),
  verifySignature(secret, "", body),
]));
"""
    )
    result = subprocess.run(  # noqa: S603 - node running our own docs' example
        [shutil.which("node"), str(script), secret, header, body.hex(), str(t)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [True, False, False, False, True, False]
    assert abs(time.time() - t) < 60


# Standard Webhooks: the library examples, with a real delivery of a published post.

RECEIVER_JS = Path(__file__).resolve().parent / "js"
SENT_HEADERS = ("content-type", "webhook-id", "webhook-timestamp", "webhook-signature")


@pytest.fixture
def standard_delivery(section, receiver, django_capture_on_commit_callbacks):
    """Publish a post to a fresh endpoint; the request the receiver got, and the secret."""
    from tests.factories import LatestUpdatesPageFactory
    from tests.helpers import publish
    from tests.webhooks.conftest import make_endpoint, run_queue

    def go(secret: str | None = None):
        endpoint, made = make_endpoint(receiver.url(), names=["post.published"])
        if secret is not None:  # an endpoint made before whsec_ secrets
            endpoint.secret_encrypted = encryption.encrypt(secret)
            endpoint.save()
        with django_capture_on_commit_callbacks(execute=True):
            publish(LatestUpdatesPageFactory(parent=section, title="Café talks resume"))
        run_queue()
        return secret or made, receiver.requests[-1]

    return go


def test_the_python_library_example_accepts_a_delivery_and_refuses_a_forgery(
    standard_delivery, settings, rf
):
    secret, request = standard_delivery()
    settings.CMS_WEBHOOK_SECRET = secret
    handled: set[str] = set()
    queued: list[dict] = []
    namespace: dict = {"already_handled": handled.__contains__, "enqueue": queued.append}
    exec(doc_block("python", "from standardwebhooks import Webhook"), namespace)  # noqa: S102
    view = namespace["cms_webhook"]

    def post(body: bytes, **changed: str):
        headers = {name: request.headers[name] for name in SENT_HEADERS[1:]} | changed
        return view(rf.post("/cms", body, content_type="application/json", headers=headers))

    assert post(request.body).status_code == 204
    assert queued == [request.json]
    handled.add(request.headers["webhook-id"])
    assert post(request.body).status_code == 200, "a retry of a handled delivery"
    assert post(request.body.replace(b"talks", b"tanks")).status_code == 401
    stale = str(int(request.headers["webhook-timestamp"]) - 600)
    assert post(request.body, **{"webhook-timestamp": stale}).status_code == 401
    assert len(queued) == 1


NODE_DRIVER = """
const [secret, headersJson, bodyHex] = process.argv.slice(2);
process.env.CMS_WEBHOOK_SECRET = secret;
const handled = new Set();
const queued = [];
globalThis.alreadyHandled = async (id) => handled.has(id);
globalThis.enqueue = async (event) => queued.push(event);
const { POST } = await import("./app/cms-webhook/route.js");
const headers = JSON.parse(headersJson);
const body = Buffer.from(bodyHex, "hex");
const send = (payload, changed = {}) =>
  POST(new Request("http://localhost/cms-webhook", {
    method: "POST", headers: { ...headers, ...changed }, body: payload,
  })).then((response) => response.status);
const statuses = [await send(body)];
handled.add(headers["webhook-id"]);
statuses.push(await send(body));
statuses.push(await send(Buffer.concat([body, Buffer.from(" ")])));
const stale = String(Number(headers["webhook-timestamp"]) - 600);
statuses.push(await send(body, { "webhook-timestamp": stale }));
console.log(JSON.stringify({ statuses, queued }));
"""

NODE_RAW_SECRET = """
import { Webhook } from "standardwebhooks";
const [secret, headersJson, bodyHex] = process.argv.slice(2);
const headers = JSON.parse(headersJson);
const body = Buffer.from(bodyHex, "hex").toString();
const results = [];
// As raw bytes, then read as base64 (which may not even decode: that counts as refused).
for (const options of [{ format: "raw" }, undefined]) {
  try {
    new Webhook(secret, options).verify(body, headers);
    results.push(true);
  } catch {
    results.push(false);
  }
}
console.log(JSON.stringify(results));
"""


def run_node(tmp_path: Path, script: str, secret: str, request) -> dict | list:
    """Run `script` as an ES module beside the npm packages, given the delivery received."""
    (tmp_path / "node_modules").symlink_to(RECEIVER_JS / "node_modules")
    (tmp_path / "package.json").write_text('{"type": "module"}')
    (tmp_path / "driver.js").write_text(script)
    headers = {name: request.headers[name] for name in SENT_HEADERS}
    result = subprocess.run(  # noqa: S603 - node running our own docs' example
        [shutil.which("node"), "driver.js", secret, json.dumps(headers), request.body.hex()],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# In CI (WEBHOOKS_JS_REQUIRED=1, .ci/run) a missing Node.js or package is a failure, not a skip.
needs_node_library = pytest.mark.skipif(
    not os.environ.get("WEBHOOKS_JS_REQUIRED")
    and (
        shutil.which("node") is None
        or not (RECEIVER_JS / "node_modules" / "standardwebhooks").is_dir()
    ),
    reason="needs Node.js and the npm package `make install` puts in tests/webhooks/js/",
)


@needs_node_library
def test_the_nextjs_route_handler_example_accepts_a_delivery_and_refuses_a_forgery(
    standard_delivery, tmp_path
):
    secret, request = standard_delivery()
    route = tmp_path / "app" / "cms-webhook" / "route.js"
    route.parent.mkdir(parents=True)
    route.write_text(doc_block("js", "export async function POST"))
    result = run_node(tmp_path, NODE_DRIVER, secret, request)
    # Accepted; a retry of a handled id; a changed body; a timestamp ten minutes old.
    assert result == {"statuses": [204, 200, 401, 401], "queued": [request.json]}


@needs_node_library
def test_the_javascript_library_verifies_an_old_secret_given_as_raw_bytes(
    standard_delivery, tmp_path
):
    old_secret = secrets.token_urlsafe(32)
    _secret, request = standard_delivery(old_secret)
    assert run_node(tmp_path, NODE_RAW_SECRET, old_secret, request) == [True, False]


def test_the_documented_request_is_signed_as_the_cms_signs():
    """The example request's headers are what its example secret gives for its body."""
    text = DOCS.read_text()
    block = re.search(r"```http\n(.*?)```", text, re.S).group(1)
    head, body = block.split("\n\n", 1)
    headers = dict(line.split(": ", 1) for line in head.splitlines()[1:])
    secret = re.search(r"example secret `(whsec_[^`]+)`", text).group(1)
    sent = signing.request_headers(
        secret, headers["webhook-id"], body.strip().encode(), int(headers["webhook-timestamp"])
    )
    assert {name: headers[name] for name in sent} == sent
