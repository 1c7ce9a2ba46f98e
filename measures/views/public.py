from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.paging import paginate
from core.public_cache import public_page
from partners.models import Organisation

from ..models import Indicator, IndicatorReading, Measure, Pilot, Vote, VoteTally


def _pilots():
    """Pilots with their place, published implementers and indicators with readings."""
    return (
        Pilot.objects.filter(archived_at__isnull=True)
        .select_related("region", "municipality", "measure")
        .prefetch_related(
            Prefetch("implementers", queryset=Organisation.objects.published()),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    Prefetch("readings", queryset=IndicatorReading.objects.order_by("measured_on"))
                ),
            ),
        )
    )


def _votes():
    """Votes of published meetings with their tallies, most supported measure first."""
    return (
        Vote.objects.filter(meeting__is_published=True)
        .select_related("meeting")
        .prefetch_related(
            Prefetch(
                "tallies",
                queryset=VoteTally.objects.select_related("measure").order_by(
                    "-votes_for", "measure__number"
                ),
            )
        )
    )


@login_not_required
@require_safe
@public_page
def measure_list(request):
    """The catalogue of support measures, the votes that chose among them and their pilots."""
    measures = (
        Measure.objects.filter(archived_at__isnull=True)
        .select_related("support_area", "project")
        .prefetch_related(Prefetch("pilots", queryset=_pilots()))
    )
    return render(request, "measures/measure_list.html", {"measures": measures, "votes": _votes()})


@login_not_required
@require_safe
@public_page
def measure_detail(request, slug):
    """One measure, its pilots, and the listed partners able to carry it: those offering its
    support area or committed to it."""
    measure = get_object_or_404(
        Measure.objects.select_related("support_area", "project").prefetch_related(
            Prefetch("pilots", queryset=_pilots()),
            Prefetch("tallies", queryset=VoteTally.objects.select_related("vote__meeting")),
        ),
        slug=slug,
        archived_at__isnull=True,
    )
    partners = (
        Organisation.objects.published()
        .offering(measure.support_area)
        .select_related("region", "municipality")
    )
    return render(
        request,
        "measures/measure_detail.html",
        {"measure": measure, "page_obj": paginate(request, partners)},
    )
