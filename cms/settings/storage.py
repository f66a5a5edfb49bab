"""Where uploaded media (images, renditions, documents) are stored: STORAGES["default"].

Local disk under MEDIA_ROOT unless MEDIA_S3_BUCKET names an S3-compatible bucket
(AWS S3, MinIO, Cloudflare R2, …), served through django-storages. The choice
is made here, from the environment, so that it can be tested without importing
the settings (tests/ops/test_storage_settings.py); docs/operations.md, "Media
storage", explains it for operators.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from cms.settings import env

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"
# Names never change once written (file_overwrite is off, renditions carry a hash
# of their filter), so browsers and CDNs may keep a file for a year.
DEFAULT_CACHE_CONTROL = "public, max-age=31536000"


def media_storage() -> dict[str, Any]:
    """The STORAGES["default"] entry for this environment."""
    bucket = env.get_str("MEDIA_S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": FILESYSTEM}

    custom_domain = env.get_str("MEDIA_S3_CUSTOM_DOMAIN", "") or None
    if custom_domain and "://" in custom_domain:
        # django-storages prefixes https:// itself; a scheme here would be doubled.
        raise ImproperlyConfigured(
            "The environment variable MEDIA_S3_CUSTOM_DOMAIN must be a host name "
            f"without a scheme, such as media.example.com, got {custom_domain!r}."
        )
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "region_name": env.get_str("MEDIA_S3_REGION", "") or None,
        # For MinIO, R2 and other S3-compatible services; unset means AWS.
        "endpoint_url": env.get_str("MEDIA_S3_ENDPOINT_URL", "") or None,
        # A CDN or the bucket's own public domain; its URLs are never signed.
        "custom_domain": custom_domain,
        # Inside the bucket, so that staging and production can share one.
        "location": env.get_str("MEDIA_S3_PREFIX", "").strip("/"),
        # Two uploads called photo.jpg are two files, never one replacing the other.
        "file_overwrite": False,
        # No per-object ACL: who may read is the bucket policy's (or the CDN's)
        # business, and AWS refuses ACLs on buckets created since April 2023.
        "default_acl": None,
        # Plain URLs: they are written into cached API answers, feeds and CDN
        # caches that outlive any signature's expiry (docs/operations.md).
        "querystring_auth": False,
        "object_parameters": {
            "CacheControl": env.get_str("MEDIA_S3_CACHE_CONTROL", DEFAULT_CACHE_CONTROL)
        },
    }
    # Credentials are not settings: boto3 reads AWS_ACCESS_KEY_ID and
    # AWS_SECRET_ACCESS_KEY from the environment, or uses the instance's IAM role.
    return {"BACKEND": S3, "OPTIONS": options}
