"""Upload → preview (a dry run) → confirm → watch the import, for editors in the admin.

The preview and the import both go through `ImportRun` (news/importers/run.py),
as `manage.py import_posts` does, so the admin shows what the command would do
and imports exactly what it showed. The preview runs in the request, over the
first PREVIEW_POSTS posts (the whole file is still checked); the confirmed
import runs on the worker (news/import_admin/tasks.py), because a large export
takes longer than a request may, and the job page shows its progress. Each post
is saved in its own transaction: a failure part-way leaves every finished post
whole and no half-made one; importing the same file again updates, never duplicates.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from news.import_admin import uploads
from news.import_admin.forms import ImportUploadForm
from news.import_admin.models import ImportJob
from news.import_admin.tasks import run_import_job
from news.importers import ImportInputError, read_posts
from news.importers.run import ImportOptions, ImportRun
from news.models import NewsIndexPage

__all__ = ["ImportJobView", "ImportView", "PERMISSION"]

PERMISSION = "news.import_posts"
# The preview's dry run covers this many posts, so it answers quickly for any file.
PREVIEW_POSTS = 100
RECENT_JOBS = 10


class ImportPermissionMixin:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ImportView(ImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "news/import_admin/upload.html"
    form_class = ImportUploadForm
    page_title = "Import posts"
    header_icon = "upload"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "max_upload_mb": settings.IMPORT_ADMIN_MAX_UPLOAD_MB,
            "recent_jobs": ImportJob.objects.select_related("created_by")[:RECENT_JOBS],
        }

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
        run = ImportRun(self._options(pending, dry_run=True, limit=PREVIEW_POSTS))
        results = list(run.results(entries))
        truncated = run.report.skipped.pop("over --limit", 0)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                step="preview",
                pending=pending,
                results=results,
                report=run.report,
                total_entries=entries.total,
                more_posts=truncated,
                importable=sum(r.outcome != "failed" for r in results) + truncated,
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
            options = self._options(pending, dry_run=False)
        except (NewsIndexPage.DoesNotExist, PermissionDenied) as error:
            uploads.discard(request.session, pending)
            messages.error(request, f"Nothing was imported: {error}")
            return redirect("news_import")
        job = ImportJob.objects.create(
            created_by=request.user,
            file_name=pending.name,
            upload_token=pending.token,
            format=pending.format,
            parent=options.parent,
            owner=options.owner,
            submit=options.submit,
        )
        # The file now belongs to the job, which removes it when it finishes.
        uploads.release(request.session, pending)
        run_import_job.enqueue(str(job.pk))
        return redirect("news_import_job", job.pk)

    def _options(
        self, pending: uploads.PendingImport, dry_run: bool, limit: int | None = None
    ) -> ImportOptions:
        # Re-checked at confirmation: rights can change between preview and confirm.
        parent = NewsIndexPage.objects.get(pk=pending.parent_id)
        if not parent.permissions_for_user(self.request.user).can_add_subpage():
            raise PermissionDenied(f"you can no longer add posts to {parent.title}")
        owner = None
        if pending.owner_id is not None:
            owner = get_user_model().objects.filter(pk=pending.owner_id, is_active=True).first()
        return ImportOptions(
            parent=parent, owner=owner, dry_run=dry_run, submit=pending.submit, limit=limit
        )


class ImportJobView(ImportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """One import's progress and, once done, its drafts; refreshes itself while it runs."""

    template_name = "news/import_admin/job.html"
    page_title = "Import"
    header_icon = "upload"

    def get_page_subtitle(self) -> str:
        return self.job.file_name

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.job = get_object_or_404(ImportJob, pk=kwargs["job_id"])
        response = super().get(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("news_import"), "label": "Import posts"},
            {"url": "", "label": self.job.file_name},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        outcome = self.job.outcome or {}
        results = outcome.get("results", [])
        for result in results:
            # Shaped as the preview's results, so one table (_results.html) shows both.
            result["block_counts"] = result.get("blocks", {})
            if result.get("page_id"):
                result["edit_url"] = reverse("wagtailadmin_pages:edit", args=(result["page_id"],))
        return {
            **super().get_context_data(**kwargs),
            "job": self.job,
            "results": results,
            "outcome": outcome,
        }
