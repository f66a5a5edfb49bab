"""The admin form for a webhook endpoint; the secret is never a field (see views.py)."""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from cms.webhooks import client, events
from cms.webhooks.models import WebhookEndpoint


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

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events", "active"]

    def clean_url(self) -> str:
        try:
            return client.validate_url(self.cleaned_data["url"])
        except client.Refused as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_events(self) -> list[str]:
        return events.parse_events(self.cleaned_data["events"])
