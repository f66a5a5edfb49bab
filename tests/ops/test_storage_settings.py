"""Media storage: local disk by default, an S3-compatible bucket with MEDIA_S3_BUCKET.

The choice is tested as a function of the environment, then through the real
production settings module in a subprocess (so base.py and production.py are
wired to it), then end to end: an image uploaded and a rendition made against
moto's in-process fake S3.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from PIL import Image

from cms.settings.storage import DEFAULT_CACHE_CONTROL, FILESYSTEM, S3, media_storage

MEDIA_ENV = [
    "MEDIA_S3_BUCKET",
    "MEDIA_S3_ENDPOINT_URL",
    "MEDIA_S3_REGION",
    "MEDIA_S3_CUSTOM_DOMAIN",
    "MEDIA_S3_PREFIX",
    "MEDIA_S3_CACHE_CONTROL",
]


@pytest.fixture
def clean_env(monkeypatch):
    for name in MEDIA_ENV:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_local_disk_without_a_bucket(clean_env):
    assert media_storage() == {"BACKEND": FILESYSTEM}


def test_an_empty_bucket_name_means_local_disk(clean_env):
    clean_env.setenv("MEDIA_S3_BUCKET", "")
    assert media_storage() == {"BACKEND": FILESYSTEM}


def test_bucket_selects_s3_with_plain_urls_and_no_overwrites(clean_env):
    clean_env.setenv("MEDIA_S3_BUCKET", "newsroom-media")
    storage = media_storage()
    assert storage["BACKEND"] == S3
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "newsroom-media"
    assert options["file_overwrite"] is False
    assert options["default_acl"] is None
    # URLs end up in cached API answers: a signature would expire inside them.
    assert options["querystring_auth"] is False
    assert options["object_parameters"] == {"CacheControl": DEFAULT_CACHE_CONTROL}
    # Unset means AWS defaults, not empty strings boto3 would try to use.
    assert options["endpoint_url"] is None
    assert options["region_name"] is None
    assert options["custom_domain"] is None
    assert options["location"] == ""


def test_s3_compatible_service_with_a_cdn_domain(clean_env):
    clean_env.setenv("MEDIA_S3_BUCKET", "media")
    clean_env.setenv("MEDIA_S3_ENDPOINT_URL", "https://minio.internal:9000")
    clean_env.setenv("MEDIA_S3_REGION", "eu-west-2")
    clean_env.setenv("MEDIA_S3_CUSTOM_DOMAIN", "media.example.com")
    clean_env.setenv("MEDIA_S3_PREFIX", "/production/")
    clean_env.setenv("MEDIA_S3_CACHE_CONTROL", "public, max-age=600")
    options = media_storage()["OPTIONS"]
    assert options["endpoint_url"] == "https://minio.internal:9000"
    assert options["region_name"] == "eu-west-2"
    assert options["custom_domain"] == "media.example.com"
    assert options["location"] == "production"
    assert options["object_parameters"] == {"CacheControl": "public, max-age=600"}


def test_custom_domain_with_a_scheme_is_refused_by_name(clean_env):
    clean_env.setenv("MEDIA_S3_BUCKET", "media")
    clean_env.setenv("MEDIA_S3_CUSTOM_DOMAIN", "https://media.example.com")
    with pytest.raises(ImproperlyConfigured, match="MEDIA_S3_CUSTOM_DOMAIN"):
        media_storage()


def _production_settings(**overrides: str) -> dict:
    """STORAGES and WAGTAILSEARCH_BACKENDS as cms.settings.production builds them."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("MEDIA_S3_", "SEARCH_", "DJANGO_SETTINGS_MODULE"))
    }
    env.update(DJANGO_SECRET_KEY="x" * 50, ALLOWED_HOSTS="news.example.com", **overrides)
    code = (
        "import json, cms.settings.production as s; "
        "print(json.dumps({'STORAGES': s.STORAGES, 'SEARCH': s.WAGTAILSEARCH_BACKENDS}))"
    )
    finished = subprocess.run(  # noqa: S603 (this interpreter, fixed code)
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return json.loads(finished.stdout)


def test_production_settings_use_the_bucket_and_keep_whitenoise():
    chosen = _production_settings(
        MEDIA_S3_BUCKET="newsroom-media",
        SEARCH_BACKEND="opensearch3",
        SEARCH_URL="https://search.internal:9200",
    )
    assert chosen["STORAGES"]["default"]["BACKEND"] == S3
    assert chosen["STORAGES"]["default"]["OPTIONS"]["bucket_name"] == "newsroom-media"
    assert chosen["STORAGES"]["staticfiles"] == {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    }
    search = chosen["SEARCH"]["default"]
    assert search["BACKEND"] == "wagtail.search.backends.opensearch3"
    assert search["URLS"] == ["https://search.internal:9200"]


# End to end against moto's fake S3: an upload and a rendition, read back.

BUCKET = "newsroom-media-test"


@pytest.fixture
def fake_s3(clean_env, settings):
    moto = pytest.importorskip("moto")
    import boto3

    # Fake credentials, so nothing on this machine could reach a real account.
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        clean_env.setenv(name, value)
    clean_env.setenv("MEDIA_S3_BUCKET", BUCKET)
    clean_env.setenv("MEDIA_S3_REGION", "us-east-1")
    clean_env.setenv("MEDIA_S3_CUSTOM_DOMAIN", "media.example.com")
    with moto.mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        # Django resets default_storage when STORAGES changes.
        settings.STORAGES = {**settings.STORAGES, "default": media_storage()}
        yield client


@pytest.mark.django_db
def test_upload_and_rendition_round_trip_through_s3(fake_s3):
    from tests.factories import ImageFactory

    image = ImageFactory()
    second = ImageFactory()
    # Same file name, two objects: file_overwrite is off.
    assert image.file.name != second.file.name

    rendition = image.get_rendition("fill-400x225")
    assert rendition.url == f"https://media.example.com/{rendition.file.name}"

    keys = {item["Key"] for item in fake_s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert {image.file.name, second.file.name, rendition.file.name} <= keys
    stored = fake_s3.get_object(Bucket=BUCKET, Key=rendition.file.name)
    assert stored["CacheControl"] == DEFAULT_CACHE_CONTROL
    assert Image.open(io.BytesIO(stored["Body"].read())).size == (400, 225)
    # Nothing was written to local disk instead.
    assert not [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
