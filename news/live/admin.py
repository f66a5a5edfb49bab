"""Live updates in the Wagtail admin: a snippet viewset, opened from the story.

Writers save a draft and submit it; editors approve or request changes (the
"Update review" workflow, through Wagtail's own workflow actions) and may
withdraw a published update or correct the time readers see.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.rich_text import RichText
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView, SnippetViewSet

from news.corrections.admin import CorrectionsPanel
from news.live.forms import CORRECT_TIME_PERMISSION, LiveUpdateForm, may_correct_time
from news.live.models import LiveUpdate
from news.live.posted_time import correct_posted_at
from news.live.publishing import may_withdraw, withdraw
from news.live.stages import update_stage

URL_NAMESPACE = "live_updates"


def story_from_query(request: Any) -> Any:
    """The story named by `?post=<id>`, or None when absent or not a story."""
    from news.models import LatestUpdatesPage

    raw = request.GET.get("post", "")
    if not raw.isdigit():
        return None
    return LatestUpdatesPage.objects.filter(pk=int(raw)).first()


class LiveUpdateIndexView(IndexView):
    def get_base_queryset(self) -> Any:
        queryset = super().get_base_queryset().select_related("post", "author")
        story = story_from_query(self.request)
        if self.request.GET.get("post") is not None:
            # An unknown story lists nothing rather than every update.
            queryset = queryset.filter(post=story) if story else queryset.none()
        return queryset

    def get_add_url(self) -> Any:
        url = super().get_add_url()
        story = story_from_query(self.request)
        return f"{url}?post={story.pk}" if url and story else url


class LiveUpdateCreateView(CreateView):
    def get_add_url(self) -> str:
        # The form posts back here: keep the story, or the locked field would
        # arrive empty (a disabled field is not submitted).
        url = super().get_add_url()
        story = story_from_query(self.request)
        return f"{url}?post={story.pk}" if story else url

    def get_initial_form_instance(self) -> LiveUpdate:
        # A paragraph is ready to type into: most updates are one or two paragraphs.
        instance = LiveUpdate(body=[("paragraph", RichText(""))])
        story = story_from_query(self.request)
        if story is not None:
            instance.post = story
        return instance

    def save_instance(self) -> LiveUpdate:
        self.form.instance.author = self.request.user
        return super().save_instance()

    def get_success_url(self) -> str:
        # Back to the update (draft saved) or to the story's list of updates.
        if self.action in ("create", "edit"):
            return self.get_edit_url()
        return f"{reverse(self.index_url_name)}?post={self.object.post_id}"


class LiveUpdateEditView(EditView):
    def form_valid(self, form: Any) -> Any:
        # Corrected on the row: the revision a live update is edited through never
        # carries posted_at to readers (LiveUpdate.KEPT_ON_PUBLISH).
        corrected = "posted_at" in form.changed_data and self.live_object.posted_at is not None
        if corrected:
            correct_posted_at(self.live_object, self.request.user, form.cleaned_data["posted_at"])
            if form.changed_data == ["posted_at"] and self.action == "edit":
                messages.success(self.request, "The time readers see was corrected.")
                return redirect(self.get_edit_url())
        return super().form_valid(form)

    @cached_property
    def header_more_buttons(self) -> list[Any]:
        buttons = list(super().header_more_buttons)
        update = self.live_object
        if may_withdraw(self.request.user) and update.live and update.withdrawn_at is None:
            buttons.append(
                Button(
                    "Withdraw",
                    url=reverse(f"{URL_NAMESPACE}:withdraw", args=[update.pk]),
                    icon_name="cross",
                    priority=5,
                )
            )
        story = update.post
        buttons.append(
            Button(
                "Story",
                url=reverse("wagtailadmin_pages:edit", args=[story.pk]),
                icon_name="doc-full",
                priority=1,
            )
        )
        return buttons

    def get_success_url(self) -> str:
        if self.action in ("create", "edit", "cancel-workflow"):
            return self.get_edit_url()
        return f"{reverse(self.index_url_name)}?post={self.object.post_id}"


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Why is it withdrawn?",
        help_text="Kept in the update's history; readers see that it was removed.",
    )


def withdraw_view(request: Any, pk: int) -> Any:
    """An editor takes a published update away from readers, saying why."""
    update = get_object_or_404(LiveUpdate, pk=pk)
    if not may_withdraw(request.user):
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw(update, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, f"Withdrew “{update}”; readers no longer see it.")
            return redirect(f"{URL_NAMESPACE}:edit", update.pk)
    return TemplateResponse(
        request,
        "news/live/withdraw.html",
        {"update": update, "form": form, "edit_url": reverse(f"{URL_NAMESPACE}:edit", args=[pk])},
    )


def _stage(update: LiveUpdate) -> str:
    return update_stage(update)


class LiveUpdateViewSet(SnippetViewSet):
    model = LiveUpdate
    icon = "time"
    menu_label = "Live updates"
    add_to_admin_menu = True
    menu_order = 205
    admin_url_namespace = URL_NAMESPACE
    base_url_path = "live-updates"
    index_view_class = LiveUpdateIndexView
    add_view_class = LiveUpdateCreateView
    edit_view_class = LiveUpdateEditView
    copy_view_enabled = False
    list_filter = ["pinned", "live"]
    search_fields = ["headline"]
    ordering = ["-created_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("post"),
            FieldPanel("headline"),
            FieldPanel("body"),
            FieldPanel("pinned"),
            FieldPanel("posted_at", permission=CORRECT_TIME_PERMISSION),
            CorrectionsPanel(heading="Corrections"),
        ],
        base_form_class=LiveUpdateForm,
    )

    @property
    def list_display(self) -> list[Any]:
        return [
            "__str__",
            Column("post", label="Story", accessor=lambda u: u.post.title),
            Column("stage", label="Stage", accessor=_stage),
            Column("posted_at", label="Posted at"),
            Column("author", label="Author", accessor=_author_name),
        ]

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("withdraw/<int:pk>/", withdraw_view, name="withdraw"),
        ]


def _author_name(update: LiveUpdate) -> str:
    user = update.author
    return (user.get_full_name() or user.get_username()) if user else ""


__all__ = ["LiveUpdateViewSet", "may_correct_time", "story_from_query", "withdraw_view"]
