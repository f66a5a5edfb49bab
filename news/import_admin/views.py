"""Upload → preview (a dry run) → confirm, for editors in the admin.

The preview and the import both go through `ImportRun` (news/importers/run.py),
as `manage.py import_posts` does, so the admin shows what the command would do
and imports exactly what it showed. Each post is saved in its own transaction
(news/importers/build.py): a failure part-way leaves every finished post whole
and no half-made one; importing the same file again updates rather than duplicates.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from news.import_admin import uploads
from news.import_admin.forms import ImportUploadForm
from news.importers import ImportInputError, read_posts
from news.importers.run import ImportOptions, ImportRun, PostResult
from news.models import NewsIndexPage

__all__ = ["ImportView", "PERMISSION"]

PERMISSION = "news.import_posts"


class ImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "news/import_admin/upload.html"
    form_class = ImportUploadForm
    page_title = "Import posts"
    header_icon = "upload"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "max_upload_mb": _max_upload_mb()}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "token" in request.POST:
            return self.confirm(request, request.POST["token"])
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: ImportUploadForm) -> HttpResponse:
        data = form.cleaned_data
        pending = uploads.store(
            self.request.session,
            data["file"],
            format=data["format"],
            parent_id=data["parent"].pk,
            owner_id=data["owner"].pk if data["owner"] else None,
            submit=data["submit"],
        )
        try:
            entries = read_posts(pending.path, pending.format, name=data["file"].name)
        except ImportInputError as error:
            uploads.discard(self.request.session, pending)
            form.add_error("file", str(error))
            return self.form_invalid(form)
        run = ImportRun(self._options(pending, dry_run=True))
        results = list(run.results(entries))
        return self.render_to_response(
            self.get_context_data(
                form=form,
                step="preview",
                pending=pending,
                results=results,
                report=run.report,
                importable=sum(r.outcome != "failed" for r in results),
            )
        )

    def confirm(self, request: HttpRequest, token: str) -> HttpResponse:
        pending = uploads.pending(request.session, token)
        if pending is None:
            messages.error(
                request,
                "That upload is no longer waiting: it was imported already, or it expired. "
                "Upload the file again.",
            )
            return redirect("news_import")
        try:
            entries = read_posts(pending.path, pending.format, name=pending.name)
            options = self._options(pending, dry_run=False)
        except (ImportInputError, NewsIndexPage.DoesNotExist, PermissionDenied) as error:
            uploads.discard(request.session, pending)
            messages.error(request, f"Nothing was imported: {error}")
            return redirect("news_import")
        run = ImportRun(options)
        results = list(run.results(entries))
        uploads.discard(request.session, pending)
        done = [r for r in results if r.page is not None]
        if done:
            posts = "post" if len(done) == 1 else "posts"
            messages.success(
                request,
                f"Imported {len(done)} {posts} from {pending.name} as drafts: "
                f"{run.report.created} new, {run.report.updated} updated.",
            )
        response = self.render_to_response(
            self.get_context_data(
                form=None,
                step="done",
                pending=pending,
                results=results,
                report=run.report,
                edit_links=_edit_links(done),
            )
        )
        response["Cache-Control"] = "no-store"
        return response

    def _options(self, pending: uploads.PendingImport, dry_run: bool) -> ImportOptions:
        # Re-checked at confirmation: rights can change between preview and confirm.
        parent = NewsIndexPage.objects.get(pk=pending.parent_id)
        if not parent.permissions_for_user(self.request.user).can_add_subpage():
            raise PermissionDenied(f"you can no longer add posts to {parent.title}")
        owner = None
        if pending.owner_id is not None:
            owner = get_user_model().objects.filter(pk=pending.owner_id, is_active=True).first()
        return ImportOptions(parent=parent, owner=owner, dry_run=dry_run, submit=pending.submit)


def _max_upload_mb() -> int:
    return settings.IMPORT_ADMIN_MAX_UPLOAD_MB


def _edit_links(results: list[PostResult]) -> list[tuple[PostResult, str]]:
    return [(r, reverse("wagtailadmin_pages:edit", args=(r.page.pk,))) for r in results]
