"""Views that exist only on the bench server (mounted by bench/urls.py).

- `bare_detail`: the limit of this stack. The same bytes as the post's v2
  detail, through the same middleware, with no work beyond returning them.
- `publish`: publishes a new revision of a post inside the app server, so
  that the server's own cache sees the invalidation (and any warm-up) exactly
  as it would after an editor's publish. Unauthenticated, which is why it is
  mounted on the bench server only, and that listens on 127.0.0.1 only.
"""

from __future__ import annotations

import functools
import uuid

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from bench import paths
from news.models import LatestUpdatesPage

# A publish appends a new marker to the standfirst, so the load client can tell
# the new revision's answer from a stale one.
MARKER_PREFIX = " [bench revision "


@functools.cache
def detail_bytes() -> bytes:
    """Read once, by the server's readiness probe, before anything is timed."""
    try:
        return paths.DETAIL_BYTES.read_bytes()
    except FileNotFoundError:
        raise ImproperlyConfigured(
            f"{paths.DETAIL_BYTES} is missing: run `python -m bench.dataset` first."
        ) from None


@require_GET
def bare_detail(request: HttpRequest) -> HttpResponse:
    return HttpResponse(detail_bytes(), content_type="application/json")


@csrf_exempt
@require_POST
def publish(request: HttpRequest, page_id: int) -> JsonResponse:
    """Publish a new revision through Wagtail, as the admin does; answer its marker."""
    post = get_object_or_404(LatestUpdatesPage, pk=page_id)
    marker = f"{MARKER_PREFIX}{uuid.uuid4().hex[:12]}]"
    post.standfirst = post.standfirst.split(MARKER_PREFIX)[0] + marker
    revision = post.save_revision(log_action=True)
    revision.publish(log_action=True)
    return JsonResponse({"revision_id": revision.pk, "marker": marker.strip()})
