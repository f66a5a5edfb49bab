"""docs/webhooks.md's receiver code, run as written against a real signed delivery."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from cms.webhooks import client, signing

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
