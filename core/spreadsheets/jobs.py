"""Running a spreadsheet import as background jobs: the check (a dry run that reports every
row) and the apply (all or nothing in one transaction), each queued by the page and run by the
worker, so a file of any size outlives the web request that sent it.

An import's status says where it is: being checked → checked (the report waits for the
coordinator) → being applied → applied, or back to checked with "nothing was saved" when a row
failed. Progress ("rows done / total") goes to `core.jobs.report_progress` under the import's
key, so its page shows it after a reload and in any other browser.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ..jobs import clear_progress, job, report_progress
from ..models import ImportRun
from .reading import read_table
from .resources import ImportStopped

CHECK, APPLY = "check", "apply"
# An import still "being checked" or "being applied" this long after its last change lost its
# worker (a crash, a restart): the daily duty marks it failed. Nothing of it was saved.
STUCK_AFTER = timedelta(hours=6)


def progress_key(run_pk):
    return f"import:{run_pk}"


def _reporter(run_pk, phase):
    def report(done, total):
        report_progress(progress_key(run_pk), phase=phase, done=done, total=total)

    return report


def _resource_path(resource_class):
    return f"{resource_class.__module__}.{resource_class.__qualname__}"


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


def _failed_report(message):
    return {
        "counts": {"new": 0, "update": 0, "unchanged": 0, "refused": 0},
        "rows": [],
        "total": 0,
        "failures": 0,
        "errors": [message],
    }


def start_check(*, kind, resource_class, upload, user, language):
    """Store the uploaded file (already read once by the form, so it is one the portal can
    use) and queue its dry run. Returns the import's record."""
    run = ImportRun(
        kind=kind, file_name=upload.name[:255], created_by=user, status=ImportRun.Status.CHECKING
    )
    run.file.save(upload.name, upload, save=False)
    with transaction.atomic():
        run.save()
        check_import.enqueue(run.pk, _resource_path(resource_class), user.pk, language)
    return run


def start_apply(*, run, resource_class, user, skip_refused, language):
    """Queue applying a checked import. False when it is no longer waiting to be applied
    (applied or cancelled meanwhile, or a second click)."""
    with transaction.atomic():
        waiting = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.PREVIEWED)
        if not waiting.update(status=ImportRun.Status.APPLYING, updated_at=timezone.now()):
            return False
        apply_import.enqueue(
            run.pk, _resource_path(resource_class), user.pk, language, skip_refused
        )
    return True


def _user(user_id):
    return get_user_model().objects.filter(pk=user_id).first()


@job()
def check_import(run_id, resource_path, user_id, language):
    """The dry run of a stored file: nothing is written but the report of what applying it
    would do to each row."""
    run = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.CHECKING).first()
    if run is None:
        return  # Checked already, or cancelled: a job runs its work once.
    resource_class = import_string(resource_path)
    with translation.override(language):
        try:
            with run.file.open("rb") as stored:
                table = read_table(stored, run.file_name, resource_class)
            with transaction.atomic():
                report, _ok = _run_resource(
                    resource_class,
                    table,
                    user=_user(user_id),
                    dry_run=True,
                    skip_refused=False,
                    progress=_reporter(run.pk, CHECK),
                )
                # A dry run writes nothing; should anything have been written, it is undone.
                transaction.set_rollback(True)
        except ValidationError as error:
            report = _failed_report(" ".join(error.messages))
        except Exception:
            _fail(run, _("The file could not be checked. Nothing was saved."))
            raise
    run.record_report(report)
    run.status = ImportRun.Status.PREVIEWED
    run.save()
    clear_progress(progress_key(run.pk))


@job()
def apply_import(run_id, resource_path, user_id, language, skip_refused):
    """Apply the stored file, every row checked again, in one transaction: a refused row
    (unless `skip_refused`) or any failure leaves the database as it was, and the import is
    back to "checked" with the report saying why."""
    resource_class = import_string(resource_path)
    with translation.override(language):
        try:
            with transaction.atomic():
                run = (
                    ImportRun.objects.select_for_update()
                    .filter(pk=run_id, status=ImportRun.Status.APPLYING)
                    .first()
                )
                if run is None:
                    return  # Applied already: a job runs its work once.
                with run.file.open("rb") as stored:
                    table = read_table(stored, run.file_name, resource_class)
                report, applied = _run_resource(
                    resource_class,
                    table,
                    user=_user(user_id),
                    dry_run=False,
                    skip_refused=skip_refused,
                    progress=_reporter(run.pk, APPLY),
                    reason=f"Spreadsheet import: {run.file_name}"[:100],
                )
                if not applied:
                    transaction.set_rollback(True)
        except Exception:
            run = ImportRun.objects.get(pk=run_id)
            _fail(run, _("The file could not be applied. Nothing was saved."))
            raise
    run.record_report(report)
    if applied:
        run.status = ImportRun.Status.APPLIED
        run.applied_at = timezone.now()
        run.skipped_refused = skip_refused and run.rows_refused > 0
        run.file.delete(save=False)
    else:
        run.status = ImportRun.Status.PREVIEWED
        run.report["apply_failed"] = True
    run.save()
    clear_progress(progress_key(run.pk))


def _fail(run, message):
    run.record_report(_failed_report(message))
    run.status = ImportRun.Status.FAILED
    run.file.delete(save=False)
    run.save()
    clear_progress(progress_key(run.pk))


def import_cancel(*, run):
    """Forget a checked file without applying it."""
    run.file.delete(save=False)
    run.status = ImportRun.Status.CANCELLED
    run.save(update_fields=["file", "status", "updated_at"])


# A checked import nobody applied or cancelled is cancelled after this many days: an uploaded
# partner list holds contact details, so its file should not wait forever.
STALE_AFTER = timedelta(days=7)


def clear_stale_imports(now=None, *, stale_after=STALE_AFTER):
    """Cancel imports checked more than `stale_after` ago and never applied (deleting their
    files), and fail the stuck ones; returns (cancelled, failed)."""
    now = now or timezone.now()
    stale = ImportRun.objects.filter(
        status=ImportRun.Status.PREVIEWED, created_at__lt=now - stale_after
    )
    cancelled = 0
    for run in stale:
        import_cancel(run=run)
        cancelled += 1
    return cancelled, fail_stuck_imports(now)


def fail_stuck_imports(now=None):
    """Imports whose worker was lost mid-way (see STUCK_AFTER) become failed; returns how many."""
    cutoff = (now or timezone.now()) - STUCK_AFTER
    stuck = ImportRun.objects.filter(
        status__in=[ImportRun.Status.CHECKING, ImportRun.Status.APPLYING], updated_at__lt=cutoff
    )
    count = 0
    for run in stuck:
        _fail(run, _("The import was interrupted and has stopped. Nothing was saved."))
        count += 1
    return count
