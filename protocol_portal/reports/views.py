"""The funder report of a project, for coordinators: the page, its spreadsheet, and the records
behind each figure. Every other logged-in user gets 403; the middleware sends visitors to
log in."""

from django.db.models import Count, Min, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.access import coordinator_required
from core.paging import paginate
from partners.models import Accession, Project, SupportArea

from . import figures
from .forms import PeriodForm
from .links import report_url
from .spreadsheet import XLSX_CONTENT_TYPE, report_workbook


def _project(pk):
    return get_object_or_404(Project.objects.select_related("promoter"), pk=pk)


def _page(request, project, form, **context):
    return render(
        request,
        "portal/funder_report.html",
        {
            "project": project,
            "form": form,
            # Keyed for templates, whose variable names cannot hold a hyphen.
            "figures": {slug.replace("-", "_"): item for slug, item in figures.FIGURES.items()},
            **context,
        },
    )


@require_safe
@coordinator_required
@never_cache
def funder_report(request, pk):
    """The report page; with a period that is not valid, the form and its errors only."""
    project = _project(pk)
    form = PeriodForm.for_request(request, project)
    if not form.is_valid():
        return _page(request, project, form)
    period = form.period
    return _page(
        request,
        project,
        form,
        period=period,
        report=figures.funder_report(project, period),
        online_url=request.build_absolute_uri(report_url(project, period)),
        xlsx_url=report_url(project, period, name="manage_project_report_xlsx"),
    )


@require_safe
@coordinator_required
@never_cache
def funder_report_xlsx(request, pk):
    """The same figures as a spreadsheet, each linked to its records; a period that is not
    valid shows the page with the errors instead."""
    project = _project(pk)
    form = PeriodForm.for_request(request, project)
    if not form.is_valid():
        return _page(request, project, form)
    period = form.period

    body = report_workbook(
        project, period, figures.funder_report(project, period), request.build_absolute_uri
    )
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    filename = f"{project.slug}-report-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filters(request, figure):
    """The breakdown filters of the query string that `figure` accepts, checked; with their
    labels for the page. An unknown value answers 404."""
    values, labels = {}, []
    for key in figure.filters:
        value = request.GET.get(key)
        if not value:
            continue
        if key == "area":
            area = SupportArea.objects.filter(code=value).first()
            if area is None:
                raise Http404
            labels.append((figures.FILTER_LABELS[key], area.name))
        else:
            choices = figures.FILTER_CHOICES[key]
            if value not in choices.values:
                raise Http404
            labels.append((figures.FILTER_LABELS[key], choices(value).label))
        values[key] = value
    return values, labels


def _with_details(records, record, project, period):
    """`records` with what their rows show; never a filter, so the rows stay the figure's."""
    if record == "meeting":
        return (
            records.select_related("municipality")
            .annotate(organisations=Count("attendances"))
            .order_by("starts_at", "pk")
        )
    if record == "organisation":
        signed = Q(
            accessions__status__in=Accession.SIGNED, accessions__signed_on__range=period.days
        )
        held = figures.held_meetings(project, period)
        return (
            records.select_related("region")
            .annotate(
                meetings_attended=Count(
                    "attendances", filter=Q(attendances__meeting__in=held), distinct=True
                ),
                signed_in_period=Min("accessions__signed_on", filter=signed),
            )
            .order_by("name_bg", "pk")
        )
    if record == "commitment":
        return records.select_related(
            "accession__organisation", "accession__protocol", "support_area"
        ).order_by("accession__signed_on", "accession_id", "position", "pk")
    if record == "update":
        return records.select_related(
            "commitment__accession__organisation", "commitment__support_area"
        ).order_by("reported_on", "pk")
    if record == "measure":
        return records.select_related("support_area").order_by("number", "pk")
    if record == "pilot":
        return records.select_related("measure", "region", "municipality").order_by(
            "starts_on", "pk"
        )
    return records.order_by("position", "pk")


@require_safe
@coordinator_required
@never_cache
def funder_report_records(request, pk, figure):
    """The records behind one figure, from the figure's own queryset: as many rows as the
    figure counts (for a sum, the rows it adds up)."""
    project = _project(pk)
    chosen = figures.FIGURES.get(figure)
    if chosen is None:
        raise Http404
    form = PeriodForm.for_request(request, project)
    if not form.is_valid():
        return _page(request, project, form)
    period = form.period
    filters, filter_labels = _filters(request, chosen)
    records = figures.figure_records(project, period, figure, filters)
    total = None
    if chosen.sum_of:
        total = records.aggregate(total=Sum(chosen.sum_of, default=0))["total"]
    return render(
        request,
        "portal/funder_report_records.html",
        {
            "project": project,
            "period": period,
            "figure": chosen,
            "filter_labels": filter_labels,
            "page_obj": paginate(request, _with_details(records, chosen.record, project, period)),
            "total": total,
            "report_url": report_url(project, period),
        },
    )
