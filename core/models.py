"""What the shared core keeps of its own: the record of each spreadsheet import.

The table keeps the name it had when imports lived in the partners app (`partners_importrun`):
the model moved here with a migration that changes Django's state only.
"""

import uuid

from django.conf import settings
from django.db import models
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
