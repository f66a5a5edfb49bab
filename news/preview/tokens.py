"""Preview tokens: who may make one, what it carries, and when it stops working.

A token is `TimestampSigner(salt=SALT).sign_object(payload)`: URL-safe base64
JSON, a base62 timestamp and an HMAC-SHA256 signature made with SECRET_KEY, so
it cannot be forged or altered. The payload names the post (or, for a post not
yet saved, its parent and type), a random nonce, and the post's publication
state when the preview was made. A token works while all of these hold:

- its signature is good and it is at most HEADLESS_PREVIEW_TOKEN_MAX_AGE
  seconds old;
- the previewed form state is still stored (wagtail-headless-preview's
  `PagePreview`, garbage collected after a day);
- the post still exists and has been neither published nor unpublished since.

Saving another draft does not end a token: Wagtail 8 autosaves the edit form
every few moments, and the admin's preview panel asks for a fresh token each
time it reloads, so tying tokens to the latest revision would only break the
panel while protecting nothing the writer had not already shared. Publishing
is different: the live post is what readers should get from then on.
"""

from __future__ import annotations

import json
import secrets
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.http import HttpRequest, HttpResponse
from wagtail.models import Page
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview
from wagtail_headless_preview.settings import headless_preview_settings

__all__ = ["FrontEndPreviewMixin", "PreviewUnavailable", "may_preview"]

# Not the library's salt, so a token in the library's own weaker format never passes.
SALT = "news.preview.token"


class PreviewUnavailable(Exception):
    """Why a request gets no draft: the HTTP status, and a detail naming the parameter."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def publication_state(page: Page) -> list[Any]:
    """What publishing or unpublishing changes, read from the saved post (not a draft of it)."""
    published = page.last_published_at
    # last_published_at catches publish-then-unpublish, which puts live_revision back to None.
    return [page.live, page.live_revision_id, published.isoformat() if published else None]


def may_preview(user: Any, page: Page) -> bool:
    """Whether `user` may hand this draft to a front end: its editors and its reviewers."""
    if not getattr(user, "is_authenticated", False):
        return False
    if page.pk is None:
        # A post not saved yet: whoever may create it under this parent.
        parent = page.get_parent()
        return parent is not None and parent.specific.permissions_for_user(user).can_add_subpage()
    # Permissions come from the saved post, not from the form's unsaved copy.
    saved = Page.objects.filter(pk=page.pk).first()
    if saved is None:
        return False
    saved = saved.specific
    perms = saved.permissions_for_user(user)
    if perms.can_edit() or perms.can_publish():
        return True
    task = saved.current_workflow_task
    return bool(task and task.specific.get_actions(saved, user))


class FrontEndPreviewMixin(HeadlessPreviewMixin):
    """The admin's Preview opens the configured front end with a token for this draft.

    With no front end configured, Preview renders the page's own template, as
    Wagtail does by default.
    """

    @classmethod
    def get_preview_signer(cls) -> TimestampSigner:
        return TimestampSigner(salt=SALT)

    def preview_token_payload(self) -> dict[str, Any]:
        nonce = secrets.token_urlsafe(12)
        if self.pk is None:
            return {"parent": self.get_parent().pk, "type": self._meta.label_lower, "nonce": nonce}
        saved = Page.objects.get(pk=self.pk)
        return {"page": self.pk, "state": publication_state(saved), "nonce": nonce}

    def create_page_preview(self) -> PagePreview:
        token = self.get_preview_signer().sign_object(self.preview_token_payload())
        preview, _created = self.update_page_preview(token)
        return preview

    @classmethod
    def get_page_from_preview_token(cls, token: str) -> Page:
        """The previewed draft, or PreviewUnavailable saying why not."""
        try:
            payload = cls.get_preview_signer().unsign_object(
                token, max_age=settings.HEADLESS_PREVIEW_TOKEN_MAX_AGE
            )
        except SignatureExpired:
            raise PreviewUnavailable(
                401, "token: this preview has expired; preview the post again from the admin."
            ) from None
        except BadSignature:
            raise PreviewUnavailable(401, "token: not a preview token made by this CMS.") from None

        content_type = ContentType.objects.get_for_model(cls)
        preview = PagePreview.objects.filter(content_type=content_type, token=token).first()
        if preview is None:
            raise PreviewUnavailable(
                404, f"token: there is no {cls.get_content_type_str()} preview for this token."
            )

        if "page" in payload:
            saved = Page.objects.filter(pk=payload["page"]).first()
            if saved is None:
                raise PreviewUnavailable(404, "token: the post previewed has since been deleted.")
            if publication_state(saved) != payload["state"]:
                raise PreviewUnavailable(
                    401,
                    "token: the post has been published or unpublished since this preview "
                    "was made; preview it again from the admin.",
                )
            # Built as Wagtail builds a revision: what belongs to the post as a whole (its
            # place in the tree, its owner) comes from the database, not the snapshot.
            page = saved.specific.with_content_json(json.loads(preview.content_json))
            # The snapshot's JSON keeps milliseconds only; the live post shows microseconds.
            page.first_published_at = saved.first_published_at
            page.last_published_at = saved.last_published_at
            return page
        return preview.as_page()

    def get_preview_url(self, request: HttpRequest, token: str) -> str:
        # The library assumes the client URL has no query string of its own.
        base = self.get_client_root_url(request)
        query = urlencode({"content_type": self.get_content_type_str(), "token": token})
        return f"{base}{'&' if '?' in base else '?'}{query}"

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        if not headless_preview_settings.CLIENT_URLS:
            # Skip the library's hand-off: Wagtail's own preview with the site's templates.
            return super(HeadlessPreviewMixin, self).serve_preview(request, mode_name)
        # The admin views already check this; a token is a key to the draft, so check again.
        if not may_preview(getattr(request, "user", None), self):
            raise PermissionDenied
        return super().serve_preview(request, mode_name)
