"""The workspace dashboard at `/<lang>/manage/`: the whole network's figures for coordinators,
one organisation's for its representatives.

Each figure is read with one aggregate query (or one query with its prefetches), and the
functions return plain lists and dicts evaluated here, so the page makes the same number of
queries for a network of ten rows as for ten thousand.
"""

import datetime

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.access import is_coordinator, workspace_required
from core.dates import local_midnight
from core.figures import percent
from measures.models import Indicator, IndicatorReading, Measure, Pilot
from meetings.models import ActionItem, Attendance, Meeting
from partners.models import Commitment, Organisation, Region, SupportArea
from protocol_portal.network import network_glance

from .needs import DASHBOARD_ROWS_SHOWN, needs_for

MONTHS_SHOWN = 12
UPCOMING_SHOWN = 5
RECENT_SHOWN = 5
# Longer lists belong to the workspace's own list pages; the dashboard shows the most urgent.
ACTION_ITEMS_SHOWN = 50


def _months(today):
    """The first day of each of the last `MONTHS_SHOWN` months, oldest first, this month last."""
    months = []
    year, month = today.year, today.month
    for _step in range(MONTHS_SHOWN):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _by_month(rows, months, fields):
    """Spread `rows` (dicts with an aware `month` and `fields`) over `months`, zero where none."""
    found = {timezone.localtime(row["month"]).date(): row for row in rows}
    return [
        {"month": month, **{field: (found.get(month) or {}).get(field) or 0 for field in fields}}
        for month in months
    ]


def _this_year(monthly, today, fields):
    return {
        field: sum(row[field] for row in monthly if row["month"].year == today.year)
        for field in fields
    }


def _choice_rows(choices, counts):
    """One row per choice, in the choices' order, with its count (zero when absent)."""
    return [
        {"key": value, "label": label, "count": counts.get(value, 0)}
        for value, label in choices.choices
    ]


def _action_item_counts(items, today):
    return items.aggregate(
        open=Count("pk", filter=Q(status=ActionItem.Status.OPEN)),
        overdue=Count("pk", filter=Q(status=ActionItem.Status.OPEN, due_on__lt=today)),
    )


# --- Network (coordinators) ----------------------------------------------------------------------


def _partners_by(field):
    """Active (not archived) organisations counted by `field`, with how many are members."""
    return {
        row[field]: row
        for row in Organisation.objects.active()
        .values(field)
        .annotate(
            organisations=Count("pk"),
            members=Count("pk", filter=Q(partnership_status=Organisation.PartnershipStatus.MEMBER)),
        )
        .order_by()
    }


def partner_status_rows():
    counts = {
        status: row["organisations"] for status, row in _partners_by("partnership_status").items()
    }
    return _choice_rows(Organisation.PartnershipStatus, counts)


def partner_sector_rows():
    counts = _partners_by("sector")
    return [
        {"key": value, "label": label, **counts[value]}
        for value, label in Organisation.Sector.choices
        if value in counts
    ]


def partner_region_rows():
    """Regions with at least one organisation, by name; organisations without one come last."""
    counts = _partners_by("region")
    regions = Region.objects.in_bulk([pk for pk in counts if pk is not None])
    rows = sorted(
        ({"label": region.name, **counts[pk]} for pk, region in regions.items()),
        key=lambda row: row["label"],
    )
    if None in counts:
        rows.append({"label": None, **counts[None]})
    return rows


def commitment_area_rows():
    """Every support area with its commitments counted per status, and their total."""
    statuses = [value for value, _label in Commitment.Status.choices]
    areas = SupportArea.objects.annotate(
        **{
            f"status_{status}": Count("commitments", filter=Q(commitments__status=status))
            for status in statuses
        }
    )
    rows = []
    for area in areas:
        counts = [getattr(area, f"status_{status}") for status in statuses]
        rows.append({"label": area.name, "counts": counts, "total": sum(counts)})
    return rows


def network_meetings(today):
    """Meetings held in each of the last twelve months and their participants; this year's sum."""
    months = _months(today)
    rows = (
        Meeting.objects.filter(
            starts_at__gte=local_midnight(months[0]), starts_at__lte=timezone.now()
        )
        .annotate(month=TruncMonth("starts_at"))
        .values("month")
        .annotate(meetings=Count("pk"), participants=Coalesce(Sum("participant_count"), 0))
        .order_by("month")
    )
    monthly = _by_month(rows, months, ["meetings", "participants"])
    return monthly, _this_year(monthly, today, ["meetings", "participants"])


def running_pilots():
    """Running pilots, each indicator with its latest reading and its progress towards the
    target (`Indicator.progress`; None without a reading)."""
    latest_date = (
        IndicatorReading.objects.filter(indicator=OuterRef("indicator"))
        .order_by("-measured_on")
        .values("measured_on")[:1]
    )
    pilots = (
        Pilot.objects.running()
        .select_related("measure", "region", "municipality")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    # Only the latest reading of each indicator is fetched, however long the series.
                    Prefetch(
                        "readings",
                        queryset=IndicatorReading.objects.filter(measured_on=Subquery(latest_date)),
                    )
                ),
            )
        )
        .order_by("starts_on", "pk")
    )
    result = []
    for pilot in pilots:
        indicators = []
        for indicator in pilot.indicators.all():
            reading = indicator.latest_reading
            progress = indicator.progress(reading.value if reading else None)
            indicators.append({"indicator": indicator, "reading": reading, "progress": progress})
        result.append({"pilot": pilot, "indicators": indicators})
    return result


def network_figures(today=None):
    """Everything the coordinators' dashboard shows, for the whole network."""
    today = today or timezone.localdate()
    monthly, this_year = network_meetings(today)
    commitment_areas = commitment_area_rows()
    # Per status, from the same rows: the two tables always add up to the same total.
    commitments_by_status = [
        {
            "key": value,
            "label": label,
            "count": sum(row["counts"][index] for row in commitment_areas),
        }
        for index, (value, label) in enumerate(Commitment.Status.choices)
    ]
    measure_counts = dict(
        Measure.objects.values_list("status").annotate(count=Count("pk")).order_by()
    )
    partners_by_status = partner_status_rows()
    return {
        "partners_by_status": partners_by_status,
        "partners_total": sum(row["count"] for row in partners_by_status),
        "partners_by_sector": partner_sector_rows(),
        "partners_by_region": partner_region_rows(),
        "commitment_statuses": Commitment.Status.choices,
        "commitments_by_area": commitment_areas,
        "commitments_by_status": commitments_by_status,
        "commitments_total": sum(row["count"] for row in commitments_by_status),
        "meetings_by_month": monthly,
        "meetings_this_year": this_year["meetings"],
        "participants_this_year": this_year["participants"],
        "action_items": _action_item_counts(ActionItem.objects.all(), today),
        "overdue_items": list(
            ActionItem.objects.overdue(today)
            .select_related("meeting", "responsible")
            .order_by("due_on", "pk")[:ACTION_ITEMS_SHOWN]
        ),
        "measures_by_status": _choice_rows(Measure.Status, measure_counts),
        "pilots": running_pilots(),
        "upcoming_meetings": list(
            Meeting.objects.upcoming().select_related("municipality")[:UPCOMING_SHOWN]
        ),
        "glance": network_glance(today),
        "today": today,
    }


# --- One organisation (its representatives) ------------------------------------------------------


def partner_commitments(user):
    """The commitments `user` sees (a representative: its organisation's) with the amount
    reported so far and the share of the target it makes (None when the commitment is not
    counted)."""
    commitments = list(
        Commitment.objects.visible_to(user)
        .select_related("support_area", "accession__protocol")
        .annotate(done=Coalesce(Sum("updates__amount"), 0))
        .order_by("accession__protocol_id", "position", "pk")
    )
    for commitment in commitments:
        commitment.progress = percent(commitment.done, commitment.target)
    return commitments


def partner_meetings(organisation_id, today):
    """Meetings the organisation attended in each of the last twelve months, and how many of
    its people went; this year's sum."""
    months = _months(today)
    rows = (
        Attendance.objects.filter(
            organisation_id=organisation_id,
            meeting__starts_at__gte=local_midnight(months[0]),
            meeting__starts_at__lte=timezone.now(),
        )
        .annotate(month=TruncMonth("meeting__starts_at"))
        .values("month")
        .annotate(meetings=Count("meeting_id"), people=Coalesce(Sum("people"), 0))
        .order_by("month")
    )
    monthly = _by_month(rows, months, ["meetings", "people"])
    return monthly, _this_year(monthly, today, ["meetings", "people"])


def partner_figures(user, today=None):
    """What a representative's dashboard shows: what `user`, a partner's representative, sees
    of its own organisation's records (each scoped by the model's `visible_to`)."""
    today = today or timezone.localdate()
    organisation = Organisation.objects.visible_to(user).get()
    commitments = partner_commitments(user)
    status_counts = {}
    for commitment in commitments:
        status_counts[commitment.status] = status_counts.get(commitment.status, 0) + 1
    monthly, this_year = partner_meetings(organisation.pk, today)
    attended = Meeting.objects.visible_to(user)
    its_items = ActionItem.objects.visible_to(user)
    return {
        "organisation": organisation,
        "commitments": commitments,
        "commitments_by_status": _choice_rows(Commitment.Status, status_counts),
        "meetings_by_month": monthly,
        "meetings_this_year": this_year["meetings"],
        "people_this_year": this_year["people"],
        "upcoming_meetings": list(
            attended.upcoming().select_related("municipality")[:UPCOMING_SHOWN]
        ),
        "recent_meetings": list(
            attended.filter(starts_at__lt=timezone.now())
            .select_related("municipality")
            .order_by("-starts_at")[:RECENT_SHOWN]
        ),
        "action_items": _action_item_counts(its_items, today),
        "open_items": list(
            its_items.open()
            .select_related("meeting")
            .order_by(F("due_on").asc(nulls_last=True), "pk")[:ACTION_ITEMS_SHOWN]
        ),
        "today": today,
    }


@require_safe
@never_cache
@workspace_required
def dashboard(request):
    """Coordinators see the network; a partner's representative, its own organisation; any
    other account is refused (anonymous visitors never get here: login is required)."""
    # What needs the user comes first, from the same function as its own page.
    needs = needs_for(request.user, limit=DASHBOARD_ROWS_SHOWN)
    if is_coordinator(request.user):
        context = {"network": {**network_figures(), "needs": needs}}
    else:
        context = {"partner": {**partner_figures(request.user), "needs": needs}}
    return render(request, "manage/dashboard.html", context)
