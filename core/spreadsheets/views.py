"""Spreadsheet imports in the workspace, for coordinators: upload (its dry run queued as a
background job), the preview of every row, apply (queued too) or cancel, the template files,
and the progress an import's page polls while a job works on it.

The pages are the same for every kind of record. An app describes its kind with an
`ImportPages` (its resource, title and list page) and adds `pages.urlpatterns()` to its URLs:
seven addresses under one prefix, named `<name>`, `<name>_run`, `<name>_progress`,
`<name>_apply`, `<name>_cancel`, `<name>_template_xlsx` and `<name>_template_csv`.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..access import coordinator_required
from ..jobs import read_progress
from ..models import ImportRun
from .forms import ImportApplyForm, ImportUploadForm
from .jobs import import_cancel, progress_key, start_apply, start_check
from .templates import template_response

RECENT_IMPORTS = 10


@dataclass(frozen=True)
class ImportPages:
    """One kind of import: its resource, title and list page; `namespace` and `name` give its
    URL names (`<namespace>:<name>`, `…_run`, `…_apply`, `…_cancel`, `…_template_xlsx`,
    `…_template_csv`), and `basename` the names of its template files."""

    kind: str
    resource_class: type
    title: str
    list_url_name: str
    namespace: str
    name: str
    basename: str

    @property
    def url_prefix(self):
        """`<namespace>:<name>`, to which the templates add the page's suffix."""
        return f"{self.namespace}:{self.name}"

    def url(self, suffix="", *args):
        return reverse(self.url_prefix + suffix, args=args)

    def urlpatterns(self, prefix):
        """The import's pages under `prefix` (such as "manage/organisations/import/"), for
        coordinators only, each answering only the methods it serves."""
        get_or_post = require_http_methods(["GET", "HEAD", "POST"])

        def view(decorate, page, **fixed):
            def wrapped(request, **kwargs):
                return page(request, self, **fixed, **kwargs)

            wrapped.__name__ = wrapped.__qualname__ = f"{self.name}_{page.__name__}"
            return decorate(coordinator_required(wrapped))

        name = self.name
        return [
            path(prefix, view(get_or_post, upload_page), name=name),
            path(
                f"{prefix}template.xlsx",
                view(require_safe, template_file, file_format="xlsx"),
                name=f"{name}_template_xlsx",
            ),
            path(
                f"{prefix}template.csv",
                view(require_safe, template_file, file_format="csv"),
                name=f"{name}_template_csv",
            ),
            path(f"{prefix}<int:pk>/", view(require_safe, run_page), name=f"{name}_run"),
            path(
                f"{prefix}<int:pk>/progress/",
                view(require_safe, run_progress),
                name=f"{name}_progress",
            ),
            path(f"{prefix}<int:pk>/apply/", view(require_POST, run_apply), name=f"{name}_apply"),
            path(
                f"{prefix}<int:pk>/cancel/", view(require_POST, run_cancel), name=f"{name}_cancel"
            ),
        ]


def _context(pages, **extra):
    return {
        "pages": pages,
        "upload_url": pages.url(),
        "list_url": reverse(pages.list_url_name),
        "template_xlsx_url": pages.url("_template_xlsx"),
        "template_csv_url": pages.url("_template_csv"),
        **extra,
    }


def upload_page(request, pages):
    """Step 1: choose a file; it is checked row by row and nothing is saved yet."""
    posted = request.method == "POST"
    form = ImportUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        resource_class=pages.resource_class,
    )
    if posted and form.is_valid():
        run = start_check(
            kind=pages.kind,
            resource_class=pages.resource_class,
            upload=form.cleaned_data["file"],
            user=request.user,
            language=request.LANGUAGE_CODE,
        )
        return redirect(pages.url("_run", run.pk))
    recent = ImportRun.objects.filter(kind=pages.kind).select_related("created_by")
    return render(
        request,
        "manage/import_upload.html",
        _context(pages, form=form, recent=recent[:RECENT_IMPORTS]),
    )


def _run_for(pages, pk):
    return get_object_or_404(ImportRun.objects.select_related("created_by"), pk=pk, kind=pages.kind)


def _preview(request, pages, run, form, status=200):
    report = run.report or {}
    rows = report.get("rows", [])
    return render(
        request,
        "manage/import_preview.html",
        _context(
            pages,
            run=run,
            form=form,
            rows=rows,
            report=report,
            hidden_rows=report.get("total", 0) - len(rows),
            progress=read_progress(progress_key(run.pk)) if run.is_working else None,
        ),
        status=status,
    )


def run_page(request, pages, pk):
    """Step 2: what applying the file would do (or did) to each row; while a job works on the
    file, how far it has come."""
    run = _run_for(pages, pk)
    form = ImportApplyForm(run=run)
    form.apply_failed = (run.report or {}).get("apply_failed", False)
    return _preview(request, pages, run, form)


def run_progress(request, pages, pk):
    """For the page's script (js/import-progress.js): the import's status and, while a job
    works on it, {"phase", "done", "total"}; the script reloads the page when the status
    changes."""
    run = _run_for(pages, pk)
    answer = {"status": run.status}
    if run.is_working:
        answer.update(read_progress(progress_key(run.pk)) or {})
    return JsonResponse(answer)


def run_apply(request, pages, pk):
    """Queue applying the checked file, all or nothing; the import's page follows it."""
    run = _run_for(pages, pk)
    form = ImportApplyForm(request.POST, run=run)
    if run.status == ImportRun.Status.PREVIEWED and not form.is_valid():
        return _preview(request, pages, run, form)
    queued = run.status == ImportRun.Status.PREVIEWED and start_apply(
        run=run,
        resource_class=pages.resource_class,
        user=request.user,
        skip_refused=form.cleaned_data["skip_refused"],
        language=request.LANGUAGE_CODE,
    )
    if not queued:
        # Applied or cancelled meanwhile (a second click, a colleague).
        messages.info(request, _("This import is no longer waiting to be applied."))
    return redirect(pages.url("_run", run.pk))


def run_cancel(request, pages, pk):
    run = _run_for(pages, pk)
    if run.status == ImportRun.Status.PREVIEWED:
        import_cancel(run=run)
        messages.success(request, _("The import is cancelled and its file deleted."))
    return redirect(pages.url())


def template_file(request, pages, file_format):
    """The file to fill in: bilingual headers and an example row; the XLSX also lists every
    allowed value on a second sheet."""
    return template_response(pages.resource_class(), pages.basename, file_format)
