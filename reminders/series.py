"""The reminders the daily duty sends: for each kind, which records call for one today, to whom
(coordinators, the representatives of the organisation concerned, or both), on which occasion
of its series, and what the email says about the record.

What "ending", "due", "overdue", "progress due" and "evaluation due" mean is defined once, on the
models' querysets, and shared with the "What needs me" page; each series reads them in one query
per run, whatever the number of rows.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Max
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from measures.models import Pilot
from meetings.models import ActionItem, Attendance
from partners.models import Accession, Commitment

from .models import Kind

# An accession ending is announced this many days ahead, once at each step.
ACCESSION_STEPS = (60, 30, 7)
ACTION_ITEM_DUE_DAYS = 3
MEETING_DAYS = 7
# Reminders that repeat (overdue items, pilots to evaluate, silent commitments) come again
# after this many days while nothing changes.
REPEAT_DAYS = 7
PROGRESS_REPEAT_DAYS = 30


@dataclass(frozen=True)
class Due:
    """One record calling for a reminder: to the coordinators and/or the representatives of
    `organisation_id`, on `occasion`."""

    kind: str
    record: object
    occasion: str
    organisation_id: int | None
    to_coordinators: bool


def _date(value):
    return formats.date_format(value, "d.m.Y")


def accessions_ending(today):
    accessions = Accession.objects.ending_within(max(ACCESSION_STEPS), today).select_related(
        "organisation"
    )
    for accession in accessions:
        days = (accession.valid_until - today).days
        step = min(step for step in ACCESSION_STEPS if days <= step)
        yield Due(Kind.ACCESSION_ENDING, accession, str(step), accession.organisation_id, True)


def action_items_due(today):
    items = ActionItem.objects.due_within(ACTION_ITEM_DUE_DAYS, today).select_related(
        "meeting", "responsible"
    )
    for item in items:
        yield Due(Kind.ACTION_ITEM_DUE, item, f"due-{item.due_on}", item.responsible_id, True)


def action_items_overdue(today):
    items = ActionItem.objects.overdue(today).select_related("meeting", "responsible")
    for item in items:
        week = (today - item.due_on).days // REPEAT_DAYS
        occasion = f"overdue-{item.due_on}-{week}"
        yield Due(Kind.ACTION_ITEM_OVERDUE, item, occasion, item.responsible_id, True)


def progress_due(today):
    commitments = (
        Commitment.objects.progress_due(today)
        .select_related("accession__organisation")
        .annotate(last_report=Coalesce(Max("updates__reported_on"), "accession__signed_on"))
    )
    for commitment in commitments:
        since = commitment.last_report or today
        repeat = max((today - since).days, 0) // PROGRESS_REPEAT_DAYS
        organisation_id = commitment.accession.organisation_id
        yield Due(Kind.PROGRESS_DUE, commitment, f"since-{since}-{repeat}", organisation_id, False)


def meetings_soon(today):
    end = today + timedelta(days=MEETING_DAYS)
    attendances = (
        Attendance.objects.filter(
            meeting__starts_at__date__gte=today,
            meeting__starts_at__date__lte=end,
            meeting__cancelled_at__isnull=True,
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    )
    for attendance in attendances:
        meeting = attendance.meeting
        occasion = f"on-{meeting.starts_at:%Y-%m-%d}"
        yield Due(Kind.MEETING_SOON, meeting, occasion, attendance.organisation_id, False)


def pilots_to_evaluate(today):
    for pilot in Pilot.objects.evaluation_due(today).select_related("measure", "region"):
        week = (today - pilot.ends_on).days // REPEAT_DAYS
        yield Due(Kind.PILOT_EVALUATION, pilot, f"ended-{pilot.ends_on}-{week}", None, True)


SERIES = (
    accessions_ending,
    action_items_due,
    action_items_overdue,
    progress_due,
    meetings_soon,
    pilots_to_evaluate,
)


def label(due):
    """What the reminder is about, in a line, for the log."""
    record = due.record
    if due.kind == Kind.ACCESSION_ENDING:
        return f"{record.organisation.name_bg}: {record.valid_until:%d.%m.%Y}"
    if due.kind in (Kind.ACTION_ITEM_DUE, Kind.ACTION_ITEM_OVERDUE):
        return f"{record.text[:200]} ({record.due_on:%d.%m.%Y})"
    if due.kind == Kind.PROGRESS_DUE:
        return f"{record.accession.organisation.name_bg}: {record.text[:200]}"
    if due.kind == Kind.MEETING_SOON:
        return f"{record.title[:250]} ({record.starts_at:%d.%m.%Y})"
    return f"{record.measure.title[:250]}: {record.region}"


def describe(kind, record):
    """{"title", "detail", "path"} of a reminder's record, in the active language; `path` is the
    workspace page (or form) that settles it."""
    if kind == Kind.ACCESSION_ENDING:
        return {
            "title": record.organisation.name,
            "detail": _("The accession is valid until %(date)s.")
            % {"date": _date(record.valid_until)},
            "path": reverse("partners:manage_accession", args=[record.pk]),
        }
    if kind in (Kind.ACTION_ITEM_DUE, Kind.ACTION_ITEM_OVERDUE):
        return {
            "title": record.text,
            "detail": _("Due on %(date)s; agreed at “%(meeting)s”.")
            % {"date": _date(record.due_on), "meeting": record.meeting.title},
            "path": reverse("meetings:manage_meeting", args=[record.meeting_id]),
        }
    if kind == Kind.PROGRESS_DUE:
        return {
            "title": record.text,
            "detail": _("%(organisation)s: no progress reported for six months.")
            % {"organisation": record.accession.organisation.name},
            "path": reverse(
                "partners:manage_commitment_update_add",
                args=[record.accession_id, record.pk],
            ),
        }
    if kind == Kind.MEETING_SOON:
        return {
            "title": record.title,
            "detail": _("Starts on %(date)s.")
            % {"date": formats.date_format(record.starts_at, "d.m.Y H:i")},
            "path": reverse("meetings:manage_meeting", args=[record.pk]),
        }
    return {
        "title": f"{record.measure.title}: {record.region}",
        "detail": _("The pilot ended on %(date)s; its evaluation and decision are due.")
        % {"date": _date(record.ends_on)},
        "path": reverse("measures:manage_pilot_edit", args=[record.pk]),
    }
