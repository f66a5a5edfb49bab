"""The data an editor gives with a review decision, validated the same way on every route."""

from __future__ import annotations

from django import forms
from django.utils import timezone


class ApproveForm(forms.Form):
    comment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Comment (optional)"
    )
    go_live_at = forms.DateTimeField(
        required=False,
        label="Go live at (optional)",
        help_text="Leave empty to publish now; set a time to schedule the post.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def clean_go_live_at(self):
        go_live_at = self.cleaned_data["go_live_at"]
        if go_live_at is not None and go_live_at <= timezone.now():
            raise forms.ValidationError("The go-live time must be in the future.")
        return go_live_at


class RejectForm(forms.Form):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What needs to change",
        help_text="The writer sees this on the post.",
        error_messages={"required": "Say what needs to change: the writer sees this comment."},
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError("Say what needs to change: the writer sees this comment.")
        return comment


FORMS = {"approve": ApproveForm, "reject": RejectForm}
