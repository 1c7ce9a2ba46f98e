"""Meetings of the network: who came, what was agreed, and what became of it."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import (
    has_workspace,
    is_coordinator,
    organisation_scope,
    represented_organisation_id,
)
from core.choices import ChoiceLabels
from core.storage import private_storage
from core.transliteration import search_text
from core.uploads import CleanFileField, RandomName
from core.validators import (
    validate_attachment_file,
    validate_image_content,
    validate_pdf_signature,
)
from partners.models import Municipality, Organisation, Project, Protocol, unique_slug


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coordinators see every meeting, published or not; a representative, those its
        organisation attends; anyone else, none."""
        if is_coordinator(user):
            return self
        organisation_id = represented_organisation_id(user)
        if organisation_id is None:
            return self.none()
        # A subquery, not a join: a join on attendances would change the counts that lists
        # annotate over them.
        attended = Attendance.objects.filter(
            meeting=OuterRef("pk"), organisation_id=organisation_id
        )
        return self.filter(Exists(attended))

    def published(self):
        return self.filter(is_published=True)

    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")


class Meeting(ChoiceLabels, models.Model):
    """A meeting, training, focus group, signing or vote: one event, possibly over several days."""

    class Kind(models.TextChoices):
        PARTNER_MEETING = "partner_meeting", _("Partner meeting")
        CORPORATE_TRAINING = "corporate_training", _("Corporate training")
        FOCUS_GROUP = "focus_group", _("Focus group")
        INFORMATION_SESSION = "information_session", _("Information session")
        SIGNING = "signing", _("Signing")
        PRESS_CONFERENCE = "press_conference", _("Press conference")
        WORKING_GROUP = "working_group", _("Working group")
        VOTE = "vote", _("Vote")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=90, unique=True, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("project"),
    )
    protocol = models.ForeignKey(
        Protocol,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("protocol"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(
        _("ends at"), null=True, blank=True, help_text=_("For meetings over several days too.")
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("municipality"),
    )
    participant_count = models.PositiveIntegerField(
        _("participants"),
        null=True,
        blank=True,
        help_text=_("Everyone present, including people not from partner organisations."),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    public_summary = models.TextField(_("public summary"), blank=True)
    private_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Never shown publicly.")
    )
    is_published = models.BooleanField(_("published"), default=False)
    cancelled_at = models.DateTimeField(
        _("cancelled at"),
        null=True,
        blank=True,
        help_text=_("A cancelled meeting is kept, marked cancelled, and taken out of calendars."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The titles in Latin letters, for the workspace search in either script.
    search_text = models.TextField(editable=False, default="")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="meetings_meeting_ends_after_start",
            ),
        ]
        indexes = [
            # Public news list: published meetings, newest first.
            models.Index(fields=["is_published", "-starts_at"], name="meetings_published_idx"),
            models.Index(fields=["kind"], name="meetings_kind_idx"),
            models.Index(fields=["starts_at"], name="meetings_starts_at_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.new_slug()
        self.search_text = search_text(self.title_bg, self.title_en)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The public page; it answers 404 while the meeting is unpublished."""
        return reverse("meetings:detail", args=[self.slug])

    def new_slug(self, *, taken=None):
        """The date and the title; `taken`: the slugs in use, when a bulk import loaded them."""
        # The date people see: a meeting at 00:30 in Sofia is on the previous day in UTC.
        start = self.starts_at
        if start and timezone.is_aware(start):
            start = timezone.localtime(start)
        date = f"{start:%Y-%m-%d}-" if start else ""
        text = date + (self.title_bg or self.title)
        return unique_slug(Meeting, text, max_length=90, taken=taken)

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The end cannot be before the start.")})


class Attendance(models.Model):
    """An organisation's presence at a meeting: in what role, and with how many people."""

    class Role(models.TextChoices):
        HOST = "host", _("Host")
        PARTICIPANT = "participant", _("Participant")
        SPEAKER = "speaker", _("Speaker")
        OBSERVER = "observer", _("Observer")
        PRESS = "press", _("Press")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT
    )
    people = models.PositiveSmallIntegerField(_("number of people"), default=1)

    class Meta:
        ordering = ["meeting", "organisation"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="meetings_attendance_once_per_meeting"
            ),
            models.CheckConstraint(
                condition=Q(people__gte=1),
                name="meetings_attendance_at_least_one_person",
                violation_error_message=_("At least one person attends."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} @ {self.meeting}"


class ActionItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coordinators see every action item; a representative, those its organisation is
        responsible for; anyone else, none."""
        return organisation_scope(self, user, "responsible_id")

    def of_meetings_visible_to(self, user):
        """Those of the meetings `user` may see (`Meeting.objects.visible_to`). A coordinator
        sees every meeting: no subquery, which would read all of them for each list."""
        if is_coordinator(user):
            return self
        return self.filter(meeting__in=Meeting.objects.visible_to(user))

    def open(self):
        return self.filter(status=ActionItem.Status.OPEN)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def due_within(self, days, today=None):
        """Open action items due between `today` and `today` + `days`, both included (the
        overdue ones are `overdue`). "What needs me" and the reminders read this."""
        today = today or timezone.localdate()
        return self.open().filter(due_on__range=(today, today + datetime.timedelta(days=days)))


class ActionItem(ChoiceLabels, models.Model):
    """Something a meeting agreed to do, who does it, by when, and what became of it.

    When not done, the reason is one of the two that multi-agency meetings minute, and a later
    meeting may take the item over.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        NOT_DONE = "not_done", _("Not done")
        # Handed to a later meeting (`taken_over_by`), where a copy carries on the work.
        CARRIED_OVER = "carried_over", _("Carried over")

    class NotDoneReason(models.TextChoices):
        CIRCUMSTANCES_CHANGED = "circumstances_changed", _("Circumstances changed")
        NOT_UNDERTAKEN = "not_undertaken", _("Not undertaken")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("meeting")
    )
    text = models.TextField(_("action"))
    responsible = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("responsible organisation"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default="open")
    done_on = models.DateField(_("done on"), null=True, blank=True)
    not_done_reason = models.CharField(
        _("reason not done"), max_length=30, choices=NotDoneReason.choices, blank=True
    )
    taken_over_by = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="taken_over_items",
        verbose_name=_("taken over by meeting"),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("What was done, or why not: for the network, never about a survivor."),
    )
    carried_over_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_over_to",
        verbose_name=_("carried over from"),
    )
    # The first item of a chain of carry-overs, so that one query reads a whole chain.
    origin = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first carried over from"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False)
                | (~Q(status="done") & Q(done_on__isnull=True)),
                name="meetings_actionitem_done_has_date",
            ),
            models.CheckConstraint(
                condition=Q(
                    status="not_done",
                    not_done_reason__in=["circumstances_changed", "not_undertaken"],
                )
                | ~Q(status="not_done") & Q(not_done_reason=""),
                name="meetings_actionitem_not_done_has_reason",
            ),
        ]
        indexes = [
            # Dashboard: open and overdue items.
            models.Index(fields=["status", "due_on"], name="meetings_action_status_due_idx"),
            # The tracker's "due before / after" filters and its default order.
            models.Index(fields=["due_on"], name="meetings_action_due_idx"),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def chain_root_id(self):
        """The first item of this item's chain of carry-overs (itself when it has none)."""
        return self.origin_id or self.pk

    @property
    def is_overdue(self):
        return (
            self.status == self.Status.OPEN
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )

    def clean(self):
        errors = {}
        if self.status == self.Status.DONE and not self.done_on:
            errors["done_on"] = _("Say when the action was done.")
        if self.status != self.Status.DONE and self.done_on:
            errors["done_on"] = _("Only a done action has a date done.")
        if self.done_on and self.done_on > timezone.localdate():
            errors["done_on"] = _("The date done cannot be in the future.")
        if self.status == self.Status.NOT_DONE and not self.not_done_reason:
            errors["not_done_reason"] = _("Say why the action was not done.")
        if self.status != self.Status.NOT_DONE and self.not_done_reason:
            errors["not_done_reason"] = _("Only an action not done has a reason.")
        if self.status == self.Status.CARRIED_OVER and not self.taken_over_by_id:
            errors["taken_over_by"] = _("Name the later meeting the action was carried over to.")
        elif self.taken_over_by_id and self.taken_over_by_id == self.meeting_id:
            errors["taken_over_by"] = _("An action cannot be taken over by its own meeting.")
        elif (
            self.taken_over_by_id
            and self.meeting_id
            and self.taken_over_by.starts_at < self.meeting.starts_at
        ):
            errors["taken_over_by"] = _("Only a later meeting can take an action over.")
        if errors:
            raise ValidationError(errors)


class AttachmentQuerySet(models.QuerySet):
    def public(self):
        """Marked public: the rest (private files) is for coordinators only."""
        return self.filter(is_public=True)

    def visible_to(self, user):
        """The files `user` may open: coordinators every one; anyone else, representatives
        included, the public ones of published meetings (a representative sees the public files
        of an unpublished meeting it attends named on its page, to open once it is published)."""
        if is_coordinator(user):
            return self
        return self.public().filter(meeting__is_published=True)


class Attachment(models.Model):
    """A document or photo of a meeting. Stored privately; public only when marked so and the
    meeting is published, and always served through a view that checks."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("meeting")
    )
    file = CleanFileField(
        _("file"),
        storage=private_storage,
        upload_to=RandomName("meetings"),
        validators=[validate_attachment_file, validate_pdf_signature],
        help_text=_("PDF, office document or photo (JPEG, PNG, WebP), up to 10 MB."),
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.caption or self.file.name.rsplit("/", 1)[-1]

    @property
    def is_image(self):
        return self.file.name.lower().rsplit(".", 1)[-1] in {"jpg", "jpeg", "png", "webp"}

    def clean(self):
        if self.file and self.is_image:
            try:
                validate_image_content(self.file)
            except ValidationError as error:
                raise ValidationError({"file": error}) from error


def new_feed_token():
    """A fresh secret for a calendar feed's address: 32 random bytes, 43 URL-safe characters."""
    return secrets.token_urlsafe(32)


class CalendarFeedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user with a workspace sees their own feed only, coordinators too (its secret is
        theirs); anyone else, none."""
        if not has_workspace(user):
            return self.none()
        return self.filter(user=user)


class CalendarFeed(models.Model):
    """A workspace user's private calendar feed: the secret in its address stands in for a login,
    since calendar apps cannot log in. Resetting the feed gives it a new secret, and the old
    address stops working at once.

    The secret is stored as it is, not hashed: the user's calendar page must show the address
    again whenever they come back, and the secret only opens what this same database holds.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(
        _("secret"), max_length=64, unique=True, default=new_feed_token, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    reset_at = models.DateTimeField(_("last reset at"), null=True, blank=True, editable=False)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        ordering = ["user"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("meetings:feed", args=[self.token])

    def reset(self):
        """Replace the secret: the old address answers 404 from now on."""
        self.token = new_feed_token()
        self.reset_at = timezone.now()
        self.save(update_fields=["token", "reset_at"])
