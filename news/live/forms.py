"""The admin form of a live update: short enough to post from a breaking story in seconds."""

from __future__ import annotations

from typing import Any

from wagtail.admin.forms import WagtailAdminModelForm

from news.live.coverage import coverage_refusal

# Correcting the time readers see is an editor's call, like withdrawing.
CORRECT_TIME_PERMISSION = "news.withdraw_liveupdate"


def may_correct_time(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(CORRECT_TIME_PERMISSION))


class LiveUpdateForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        post = self.fields.get("post")
        # An update belongs to the story it was opened from, and never moves:
        # the story's feed and cursors already name it.
        if post is not None and self.instance.post_id:
            post.disabled = True
            post.required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.pk is None:
            post = cleaned.get("post") or (self.instance.post if self.instance.post_id else None)
            refusal = coverage_refusal(post.specific) if post is not None else ""
            if refusal:
                self.add_error("post" if "post" in self.fields else None, refusal)
        if "posted_at" in self.fields and self.initial.get("posted_at"):
            if cleaned.get("posted_at") is None:
                self.add_error("posted_at", "A posted update keeps a time; correct it instead.")
        return cleaned
