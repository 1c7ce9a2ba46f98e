"""The coordinators' workspace for measures: the measure list, create and edit, a measure's page
with its pilots and vote tallies, the vote of a meeting with its tallies, pilots with milestones
and indicators, readings added from the pilot page, and history with restore. Coordinators
only: a partner's representative gets 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.access import coordinator_required, get_for_user, is_coordinator
from core.paging import paginate
from core.spreadsheets.downloads import export_response
from core.views import edit_data, edit_page
from meetings.models import Meeting

from ..exports import MeasureExport
from ..filters import WorkspaceMeasureFilter
from ..forms import (
    IndicatorFormSet,
    MeasureForm,
    MilestoneFormSet,
    PilotForm,
    ReadingForm,
    TallyFormSet,
    VoteForm,
)
from ..models import Indicator, IndicatorReading, Measure, Pilot, Vote, VoteTally

# --- Measures -----------------------------------------------------------------------------------


def _get_measure_for_user(request, pk, *, write=False):
    """Measures are edited by coordinators only: anyone else gets 403 here."""
    if not is_coordinator(request.user):
        raise PermissionDenied
    return get_object_or_404(Measure, pk=pk)


def _get_pilot_for_user(request, pk, *, write=False):
    """Pilots, like measures, are edited by coordinators only."""
    if not is_coordinator(request.user):
        raise PermissionDenied
    return get_object_or_404(Pilot.objects.select_related("measure", "region"), pk=pk)


@require_safe
@coordinator_required
def measure_list(request):
    by_measure = {"measure": OuterRef("pk")}
    votes = (
        VoteTally.objects.filter(**by_measure)
        .order_by()
        .values("measure")
        .annotate(total=Sum("votes_for"))
        .values("total")
    )
    pilots = (
        Pilot.objects.filter(**by_measure, archived_at__isnull=True)
        .order_by()
        .values("measure")
        .annotate(total=Count("pk"))
        .values("total")
    )
    measures = (
        Measure.objects.filter(archived_at__isnull=True)
        .select_related("support_area", "project")
        .annotate(
            votes_total=Coalesce(Subquery(votes), 0), pilot_total=Coalesce(Subquery(pilots), 0)
        )
    )
    measure_filter = WorkspaceMeasureFilter(request.GET, queryset=measures)
    download = export_response(
        request, MeasureExport(request=request), measure_filter.qs, "measures"
    )
    if download is not None:
        return download
    return render(
        request,
        "measures/manage/measure_list.html",
        {"filter": measure_filter, "page_obj": paginate(request, measure_filter.qs)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def measure_create(request):
    return _measure_form(request, Measure())


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def measure_edit(request, pk):
    return _measure_form(request, _get_measure_for_user(request, pk, write=True))


def _measure_form(request, measure):
    data, _files = edit_data(request)
    return edit_page(
        request,
        "measures/manage/measure_form.html",
        form=MeasureForm(data, instance=measure),
        context={"measure": measure},
        saved=_("The measure is saved."),
        success_url=lambda saved: reverse("measures:manage_measure", args=[saved.pk]),
    )


@require_safe
@coordinator_required
def measure_detail(request, pk):
    measure = get_object_or_404(Measure.objects.select_related("support_area", "project"), pk=pk)
    pilots = measure.pilots.select_related("region", "municipality").prefetch_related(
        "implementers"
    )
    tallies = measure.tallies.select_related("vote__meeting").order_by("-vote__meeting__starts_at")
    return render(
        request,
        "measures/manage/measure_detail.html",
        {"measure": measure, "pilots": pilots, "tallies": tallies},
    )


# --- Votes --------------------------------------------------------------------------------------


def _next_url(request):
    """Where to go after saving: `next` if it is an address on this site, else None."""
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def _get_meeting_for_user(request, pk, *, write=False):
    """The meeting `pk` if the user may see it, else 404; with `write`, 403 for anyone but a
    coordinator."""
    return get_for_user(Meeting.objects, request.user, pk, write=write)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def vote_for_meeting(request, meeting_pk):
    """Record (or correct) the vote a meeting held and its tally for each measure, in one go."""
    meeting = _get_meeting_for_user(request, meeting_pk, write=True)
    vote = Vote.objects.filter(meeting=meeting).first() or Vote(meeting=meeting)
    data, _files = edit_data(request)
    next_url = _next_url(request)
    # The tallies are checked against the ballots of the vote form, which goes first.
    return edit_page(
        request,
        "measures/manage/vote_form.html",
        form=VoteForm(data, instance=vote),
        formsets={
            "tallies": TallyFormSet(
                data,
                instance=vote,
                prefix="tallies",
                queryset=VoteTally.objects.order_by("-votes_for", "pk"),
            )
        },
        context={"meeting": meeting, "vote": vote, "next_url": next_url},
        saved=_("The vote is saved."),
        success_url=lambda saved: next_url or reverse("measures:manage_measures"),
    )


# --- Pilots -------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def pilot_create(request, measure_pk):
    measure = get_object_or_404(Measure, pk=measure_pk)
    return _pilot_form(request, Pilot(measure=measure))


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def pilot_edit(request, pk):
    return _pilot_form(request, _get_pilot_for_user(request, pk, write=True))


def _pilot_form(request, pilot):
    data, _files = edit_data(request)
    return edit_page(
        request,
        "measures/manage/pilot_form.html",
        form=PilotForm(data, instance=pilot),
        formsets={
            "milestones": MilestoneFormSet(data, instance=pilot, prefix="milestones"),
            "indicators": IndicatorFormSet(data, instance=pilot, prefix="indicators"),
        },
        context={"pilot": pilot},
        saved=_("The pilot is saved."),
        success_url=lambda saved: reverse("measures:manage_pilot", args=[saved.pk]),
    )


def _reading_form(indicator, data=None):
    # Each indicator has its own form on the pilot page: ids must not repeat.
    return ReadingForm(
        data,
        instance=IndicatorReading(indicator=indicator),
        auto_id=f"reading-{indicator.pk}-%s",
    )


def _pilot_page(request, pk, *, failed_reading=None):
    pilot = get_object_or_404(
        Pilot.objects.select_related("measure", "region", "municipality").prefetch_related(
            "implementers",
            "milestones",
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    Prefetch("readings", queryset=IndicatorReading.objects.order_by("measured_on"))
                ),
            ),
        ),
        pk=pk,
    )
    indicators = list(pilot.indicators.all())
    for indicator in indicators:
        failed = failed_reading and failed_reading.instance.indicator_id == indicator.pk
        indicator.reading_form = failed_reading if failed else _reading_form(indicator)
        latest = indicator.latest_reading
        indicator.latest_progress = indicator.progress(latest.value if latest else None)
        if indicator.latest_progress is not None:
            indicator.progress_bar = min(max(indicator.latest_progress, 0), 100)
    return render(
        request,
        "measures/manage/pilot_detail.html",
        {"pilot": pilot, "indicators": indicators},
    )


@require_safe
@coordinator_required
def pilot_detail(request, pk):
    return _pilot_page(request, pk)


@require_POST
@coordinator_required
def reading_add(request, pk):
    """Quick action of the pilot page: one more reading of an indicator."""
    indicator = get_object_or_404(Indicator, pk=pk)
    form = _reading_form(indicator, request.POST)
    if not form.is_valid():
        return _pilot_page(request, indicator.pilot_id, failed_reading=form)
    form.save()
    messages.success(request, _("The reading is added."))
    pilot_url = reverse("measures:manage_pilot", args=[indicator.pilot_id])
    return redirect(f"{pilot_url}#indicator-{indicator.pk}")
