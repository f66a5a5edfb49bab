"""The admin form for a webhook endpoint; the secret is never a field (see views.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from cms.webhooks import client, events
from cms.webhooks import tags as tag_filter
from cms.webhooks.models import WebhookEndpoint


class TagNamesField(forms.CharField):
    """Tag names typed comma-separated, kept as a list; shown back comma-separated."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, list | tuple):  # the initial value, unchanged
            value = ", ".join(value)
        try:
            return tag_filter.parse_tags(super().to_python(value))
        except tag_filter.InvalidTags as exc:
            raise forms.ValidationError(str(exc)[:1].upper() + str(exc)[1:] + ".") from None


class WebhookEndpointForm(WagtailAdminModelForm):
    url = forms.CharField(
        label="URL",
        max_length=2000,
        help_text="Where events are POSTed, e.g. https://hooks.example.com/cms (http or https).",
    )
    events = forms.MultipleChoiceField(
        choices=events.CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="What to send. Each event is one signed POST (docs/webhooks.md).",
    )
    tags = TagNamesField(
        required=False,
        help_text=(
            "Comma-separated tag names, e.g. Ukraine, Elections. The endpoint then gets only "
            "events about posts (or live stories) tagged with at least one of them, in any "
            "case. Leave empty for every post."
        ),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events", "tags", "active"]

    def clean_url(self) -> str:
        try:
            return client.validate_url(self.cleaned_data["url"])
        except client.Refused as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_events(self) -> list[str]:
        return events.parse_events(self.cleaned_data["events"])
