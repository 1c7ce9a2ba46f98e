"""Support measures: proposed, voted on by the network, piloted in a region, evaluated."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceLabels
from core.dates import add_months
from core.figures import percent
from core.transliteration import search_text
from meetings.models import Meeting
from partners.models import Municipality, Organisation, Project, Region, SupportArea

PILOT_MONTHS = 9


class Measure(ChoiceLabels, models.Model):
    """A support measure for survivors that the network proposes, votes on and may pilot.

    Pipeline: proposed → discussed → selected → piloting → evaluated → adopted / rejected; the
    steps allowed are `NEXT_STATUSES`, checked by `clean()` (forms, admin).
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        DISCUSSED = "discussed", _("Discussed")
        SELECTED = "selected", _("Selected")
        PILOTING = "piloting", _("Piloting")
        EVALUATED = "evaluated", _("Evaluated")
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")

    # The one definition of the pipeline: where a measure may go from each status (staying
    # where it is is always allowed). A new measure starts as proposed. Back steps are the two
    # the network takes: a cancelled pilot returns the measure to selected, and an evaluation
    # may send it to another round of piloting. Adopted and rejected are final.
    INITIAL_STATUSES = (Status.PROPOSED,)
    NEXT_STATUSES = {
        Status.PROPOSED: (Status.DISCUSSED, Status.REJECTED),
        Status.DISCUSSED: (Status.SELECTED, Status.REJECTED),
        Status.SELECTED: (Status.PILOTING, Status.REJECTED),
        Status.PILOTING: (Status.EVALUATED, Status.SELECTED),
        Status.EVALUATED: (Status.ADOPTED, Status.REJECTED, Status.PILOTING),
        Status.ADOPTED: (),
        Status.REJECTED: (),
    }

    number = models.PositiveSmallIntegerField(_("number"))
    slug = models.SlugField(_("slug"), max_length=90, unique=True)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    support_area = models.ForeignKey(
        SupportArea,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("support area"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("project"),
    )
    archived_at = models.DateTimeField(
        _("archived at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Entered by mistake but referred to elsewhere: kept, out of the lists."),
    )
    # The titles in Latin letters, for the workspace search in either script.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["project", "number"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="measures_measure_unique_number_per_project"
            ),
            # The constraint above lets NULLs repeat: measures without a project are one series.
            models.UniqueConstraint(
                fields=["number"],
                condition=Q(project__isnull=True),
                name="measures_measure_unique_number_without_project",
                violation_error_message=_("A measure without a project already has this number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="measures_measure_number_positive",
                violation_error_message=_("Measures are numbered from 1."),
            ),
        ]
        indexes = [models.Index(fields=["status"], name="measures_measure_status_idx")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def save(self, *args, **kwargs):
        self.search_text = search_text(self.title_bg, self.title_en)
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def get_absolute_url(self):
        return reverse("measures:detail", args=[self.slug])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The status as stored, which the pipeline moves from (a form changes `status` first).
        instance._stored_status = instance.__dict__.get("status")
        return instance

    @property
    def stored_status(self):
        """The status saved in the database, None for a measure not saved yet."""
        if self.pk is None:
            return None
        if getattr(self, "_stored_status", None) is None:
            self._stored_status = (
                Measure.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            )
        return self._stored_status

    def allowed_statuses(self):
        """The statuses this measure may be saved with: its stored one and the next steps from
        it (`NEXT_STATUSES`), or `INITIAL_STATUSES` when it is new; in the pipeline's order."""
        stored = self.stored_status
        allowed = (
            {stored, *self.NEXT_STATUSES.get(stored, ())} if stored else set(self.INITIAL_STATUSES)
        )
        return [status for status in self.Status if status in allowed]

    def status_move_error(self):
        """The message refusing the move to `status`, or None when the pipeline allows it."""
        if self.status in self.allowed_statuses():
            return None
        stored = self.stored_status
        steps = self.NEXT_STATUSES.get(stored, ()) if stored else self.INITIAL_STATUSES
        params = {
            "stored": self.Status(stored).label if stored else "",
            "status": self.Status(self.status).label if self.status in self.Status else self.status,
            "allowed": ", ".join(str(self.Status(status).label) for status in steps),
        }
        if stored is None:
            return _("A new measure starts as “%(allowed)s”.") % params
        if not steps:
            return _("A measure that is “%(stored)s” stays so: it cannot become “%(status)s”.") % (
                params
            )
        return (
            _(
                "A measure that is “%(stored)s” cannot become “%(status)s”; its next steps: "
                "%(allowed)s."
            )
            % params
        )

    def clean(self):
        error = self.status_move_error()
        if error:
            raise ValidationError({"status": error})


class Vote(models.Model):
    """The vote a meeting held on measures: how many could vote and how many ballots were cast."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.PROTECT, related_name="vote", verbose_name=_("meeting")
    )
    question = models.CharField(_("question"), max_length=250, blank=True)
    eligible = models.PositiveIntegerField(_("eligible to vote"))
    ballots_cast = models.PositiveIntegerField(_("ballots cast"))

    class Meta:
        ordering = ["-meeting__starts_at"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=Q(ballots_cast__lte=models.F("eligible")),
                name="measures_vote_ballots_within_eligible",
            ),
        ]

    def __str__(self):
        return str(self.meeting)

    @property
    def turnout(self):
        return self.ballots_cast / self.eligible if self.eligible else None

    def clean(self):
        if (
            self.eligible is not None
            and self.ballots_cast is not None
            and self.ballots_cast > self.eligible
        ):
            raise ValidationError({"ballots_cast": _("More ballots than people eligible to vote.")})


class VoteTally(models.Model):
    """How many ballots supported one measure in one vote (a ballot may support several)."""

    vote = models.ForeignKey(
        Vote, on_delete=models.CASCADE, related_name="tallies", verbose_name=_("vote")
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="tallies", verbose_name=_("measure")
    )
    votes_for = models.PositiveIntegerField(_("votes for"))

    class Meta:
        ordering = ["vote", "-votes_for"]
        verbose_name = _("vote tally")
        verbose_name_plural = _("vote tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "measure"], name="measures_votetally_once_per_measure"
            ),
        ]

    def __str__(self):
        return f"{self.measure}: {self.votes_for}"

    @property
    def share(self):
        """The votes for the measure as a whole per cent of the ballots cast, None when none
        were: the figure of the public vote results, the measure's page and the funder report."""
        return percent(self.votes_for, self.vote.ballots_cast)

    def clean(self):
        if self.vote_id and self.votes_for is not None and self.votes_for > self.vote.ballots_cast:
            raise ValidationError({"votes_for": _("More votes for a measure than ballots cast.")})


def evaluation_due_condition(today=None):
    """The one definition of a pilot whose evaluation is due on `today`: its window has ended
    (its last day is before `today`), it was neither cancelled nor archived (entered by
    mistake), and no decision is recorded."""
    today = today or timezone.localdate()
    return Q(ends_on__lt=today, decision="", archived_at__isnull=True) & ~Q(
        status=Pilot.Status.CANCELLED
    )


class PilotQuerySet(models.QuerySet):
    def running(self):
        return self.filter(status=Pilot.Status.RUNNING)

    def evaluation_due(self, today=None):
        """Pilots to evaluate on `today` (`evaluation_due_condition`): "What needs me", the
        reminders, and the "evaluation due" badges (through `Pilot.is_evaluation_due`)."""
        return self.filter(evaluation_due_condition(today))


class Pilot(ChoiceLabels, models.Model):
    """A measure tried in one region for a period (nine months unless said otherwise), with
    milestones and indicators, ending in an evaluation and a decision."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    class Decision(models.TextChoices):
        SCALE_UP = "scale_up", _("Scale up")
        CONTINUE = "continue", _("Continue")
        STOP = "stop", _("Stop")

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="pilots", verbose_name=_("measure")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="pilots", verbose_name=_("region")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pilots",
        verbose_name=_("municipality"),
    )
    implementers = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="pilots",
        verbose_name=_("implementing organisations"),
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(
        _("end"), blank=True, help_text=_("Nine months after the start if left empty.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    evaluation = models.TextField(_("evaluation"), blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    archived_at = models.DateTimeField(
        _("archived at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Entered by mistake but referred to elsewhere: kept, out of the lists."),
    )
    objects = PilotQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="measures_pilot_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(decision="") | Q(status="completed"),
                name="measures_pilot_decision_after_completion",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="measures_pilot_status_idx")]

    def __str__(self):
        return f"{self.measure} – {self.region}"

    def save(self, *args, **kwargs):
        if self.starts_on and not self.ends_on:
            self.ends_on = add_months(self.starts_on, PILOT_MONTHS)
        super().save(*args, **kwargs)

    @property
    def is_evaluation_due(self):
        """The badge "evaluation due": the same rule as `evaluation_due_condition`, read from
        the record in hand (no query)."""
        return (
            self.status != self.Status.CANCELLED
            and self.archived_at is None
            and not self.decision
            and self.ends_on is not None
            and self.ends_on < timezone.localdate()
        )

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end cannot be before the start.")
        if self.decision and self.status != self.Status.COMPLETED:
            errors["decision"] = _("A decision is taken only when the pilot is completed.")
        if (
            self.municipality_id
            and self.region_id
            and self.municipality.region_id != self.region_id
        ):
            errors["municipality"] = _("This municipality is not in the chosen region.")
        if errors:
            raise ValidationError(errors)


class Milestone(models.Model):
    """A step of a pilot with a due date."""

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("pilot")
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["pilot", "due_on"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title

    def clean(self):
        if self.done_on and self.done_on > timezone.localdate():
            raise ValidationError({"done_on": _("The date done cannot be in the future.")})


class Indicator(models.Model):
    """What a pilot measures, from a baseline towards a target, read at dates over time."""

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("pilot")
    )
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["pilot", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline__gte=0) & Q(target__gte=0),
                name="measures_indicator_not_negative",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def latest_reading(self):
        """The most recent reading; uses prefetched readings when there are any."""
        readings = list(self.readings.all())
        return max(readings, key=lambda reading: reading.measured_on) if readings else None

    def progress(self, value):
        """How far `value` (a reading's) went from the baseline towards the target, as a whole
        per cent: 0 at the baseline, 100 at the target, below 0 or above 100 when it went back
        or beyond. None without a value.

        When the target is the baseline there is no way to go: the indicator is reached (100)
        once a reading is at least the target, and not (0) below it. The pilot page, the
        dashboard and the funder report all show this figure."""
        if value is None:
            return None
        if self.target == self.baseline:
            return 100 if value >= self.target else 0
        return percent(value - self.baseline, self.target - self.baseline)


class IndicatorReading(models.Model):
    """The value of an indicator on a date: the series shows progress towards the target."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="readings", verbose_name=_("indicator")
    )
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(
        _("value"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["indicator", "measured_on"]
        verbose_name = _("indicator reading")
        verbose_name_plural = _("indicator readings")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"], name="measures_reading_once_per_date"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="measures_reading_not_negative"),
        ]

    def __str__(self):
        return f"{self.measured_on}: {self.value}"

    def clean(self):
        if self.measured_on and self.measured_on > timezone.localdate():
            raise ValidationError({"measured_on": _("A reading cannot be dated in the future.")})
