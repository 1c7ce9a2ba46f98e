"""What the shared core keeps of its own: the record of each spreadsheet import, and the list
downloads prepared in the background.

The import's table keeps the name it had when imports lived in the partners app
(`partners_importrun`): the model moved here with a migration that changes Django's state only.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .storage import private_storage


def _import_file_name(instance, filename):
    """A random name under imports/: the uploader's file name is kept only in the record."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"imports/{uuid.uuid4().hex}.{extension}"


class ImportRun(models.Model):
    """A spreadsheet brought into the portal by a coordinator: the stored file between the dry
    run and applying it, and afterwards what happened (who, when, how many rows of each kind).

    The file is deleted once the import is applied or cancelled.
    """

    class Kind(models.TextChoices):
        ORGANISATIONS = "organisations", _("Organisations")
        MEETINGS = "meetings", _("Meetings")

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        PREVIEWED = "previewed", _("Checked, not applied")
        APPLYING = "applying", _("Being applied")
        APPLIED = "applied", _("Applied")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Failed")

    # The statuses in which a background job is working on the import.
    WORKING = (Status.CHECKING, Status.APPLYING)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=_import_file_name, blank=True
    )
    file_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREVIEWED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    skipped_refused = models.BooleanField(_("refused rows skipped"), default=False)
    rows_new = models.PositiveIntegerField(_("new"), default=0)
    rows_updated = models.PositiveIntegerField(_("updated"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rows_refused = models.PositiveIntegerField(_("refused"), default=0)
    # The last run's row-by-row report (core.spreadsheets.resources.ImportReport.as_dict()).
    report = models.JSONField(_("report"), default=dict, blank=True)

    class Meta:
        db_table = "partners_importrun"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        indexes = [
            # The upload page lists the recent imports of its kind.
            models.Index(fields=["kind", "-created_at"], name="partners_importrun_kind_idx"),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_kind_display()}, {self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_working(self):
        return self.status in self.WORKING

    def record_report(self, report):
        counts = report["counts"]
        self.report = report
        self.rows_new = counts["new"]
        self.rows_updated = counts["update"]
        self.rows_unchanged = counts["unchanged"]
        self.rows_refused = counts["refused"]


def _download_file_name(instance, filename):
    """A random name under downloads/: the file's own name is kept in the record."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"downloads/{uuid.uuid4().hex}.{extension}"


class DownloadQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A download is its requester's alone: a colleague, even a coordinator, never sees it."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)


class Download(models.Model):
    """A list download prepared in the background: the workspace list's address with its
    filters, as its requester saw it, made into a CSV or XLSX file by a job that asks the list
    for the file as that user (`core.spreadsheets.download_jobs`). The file waits in the
    private storage for its requester alone and is deleted, with the record, after a day.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        WORKING = "working", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    class Failure(models.TextChoices):
        FORBIDDEN = "forbidden", _("You may not download this list.")
        ERROR = "error", _("The file could not be prepared.")

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel (XLSX)")

    # The statuses in which the file is still to come.
    WAITING = (Status.QUEUED, Status.WORKING)
    # A file still to come this long after it was asked for lost its worker (a restart): the
    # page says so, and asking again starts a new download instead of waiting for this one.
    STUCK_AFTER = timedelta(minutes=30)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    # The list's address in the portal with its filters and sort, without ?export= and ?page=.
    path = models.CharField(_("list"), max_length=2000)
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    failure = models.CharField(
        _("why it failed"), max_length=10, choices=Failure.choices, blank=True
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=_download_file_name, blank=True
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = DownloadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("list download")
        verbose_name_plural = _("list downloads")
        indexes = [
            # The daily duty deletes the downloads requested more than a day ago.
            models.Index(fields=["created_at"], name="core_download_created_idx"),
        ]

    def __str__(self):
        return self.file_name or f"{self.path} ({self.file_format})"

    def get_absolute_url(self):
        return reverse("core:download", args=[self.pk])

    @property
    def is_waiting(self):
        return self.status in self.WAITING

    @property
    def is_stuck(self):
        return self.is_waiting and self.created_at < timezone.now() - self.STUCK_AFTER
