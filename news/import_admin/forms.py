"""The upload form: the file and the choices `import_posts` takes on its command line."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model

from news.models import NewsIndexPage

__all__ = ["ImportUploadForm"]

FORMAT_CHOICES = [
    ("auto", "Detect from the file"),
    ("blogger", "Blogger export (.xml, either format)"),
    ("html", "One HTML page"),
    ("text", "One plain-text post"),
]


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: NewsIndexPage) -> str:
        return f"{obj.title} ({obj.url_path.rstrip('/').rsplit('/', 1)[-1]})"


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        full_name = obj.get_full_name()
        return f"{full_name} ({obj.get_username()})" if full_name else obj.get_username()


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        help_text="A Blogger export (.xml), a saved HTML page or a plain-text post.",
    )
    format = forms.ChoiceField(choices=FORMAT_CHOICES, initial="auto")
    parent = SectionChoiceField(
        label="Import into",
        queryset=NewsIndexPage.objects.none(),
        empty_label=None,
    )
    owner = OwnerChoiceField(
        label="Owner of the drafts",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="The post's author, when they have an account here",
        help_text="Who the drafts belong to and who is asked to revise them.",
    )
    submit = forms.BooleanField(
        label="Submit each draft for review",
        required=False,
        help_text="Starts the Editorial review workflow for every imported draft.",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sections = [
            section
            for section in NewsIndexPage.objects.live().order_by("path")
            if section.permissions_for_user(user).can_add_subpage()
        ]
        self.fields["parent"].queryset = NewsIndexPage.objects.filter(
            pk__in=[section.pk for section in sections]
        ).order_by("path")
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("last_name", "username")
        )
        self.fields["owner"].initial = user.pk

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit_mb = settings.IMPORT_ADMIN_MAX_UPLOAD_MB
        if upload.size > limit_mb * 1024 * 1024:
            raise forms.ValidationError(
                f"{upload.name} is {upload.size / 1024 / 1024:.1f} MB; the admin takes files up "
                f"to {limit_mb} MB. Import larger exports with `manage.py import_posts`."
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("submit") and not cleaned.get("owner"):
            self.add_error("owner", "Choose an owner: a draft is submitted for review in its name.")
        return cleaned
