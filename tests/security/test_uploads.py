"""Image uploads that could hurt the server or readers are refused with a clear error.

Every upload route is covered: the admin's single add view, its multiple-upload
view (what the admin's drag-and-drop uses), and the v3 API's image create. Each
refusal names the problem on the file field and leaves nothing behind: no Image
row and no file in the media folder.
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

pytestmark = pytest.mark.django_db

Image = get_image_model()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def bomb_png(width: int, height: int) -> bytes:
    """A real decompression bomb: a 1-bit all-black PNG, tiny on disk, huge once decoded."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed pixels
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )


def noise_png(side: int) -> bytes:
    """A valid PNG that does not compress, so its size is about side * side * 3 bytes."""
    buffer = io.BytesIO()
    PILImage.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'
)

# name -> (filename, content factory, words the error must contain)
REFUSALS = {
    "oversized": ("big.png", lambda: noise_png(160), "too big"),
    "too_many_pixels": ("tall.png", lambda: bomb_png(8_000, 8_000), "too many pixels"),
    "decompression_bomb": ("bomb.png", lambda: bomb_png(20_000, 20_000), "too many pixels"),
    "svg_with_script": ("logo.svg", lambda: SVG_WITH_SCRIPT, "not a supported image format"),
    "not_an_image": ("photo.png", lambda: b"plain text, not pixels\n" * 20, "upload a valid image"),
    # Markup posing as a PNG (Willow takes it for SVG): the extension and format disagree.
    "markup_as_png": (
        "photo.png",
        lambda: b"<html><body><script>alert(1)</script></body></html>",
        "not a valid .png image",
    ),
}


@pytest.fixture(autouse=True)
def _small_upload_limit(settings):
    # The oversized case needs a file over the limit; a 20 MB upload per test would be slow.
    # The pixel limit stays as configured (WAGTAILIMAGES_MAX_IMAGE_PIXELS).
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 50_000


@pytest.fixture(params=list(REFUSALS), ids=list(REFUSALS))
def refusal(request):
    filename, content, message = REFUSALS[request.param]
    return filename, content(), message


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def assert_nothing_saved(settings) -> None:
    assert not Image.objects.exists()
    assert media_files(settings) == []


def test_the_limits_are_configured(settings):
    # The 8000 x 8000 case is refused by our limit, not by Pillow's much higher one.
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS < 8_000 * 8_000 < PILImage.MAX_IMAGE_PIXELS
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS


def test_a_plain_image_is_accepted_on_every_route(client, writer, token_for, settings):
    """The refusals below are not an upload route that refuses everything."""
    client.force_login(writer)
    root = Collection.get_first_root_node().pk
    upload = noise_png(40)
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "ok", "collection": root, "file": SimpleUploadedFile("a.png", upload)},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"collection": root, "files[]": SimpleUploadedFile("b.png", upload)},
    )
    assert response.json()["success"] is True
    response = client.post(
        "/api/v3/images/",
        {"title": "ok", "file": SimpleUploadedFile("c.png", upload)},
        **token_for(writer),
    )
    assert response.status_code == 201, response.content
    assert Image.objects.count() == 3


def test_admin_add_view(client, writer, refusal, settings):
    filename, content, message = refusal
    client.force_login(writer)
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Upload",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(filename, content),
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["file"]
    assert message in " ".join(errors["file"]).lower()
    assert_nothing_saved(settings)


def test_admin_multiple_upload_view(client, writer, refusal, settings):
    filename, content, message = refusal
    client.force_login(writer)
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {
            "collection": Collection.get_first_root_node().pk,
            "files[]": SimpleUploadedFile(filename, content),
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False
    assert message in body["error_message"].lower()
    assert_nothing_saved(settings)


def test_api_v3_image_create(client, writer, token_for, refusal, settings):
    filename, content, message = refusal
    response = client.post(
        "/api/v3/images/",
        {"title": "Upload", "file": SimpleUploadedFile(filename, content)},
        **token_for(writer),
    )
    assert response.status_code in (400, 422), response.content
    problem = response.json()
    assert message in str(problem).lower()
    assert "file" in str(problem)
    assert_nothing_saved(settings)
