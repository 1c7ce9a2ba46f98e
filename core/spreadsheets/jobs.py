"""Running a spreadsheet import: the dry run that stores the file and reports every row, applying
it all or nothing in one transaction, cancelling, and the progress that the page shows.

Progress ("rows done / total") goes to the cache under a random key chosen by the page, so any
process behind the proxy can answer the page's polling (the shared cache in production).
"""

import re

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ImportRun
from .reading import read_table
from .resources import ImportStopped

PROGRESS_KEY = re.compile(r"[0-9a-f]{32}")
PROGRESS_SECONDS = 60 * 60
CHECK, APPLY = "check", "apply"


def _cache_key(key):
    return f"import-progress:{key}"


def progress_reporter(key, phase):
    """A callable(done, total) that records progress under `key`, or None without a key."""
    if not key or not PROGRESS_KEY.fullmatch(key):
        return None

    def report(done, total):
        cache.set(_cache_key(key), {"phase": phase, "done": done, "total": total}, PROGRESS_SECONDS)

    return report


def read_progress(key):
    """{"phase", "done", "total"} recorded under `key`, or None."""
    if not key or not PROGRESS_KEY.fullmatch(key):
        return None
    return cache.get(_cache_key(key))


def _run_resource(resource_class, table, *, user, dry_run, skip_refused, progress, reason=None):
    """Run `resource_class` over `table`; returns (report, ok). Not ok: a row failed to save,
    the file as a whole failed, or a row is refused and refused rows are not to be skipped."""
    resource = resource_class(
        user=user,
        progress=progress,
        row_numbers=table.row_numbers,
        ignored_columns=table.ignored_columns,
        reason=reason,
    )
    if progress:
        progress(0, len(table.dataset))
    try:
        result = resource.import_data(table.dataset, dry_run=dry_run)
        errors = [str(error.error) for error in result.base_errors]
    except ImportStopped as stopped:
        errors = [
            _("Row %(row)s could not be saved, so applying stopped there and nothing was saved.")
            % {"row": stopped.args[0]}
        ]
    report = resource.report.as_dict()
    report["errors"] = errors
    ok = not report["errors"] and not report["failures"]
    if not skip_refused and report["counts"]["refused"]:
        ok = False
    return report, ok


def import_check(*, kind, resource_class, table, upload, user, progress_key=""):
    """The dry run of an uploaded file (already read into `table`): nothing is written but the
    stored file and the report of what applying it would do to each row."""
    with transaction.atomic():
        report, _ok = _run_resource(
            resource_class,
            table,
            user=user,
            dry_run=True,
            skip_refused=False,
            progress=progress_reporter(progress_key, CHECK),
        )
        # A dry run writes nothing; should anything have been written, it is undone.
        transaction.set_rollback(True)
    run = ImportRun(kind=kind, file_name=upload.name[:255], created_by=user)
    run.record_report(report)
    run.file.save(upload.name, upload, save=False)
    run.save()
    return run


def import_apply(*, run, resource_class, user, skip_refused, progress_key=""):
    """Apply the stored file of `run`, every row checked again, in one transaction: a refused
    row (unless `skip_refused`) or any failure leaves the database as it was. Returns True when
    applied; either way `run.report` says what happened to each row."""
    with transaction.atomic():
        # Locked before the file is read: a request that applied or cancelled it meanwhile has
        # also deleted the file.
        locked = ImportRun.objects.select_for_update().filter(
            pk=run.pk, status=ImportRun.Status.PREVIEWED
        )
        if not locked.exists():
            return False
        with run.file.open("rb") as stored:
            table = read_table(stored, run.file_name, resource_class)
        report, applied = _run_resource(
            resource_class,
            table,
            user=user,
            dry_run=False,
            skip_refused=skip_refused,
            progress=progress_reporter(progress_key, APPLY),
            reason=f"Spreadsheet import: {run.file_name}"[:100],
        )
        if not applied:
            transaction.set_rollback(True)
    run.record_report(report)
    if applied:
        run.status = ImportRun.Status.APPLIED
        run.applied_at = timezone.now()
        run.skipped_refused = skip_refused and run.rows_refused > 0
        run.file.delete(save=False)
    run.save()
    return applied


def import_cancel(*, run):
    """Forget a checked file without applying it."""
    run.file.delete(save=False)
    run.status = ImportRun.Status.CANCELLED
    run.save(update_fields=["file", "status"])
