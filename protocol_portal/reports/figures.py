"""The funder report's figures: for one project and one period, what the network did.

Every figure is a queryset function here. The report page and the spreadsheet aggregate those
querysets in the database; the drill-down pages list the very same querysets, so a figure and
the records behind it cannot disagree. The page makes the same number of queries whatever the
number of meetings, organisations or commitments: every table is one grouped query.

A period is two dates, both included. A meeting belongs to it by its start (local time), and
only when that start is not in the future: a report counts what has happened.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import local_midnight
from core.figures import percent
from measures.models import Indicator, IndicatorReading, Measure, Pilot, VoteTally
from meetings.models import Attendance, Meeting
from partners.models import (
    Accession,
    Commitment,
    CommitmentUpdate,
    Deliverable,
    Organisation,
    SupportArea,
)


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: datetime.date
    end: datetime.date

    @property
    def starts_at(self):
        """The first moment of the period, in the site's time zone."""
        return local_midnight(self.start)

    @property
    def ends_before(self):
        """The first moment after the period."""
        return local_midnight(self.end + datetime.timedelta(days=1))

    @property
    def days(self):
        return (self.start, self.end)


# --- The records behind each figure ---------------------------------------------------------------


def held_meetings(project, period, *, kind=None, without_count=False, now=None):
    """The project's meetings that started within the period and not in the future; a
    cancelled meeting was not held."""
    meetings = Meeting.objects.filter(
        project=project,
        cancelled_at__isnull=True,
        starts_at__gte=period.starts_at,
        starts_at__lt=period.ends_before,
        starts_at__lte=now or timezone.now(),
    )
    if kind:
        meetings = meetings.filter(kind=kind)
    if without_count:
        meetings = meetings.filter(participant_count__isnull=True)
    return meetings


def reached_organisation_ids(project, period, *, kind=None, now=None):
    """Ids of the organisations recorded as present at those meetings (repeats possible)."""
    return Attendance.objects.filter(
        meeting__in=held_meetings(project, period, kind=kind, now=now)
    ).values("organisation_id")


def signed_accessions(period):
    """Accessions to any protocol signed within the period, whatever their status since (a
    draft's date is only planned, so drafts are left out; nor do archived ones, entered by
    mistake)."""
    return Accession.objects.filter(
        status__in=Accession.SIGNED, signed_on__range=period.days, archived_at__isnull=True
    )


def reached_organisations(project, period, *, kind=None, sector=None, now=None):
    """Distinct organisations present at one or more of the project's meetings held in the
    period (of one kind of meeting, or one sector, when given)."""
    organisations = Organisation.objects.filter(
        pk__in=reached_organisation_ids(project, period, kind=kind, now=now)
    )
    return organisations.filter(sector=sector) if sector else organisations


def joined_organisations(period, *, sector=None):
    """Distinct organisations with an accession signed within the period."""
    organisations = Organisation.objects.filter(
        pk__in=signed_accessions(period).values("organisation_id")
    )
    return organisations.filter(sector=sector) if sector else organisations


def joined_reached_organisations(project, period, *, sector=None, now=None):
    """Organisations that joined in the period and were present at the project's meetings."""
    return joined_organisations(period, sector=sector).filter(
        pk__in=reached_organisation_ids(project, period, now=now)
    )


def commitments_made(period, *, area=None, status=None, with_target=False):
    """Commitments of the accessions signed within the period (of one support area, given by
    its code, and one status, when given)."""
    commitments = Commitment.objects.filter(
        accession__status__in=Accession.SIGNED, accession__signed_on__range=period.days
    )
    if area:
        commitments = commitments.filter(support_area__code=area)
    if status:
        commitments = commitments.filter(status=status)
    if with_target:
        commitments = commitments.filter(target__isnull=False)
    return commitments


def progress_updates(period, *, area=None, within_period=False, towards_target=False):
    """Progress reports on those commitments dated up to the end of the period (only within the
    period, or only on commitments with a target, when asked)."""
    updates = CommitmentUpdate.objects.filter(
        commitment__in=commitments_made(period, area=area, with_target=towards_target),
        reported_on__lte=period.end,
    )
    if within_period:
        updates = updates.filter(reported_on__gte=period.start)
    return updates


def vote_tallies(project, period, *, now=None):
    """Votes for the project's measures in votes held at meetings that started in the period."""
    return VoteTally.objects.filter(
        measure__project=project,
        vote__meeting__starts_at__gte=period.starts_at,
        vote__meeting__starts_at__lt=period.ends_before,
        vote__meeting__starts_at__lte=now or timezone.now(),
    )


def voted_measures(project, period, *, now=None):
    """The project's measures with a tally in a vote held in the period."""
    return Measure.objects.filter(
        pk__in=vote_tallies(project, period, now=now).values("measure_id"),
        archived_at__isnull=True,
    )


def period_pilots(project, period):
    """Pilots of the project's measures whose dates overlap the period, unless cancelled or
    archived (entered by mistake)."""
    return Pilot.objects.filter(
        measure__project=project,
        starts_on__lte=period.end,
        ends_on__gte=period.start,
        archived_at__isnull=True,
    ).exclude(status=Pilot.Status.CANCELLED)


def project_deliverables(project):
    """The project's expected results: their target and achieved are today's values."""
    return Deliverable.objects.filter(project=project)


# --- What the drill-down pages may list ---------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A figure of the report: its name, what it counts, the kind of record behind it, the
    filters (query-string keys) its breakdowns use, and for a sum the field it adds up (a
    count otherwise)."""

    slug: str
    label: str
    definition: str
    record: str
    filters: tuple = ()
    sum_of: str = ""


FIGURES = {
    figure.slug: figure
    for figure in (
        Figure(
            "meetings",
            _("Meetings held"),
            _(
                "Meetings of the project that started within the period and not after the "
                "report was made, of every kind."
            ),
            "meeting",
            ("kind",),
        ),
        Figure(
            "participants",
            _("Participants"),
            _(
                "The sum of the participant counts recorded on those meetings: everyone "
                "present, not only people from partner organisations. A meeting without a "
                "recorded count adds nothing; such meetings are counted separately."
            ),
            "meeting",
            ("kind",),
            "participant_count",
        ),
        Figure(
            "meetings-without-count",
            _("Meetings without a participant count"),
            _("Meetings held in the period with no participant count recorded."),
            "meeting",
            ("kind",),
        ),
        Figure(
            "organisations-reached",
            _("Organisations reached"),
            _(
                "Distinct organisations recorded as present at one or more of the project's "
                "meetings held in the period; each counts once however many meetings it "
                "attended."
            ),
            "organisation",
            ("kind", "sector"),
        ),
        Figure(
            "organisations-joined",
            _("Organisations joined"),
            _(
                "Distinct organisations that signed an accession to a protocol of the network "
                "(any protocol) dated within the period, whatever became of the accession "
                "since. Drafts are not counted."
            ),
            "organisation",
            ("sector",),
        ),
        Figure(
            "organisations-joined-reached",
            _("Joined and reached"),
            _(
                "Organisations that joined in the period and were also present at the "
                "project's meetings held in the period."
            ),
            "organisation",
            ("sector",),
        ),
        Figure(
            "commitments",
            _("Commitments made"),
            _(
                "The commitments in the accessions signed within the period (those of the "
                "organisations joined), by support area; their status is today's."
            ),
            "commitment",
            ("area", "status"),
        ),
        Figure(
            "commitments-with-target",
            _("Commitments with a target"),
            _("Those of the commitments made that have a numeric target."),
            "commitment",
            ("area",),
        ),
        Figure(
            "targets",
            _("Sum of targets"),
            _(
                "The targets of the commitments with a target added up, whatever their units "
                "(each commitment's unit is on its accession's page)."
            ),
            "commitment",
            ("area",),
            "target",
        ),
        Figure(
            "progress",
            _("Reported up to the end of the period"),
            _(
                "The sum of the amounts in the progress reports on those commitments dated up "
                "to the last day of the period, also before it began."
            ),
            "update",
            ("area",),
            "amount",
        ),
        Figure(
            "progress-in-period",
            _("Reported within the period"),
            _("The same, only the progress reports dated within the period."),
            "update",
            ("area",),
            "amount",
        ),
        Figure(
            "progress-towards-targets",
            _("Reported towards targets"),
            _(
                "Amounts reported up to the end of the period on the commitments with a "
                "target; the percentage divides them by the sum of those targets."
            ),
            "update",
            ("area",),
            "amount",
        ),
        Figure(
            "measures-voted",
            _("Measures voted"),
            _(
                "The project's measures that received votes in a vote held at a meeting that "
                "started within the period; the votes for each are shown against the ballots "
                "cast."
            ),
            "measure",
        ),
        Figure(
            "pilots",
            _("Pilots"),
            _(
                "Pilots of the project's measures whose dates (start to end) overlap the "
                "period, unless cancelled; status and decision are today's. Each indicator "
                "shows its latest reading dated within the period."
            ),
            "pilot",
        ),
        Figure(
            "deliverables",
            _("Deliverables"),
            _(
                "The project's expected results with their target and what is achieved: the "
                "values as last recorded, not limited to the period."
            ),
            "deliverable",
        ),
    )
}

FILTER_CHOICES = {
    "kind": Meeting.Kind,
    "sector": Organisation.Sector,
    "status": Commitment.Status,
}
FILTER_LABELS = {
    "kind": _("Kind of meeting"),
    "sector": _("Sector"),
    "area": _("Support area"),
    "status": _("Status"),
}


def figure_records(project, period, slug, filters, *, now=None):
    """The queryset behind figure `slug` with its breakdown `filters` (a dict)."""
    kind, sector, area = filters.get("kind"), filters.get("sector"), filters.get("area")
    builders = {
        "meetings": lambda: held_meetings(project, period, kind=kind, now=now),
        "participants": lambda: held_meetings(project, period, kind=kind, now=now),
        "meetings-without-count": lambda: held_meetings(
            project, period, kind=kind, without_count=True, now=now
        ),
        "organisations-reached": lambda: reached_organisations(
            project, period, kind=kind, sector=sector, now=now
        ),
        "organisations-joined": lambda: joined_organisations(period, sector=sector),
        "organisations-joined-reached": lambda: joined_reached_organisations(
            project, period, sector=sector, now=now
        ),
        "commitments": lambda: commitments_made(period, area=area, status=filters.get("status")),
        "commitments-with-target": lambda: commitments_made(period, area=area, with_target=True),
        "targets": lambda: commitments_made(period, area=area, with_target=True),
        "progress": lambda: progress_updates(period, area=area),
        "progress-in-period": lambda: progress_updates(period, area=area, within_period=True),
        "progress-towards-targets": lambda: progress_updates(
            period, area=area, towards_target=True
        ),
        "measures-voted": lambda: voted_measures(project, period, now=now),
        "pilots": lambda: period_pilots(project, period),
        "deliverables": lambda: project_deliverables(project),
    }
    return builders[slug]()


# --- The report: every table, each one grouped query -------------------------------------------


def meetings_by_kind(project, period, *, now):
    """Per kind of meeting held: meetings, participants, meetings without a count and distinct
    organisations present; the total's organisations are the organisations reached."""
    meetings = held_meetings(project, period, now=now)
    counts = {
        row["kind"]: row
        for row in meetings.values("kind")
        .annotate(
            meetings=Count("pk"),
            participants=Sum("participant_count", default=0),
            without_count=Count("pk", filter=Q(participant_count__isnull=True)),
        )
        .order_by()
    }
    present = dict(
        Attendance.objects.filter(meeting__in=meetings)
        .values_list("meeting__kind")
        .annotate(organisations=Count("organisation_id", distinct=True))
        .order_by()
    )
    return [
        {
            "kind": kind,
            "label": label,
            "meetings": counts[kind]["meetings"],
            "participants": counts[kind]["participants"],
            "without_count": counts[kind]["without_count"],
            "organisations": present.get(kind, 0),
        }
        for kind, label in Meeting.Kind.choices
        if kind in counts
    ]


def organisations_by_sector(project, period, *, now):
    """Per sector: organisations reached, joined, and both; an organisation has one sector, so
    the rows add up to the totals."""
    reached = reached_organisation_ids(project, period, now=now)
    joined = signed_accessions(period).values("organisation_id")
    counts = {
        row["sector"]: row
        for row in Organisation.objects.filter(Q(pk__in=reached) | Q(pk__in=joined))
        .values("sector")
        .annotate(
            reached=Count("pk", filter=Q(pk__in=reached)),
            joined=Count("pk", filter=Q(pk__in=joined)),
            joined_reached=Count("pk", filter=Q(pk__in=reached) & Q(pk__in=joined)),
        )
        .order_by()
    }
    return [
        {"sector": sector, "label": label, **{key: counts[sector][key] for key in _ORG_KEYS}}
        for sector, label in Organisation.Sector.choices
        if sector in counts
    ]


_ORG_KEYS = ("reached", "joined", "joined_reached")
_AREA_KEYS = (
    "commitments",
    "with_target",
    "target_sum",
    "progress",
    "progress_in_period",
    "progress_towards_targets",
)


def commitments_by_area(period):
    """Per support area: commitments made, by status, with a target and the sum of targets, and
    the progress reported on them. Two grouped queries (commitments, then their reports) so a
    commitment with many reports is not counted many times, and one for the areas' names."""
    statuses = Commitment.Status.values
    commitment_rows = {
        row["support_area"]: row
        for row in commitments_made(period)
        .values("support_area")
        .annotate(
            commitments=Count("pk"),
            with_target=Count("pk", filter=Q(target__isnull=False)),
            target_sum=Sum("target", default=0),
            **{f"status_{status}": Count("pk", filter=Q(status=status)) for status in statuses},
        )
        .order_by()
    }
    in_period = Q(reported_on__gte=period.start)
    progress_rows = {
        row["commitment__support_area"]: row
        for row in progress_updates(period)
        .values("commitment__support_area")
        .annotate(
            progress=Sum("amount", default=0),
            progress_in_period=Sum("amount", filter=in_period, default=0),
            progress_towards_targets=Sum(
                "amount", filter=Q(commitment__target__isnull=False), default=0
            ),
        )
        .order_by()
    }
    rows = []
    for area in SupportArea.objects.filter(pk__in=list(commitment_rows)):
        counted, reported = commitment_rows[area.pk], progress_rows.get(area.pk, {})
        row = {
            "area": area,
            "commitments": counted["commitments"],
            "statuses": [
                {"status": status, "count": counted[f"status_{status}"]} for status in statuses
            ],
            "with_target": counted["with_target"],
            "target_sum": counted["target_sum"],
            "progress": reported.get("progress", 0),
            "progress_in_period": reported.get("progress_in_period", 0),
            "progress_towards_targets": reported.get("progress_towards_targets", 0),
        }
        row["percent"] = percent(row["progress_towards_targets"], row["target_sum"])
        rows.append(row)
    return rows


def pilots_with_indicators(project, period):
    """The period's pilots, each with its indicators and their latest reading dated within the
    period (value and date, None when there is none) and its progress towards the target
    (`Indicator.progress`, as `latest_progress`)."""
    pilots = list(
        period_pilots(project, period)
        .select_related("measure", "region", "municipality")
        .order_by("starts_on", "pk")
    )
    latest = IndicatorReading.objects.filter(
        indicator=OuterRef("pk"), measured_on__range=period.days
    ).order_by("-measured_on")
    indicators = Indicator.objects.filter(pilot__in=[pilot.pk for pilot in pilots]).annotate(
        reading_value=Subquery(latest.values("value")[:1]),
        reading_on=Subquery(latest.values("measured_on")[:1]),
    )
    by_pilot = {pilot.pk: [] for pilot in pilots}
    for indicator in indicators.order_by("pk"):
        indicator.latest_progress = indicator.progress(indicator.reading_value)
        by_pilot[indicator.pilot_id].append(indicator)
    for pilot in pilots:
        pilot.report_indicators = by_pilot[pilot.pk]
    return pilots


def _totals(rows, keys):
    return {key: sum(row[key] for row in rows) for key in keys}


def funder_report(project, period, *, now=None):
    """Everything the report shows, as plain lists and numbers, evaluated here."""
    now = now or timezone.now()
    meetings = meetings_by_kind(project, period, now=now)
    organisations = organisations_by_sector(project, period, now=now)
    organisation_totals = _totals(organisations, _ORG_KEYS)
    areas = commitments_by_area(period)
    area_totals = _totals(areas, _AREA_KEYS)
    area_totals["statuses"] = [
        {"status": status, "count": sum(row["statuses"][index]["count"] for row in areas)}
        for index, status in enumerate(Commitment.Status.values)
    ]
    area_totals["percent"] = percent(
        area_totals["progress_towards_targets"], area_totals["target_sum"]
    )
    tallies = list(
        vote_tallies(project, period, now=now)
        .select_related("measure", "vote__meeting")
        .order_by("vote__meeting__starts_at", "vote_id", "-votes_for", "measure__number")
    )
    deliverables = list(project_deliverables(project).order_by("position", "pk"))
    for deliverable in deliverables:
        deliverable.percent = percent(deliverable.achieved, deliverable.target)
    pilots = pilots_with_indicators(project, period)
    report = {
        "meetings_by_kind": meetings,
        "meetings": {
            **_totals(meetings, ("meetings", "participants", "without_count")),
            # Distinct over all kinds: an organisation at meetings of two kinds counts once.
            "organisations": organisation_totals["reached"],
        },
        "organisations_by_sector": organisations,
        "organisations": organisation_totals,
        "commitment_statuses": Commitment.Status.choices,
        "commitments_by_area": areas,
        "commitments": area_totals,
        "measures_voted": voted_measures(project, period, now=now).count(),
        "tallies": tallies,
        "pilots": pilots,
        "deliverables": deliverables,
        "deliverables_met": sum(
            1 for item in deliverables if item.target is not None and item.achieved >= item.target
        ),
        "generated_at": now,
    }
    report["key_figures"] = key_figures(report)
    return report


def key_figures(report):
    """The summary: each headline figure with its value, in the order the report tells them."""
    values = {
        "meetings": report["meetings"]["meetings"],
        "participants": report["meetings"]["participants"],
        "meetings-without-count": report["meetings"]["without_count"],
        "organisations-reached": report["organisations"]["reached"],
        "organisations-joined": report["organisations"]["joined"],
        "organisations-joined-reached": report["organisations"]["joined_reached"],
        "commitments": report["commitments"]["commitments"],
        "commitments-with-target": report["commitments"]["with_target"],
        "targets": report["commitments"]["target_sum"],
        "progress": report["commitments"]["progress"],
        "progress-in-period": report["commitments"]["progress_in_period"],
        "progress-towards-targets": report["commitments"]["progress_towards_targets"],
        "measures-voted": report["measures_voted"],
        "pilots": len(report["pilots"]),
        "deliverables": len(report["deliverables"]),
    }
    return [(FIGURES[slug], value) for slug, value in values.items()]
