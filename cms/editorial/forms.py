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

    embargo_until = forms.DateTimeField(
        required=False,
        label="Embargo until (optional)",
        help_text="Publish to everyone at this time; partners can read it before. "
        "Leave empty for no embargo.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def clean_go_live_at(self):
        go_live_at = self.cleaned_data["go_live_at"]
        if go_live_at is not None and go_live_at <= timezone.now():
            raise forms.ValidationError("The go-live time must be in the future.")
        return go_live_at

    def clean_embargo_until(self):
        until = self.cleaned_data["embargo_until"]
        if until is not None and until <= timezone.now():
            raise forms.ValidationError("The embargo must end in the future.")
        return until

    def clean(self):
        data = super().clean()
        go_live_at, until = data.get("go_live_at"), data.get("embargo_until")
        if go_live_at and until and go_live_at != until:
            self.add_error(
                "embargo_until",
                "An embargoed story goes live when its embargo ends: leave the go-live time "
                "empty, or give both the same time.",
            )
        return data


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
