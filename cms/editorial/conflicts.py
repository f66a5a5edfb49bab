"""Two people saving the same post: the second save never silently replaces the first.

Wagtail refuses an out-of-date autosave, and its editor warns in the browser
when someone else saved; a plain form post that arrives late would still
replace the newer version. Here it is kept as a separate version in the
post's history instead, and its author is told whose version is current.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from wagtail.models import Page, Revision


def _is_stale(request: HttpRequest, page: Page) -> bool:
    loaded = request.POST.get("loaded_revision_id")
    # Autosaves (JSON) and overwrite confirmations are Wagtail's own concern.
    if not loaded or not request.accepts("text/html") or request.POST.get("overwrite_revision_id"):
        return False
    latest_id = Page.objects.filter(pk=page.pk).values_list("latest_revision_id", flat=True).first()
    return latest_id is not None and str(latest_id) != loaded


def _keep_as_side_version(request: HttpRequest, page: Page) -> bool:
    """Store the late submission as a revision that does not become the current draft."""
    form_class = type(page).get_edit_handler().get_form_class()
    form = form_class(
        request.POST,
        request.FILES,
        instance=page,
        for_user=request.user,
        parent_page=page.get_parent(),
    )
    form.defer_required_fields()
    if not form.is_valid():
        return False
    version = form.save(commit=False)
    Revision.objects.create(
        content_object=version,
        base_content_type=version.get_base_content_type(),
        object_str=str(version),
        content=version.serializable_data(),
        user=request.user,
    )
    return True


def guard_stale_save(request: HttpRequest, page: Page) -> HttpResponse | None:
    if request.method != "POST" or not _is_stale(request, page.specific):
        return None
    page = page.specific
    latest = Page.objects.get(pk=page.pk).get_latest_revision()
    author = latest.user if latest else None
    who = (author.get_full_name() or author.get_username()) if author else "Someone"
    kept = _keep_as_side_version(request, page)
    where = (
        "Your changes are kept as a separate version in the post's History: compare and "
        "copy them from there."
        if kept
        else "Your changes could not be kept; please make them again."
    )
    messages.warning(
        request,
        f"Not saved over a newer version: {who} saved this post while you were editing. "
        f"You are now looking at their version. {where}",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
