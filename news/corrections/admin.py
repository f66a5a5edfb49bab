"""The admin's corrections: a panel on the post and update edit views, a form to add
one, and an editor's Publish / a proposal's Discard. The rules are publishing.py's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.panels import Panel
from wagtail.log_actions import log

from news.corrections.models import TEXT_MAX, Correction
from news.corrections.publishing import (
    NotNow,
    add_correction,
    may_propose,
    may_publish,
    publish_correction,
    refuse_change,
)

__all__ = ["CorrectionForm", "CorrectionsPanel", "add_view", "discard_view", "publish_view"]


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(choices=Correction.KINDS, initial=Correction.CORRECTION)
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        help_text="What was wrong and what is right, as readers will see it under the story.",
    )


def _target(kind: str, pk: int) -> Any:
    from news.live.models import LiveUpdate
    from news.models import LatestUpdatesPage

    if kind == "post":
        return get_object_or_404(LatestUpdatesPage, pk=pk)
    if kind == "update":
        return get_object_or_404(LiveUpdate.objects.select_related("post"), pk=pk)
    raise PermissionDenied


def edit_url(target: Any) -> str:
    from news.posts import is_update

    if is_update(target):
        from news.live.admin import URL_NAMESPACE

        return reverse(f"{URL_NAMESPACE}:edit", args=[target.pk])
    return reverse("wagtailadmin_pages:edit", args=[target.pk])


@require_http_methods(["GET", "POST"])
def add_view(request: Any, kind: str, pk: int) -> Any:
    target = _target(kind, pk)
    if not may_propose(request.user, target):
        raise PermissionDenied
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            correction = add_correction(
                target, request.user, form.cleaned_data["kind"], form.cleaned_data["text"]
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except NotNow as error:
            form.add_error(None, str(error))
        else:
            if correction.published:
                messages.success(request, f"{correction.get_kind_display()} published.")
            elif may_publish(request.user):
                messages.success(
                    request,
                    f"{correction.get_kind_display()} saved: it is published with the version "
                    "now in review when that is approved.",
                )
            else:
                messages.success(
                    request,
                    f"{correction.get_kind_display()} proposed: an editor publishes it.",
                )
            return redirect(edit_url(target))
    return TemplateResponse(
        request,
        "news/corrections/add.html",
        {
            "form": form,
            "target": target,
            "back_url": edit_url(target),
            "publishes": may_publish(request.user),
        },
    )


@require_POST
def publish_view(request: Any, pk: int) -> Any:
    correction = get_object_or_404(Correction.objects.select_related("post", "update"), pk=pk)
    if not may_publish(request.user) or not may_propose(request.user, correction.target):
        raise PermissionDenied
    try:
        publish_correction(correction, request.user)
    except NotNow as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{correction.get_kind_display()} published.")
    return redirect(edit_url(correction.target))


@require_POST
@transaction.atomic
def discard_view(request: Any, pk: int) -> Any:
    correction = get_object_or_404(Correction.objects.select_related("post", "update"), pk=pk)
    if not may_propose(request.user, correction.target):
        raise PermissionDenied
    if correction.published:
        messages.error(request, refuse_change(correction, request.user, "delete"))
        return redirect(edit_url(correction.target))
    if not (may_publish(request.user) or correction.created_by_id == request.user.pk):
        raise PermissionDenied
    log(
        instance=correction.target,
        action="news.correction.discard",
        user=request.user,
        data={"correction": correction.pk, "kind": correction.kind, "text": correction.text},
    )
    correction.delete()
    messages.success(request, "Proposal discarded.")
    return redirect(edit_url(correction.target))


class CorrectionsPanel(Panel):
    """Published corrections and proposals of a post (its own) or of an update."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "news/corrections/panel.html"

        def is_shown(self) -> bool:
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
            from news.posts import is_update

            context = super().get_context_data(parent_context)
            target = self.instance
            user = self.request.user
            if is_update(target):
                found = Correction.objects.filter(update_id=target.pk)
                kind, published = "update", target.posted_at is not None
            else:
                found = Correction.objects.filter(post_id=target.pk, update__isnull=True)
                kind, published = "post", target.first_published_at is not None
            context.update(
                corrections=list(found.select_related("created_by").order_by("created_at")),
                add_url=reverse("corrections_add", args=[kind, target.pk])
                if published and may_propose(user, target)
                else None,
                may_publish=may_publish(user),
                user=user,
            )
            return context
