"""The story's Start / End live coverage buttons: a confirmation page and a POST."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from news.live.coverage import end_coverage, may_manage, start_coverage

ACTIONS = {
    "start": (
        start_coverage,
        "Start live coverage",
        "Live coverage started: writers can add updates.",
    ),
    "end": (
        end_coverage,
        "End live coverage",
        "Live coverage ended: no more updates can be added.",
    ),
}


@require_http_methods(["GET", "POST"])
def coverage_view(request: Any, page_id: int, action: str) -> Any:
    from news.models import LatestUpdatesPage

    story = get_object_or_404(LatestUpdatesPage, pk=page_id)
    if action not in ACTIONS or not may_manage(request.user):
        raise PermissionDenied
    perform, title, done = ACTIONS[action]
    if request.method == "POST":
        try:
            perform(story, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return redirect("wagtailadmin_pages:edit", story.pk)
    return TemplateResponse(
        request,
        "news/live/coverage_confirm.html",
        {"story": story, "title": title, "action": action},
    )
