""" "What needs me": what waits on one workspace user today, each thing with the page that settles
it. Coordinators see the whole network's; a partner's representative, its organisation's only
(every list is scoped by the model's `visible_to`). Shown on its own page and at the top of the
dashboard.

What counts as waiting is defined once, on the models' querysets (`ActionItem.overdue` and
`due_within`, `Accession.ending_within`, `Commitment.progress_due`, `Pilot.evaluation_due`),
which the reminders read too. Each section is one count and one list of its most urgent rows,
so the page makes the same number of queries whatever the number of rows.
"""

from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.access import is_coordinator, workspace_required
from measures.models import Pilot
from meetings.models import ActionItem, Meeting
from partners.models import Accession, Commitment, CommitmentUpdate, JoinRequest

# Action items due within this many days are shown before they fall overdue.
DUE_SOON_DAYS = 3
# Accessions are shown this many days before their validity ends (the workspace's warning).
ENDING_DAYS = Accession.EXPIRY_WARNING_DAYS
# The most urgent rows of each section; the count says how many there are in all.
ROWS_SHOWN = 50
DASHBOARD_ROWS_SHOWN = 5


def join_requests_to_answer():
    """Join requests no coordinator has answered yet (new or taken up)."""
    return JoinRequest.objects.awaiting_answer()


def _section(key, queryset, limit):
    return {"key": key, "count": queryset.count(), "rows": list(queryset[:limit])}


def _action_items(user):
    """The user's action items, each knowing whether the user may open its meeting's page
    (a representative only opens the meetings its organisation attends)."""
    reachable = Meeting.objects.visible_to(user).filter(pk=OuterRef("meeting_id"))
    return (
        ActionItem.objects.visible_to(user)
        .select_related("meeting", "responsible")
        .annotate(meeting_reachable=Exists(reachable))
        .order_by("due_on", "pk")
    )


def needs_for(user, today=None, *, limit=None):
    """The sections of what waits on `user` on `today`, most urgent first, each with its count
    and its first `limit` rows (`ROWS_SHOWN` by default). Sections a user has no part in
    (pilots and join requests for a representative) are left out; empty ones are kept, with a
    count of 0."""
    today = today or timezone.localdate()
    limit = limit or ROWS_SHOWN
    items = _action_items(user)
    last_report = (
        CommitmentUpdate.objects.filter(commitment=OuterRef("pk"))
        .order_by("-reported_on", "-pk")
        .values("reported_on")[:1]
    )
    sections = [
        _section("overdue_items", items.overdue(today), limit),
        _section("due_items", items.due_within(DUE_SOON_DAYS, today), limit),
        _section(
            "ending_accessions",
            Accession.objects.visible_to(user)
            .ending_within(ENDING_DAYS, today)
            .select_related("organisation", "protocol")
            .order_by("valid_until", "pk"),
            limit,
        ),
        _section(
            "progress_due",
            Commitment.objects.visible_to(user)
            .progress_due(today)
            .select_related("accession__organisation", "support_area")
            .annotate(last_reported_on=Subquery(last_report))
            .order_by("accession__organisation__name_bg", "accession_id", "position", "pk"),
            limit,
        ),
    ]
    if is_coordinator(user):
        sections += [
            _section(
                "pilots_to_evaluate",
                Pilot.objects.evaluation_due(today)
                .select_related("measure", "region")
                .order_by("ends_on", "pk"),
                limit,
            ),
            _section(
                "join_requests",
                join_requests_to_answer()
                .select_related("organisation")
                .order_by("received_at", "pk"),
                limit,
            ),
        ]
    return {
        "sections": sections,
        "total": sum(section["count"] for section in sections),
        "limit": limit,
        "today": today,
    }


@require_safe
@never_cache
@workspace_required
def needs_page(request):
    return render(request, "manage/needs.html", {"needs": needs_for(request.user)})
