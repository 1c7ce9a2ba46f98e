"""Reminders: what the daily duty told whom, about which record, and each user's choices.

A `Reminder` row is written before its email is sent, one per (kind, recipient, record,
occasion): the unique constraint is what makes a reminder go out once, however many times the
duty runs and however many workers run it at once. The occasion says which reminder of a
series it is (60, 30 or 7 days before an accession ends; the week of an overdue action item).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ACCESSION_ENDING = "accession_ending", _("Accessions ending")
    ACTION_ITEM_DUE = "action_item_due", _("Action items due in 3 days")
    ACTION_ITEM_OVERDUE = "action_item_overdue", _("Overdue action items")
    PROGRESS_DUE = "progress_due", _("Progress reports due")
    MEETING_SOON = "meeting_soon", _("Meetings in the next 7 days")
    PILOT_EVALUATION = "pilot_evaluation", _("Pilots to evaluate")


class ReminderSettings(models.Model):
    """One user's choices: which reminders, one email each or a daily digest, and in which
    language. A user without a row gets the defaults (`for_user`)."""

    class Delivery(models.TextChoices):
        SINGLE = "single", _("One email per reminder")
        DIGEST = "digest", _("One daily digest")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_settings",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language of the emails"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.SINGLE
    )
    # The kinds the user turned off (one-click unsubscribe adds to it).
    kinds_off = models.JSONField(_("reminders turned off"), default=list, blank=True)

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self):
        return str(self.user)

    def wants(self, kind):
        return kind not in self.kinds_off


class ReminderQuerySet(models.QuerySet):
    def for_log(self):
        return self.select_related("recipient", "content_type")


class Reminder(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    occasion = models.CharField(_("occasion"), max_length=40)
    # What the record was called when the reminder was written, for the log.
    label = models.CharField(_("about"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    as_digest = models.BooleanField(_("in a digest"), default=False)
    email = models.EmailField(_("sent to"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "content_type", "object_id", "occasion"],
                name="reminders_reminder_once",
            )
        ]
        indexes = [
            # The worker claims pending reminders recipient by recipient.
            models.Index(fields=["status", "recipient"], name="reminders_status_idx"),
            # The log, newest first, filtered by kind.
            models.Index(fields=["kind", "-created_at"], name="reminders_kind_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label} → {self.recipient}"
