"""The workspace's projects: list, create and edit (with deliverables), detail with deliverables
and partners, history with restore. Coordinators only: anyone else who is logged in gets 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.access import coordinator_required, is_coordinator
from core.paging import paginate
from core.spreadsheets.downloads import export_response
from core.views import edit_data, edit_page

from ..exports import ProjectExport
from ..filters import WorkspaceProjectFilter
from ..forms import DeliverableFormSet, ProjectForm
from ..models import Project


def _get_project_for_user(request, pk, *, write=False):
    """Projects are the coordinators' records: anyone else gets 403, whatever the project."""
    if not is_coordinator(request.user):
        raise PermissionDenied
    return get_object_or_404(Project, pk=pk)


@require_safe
@coordinator_required
def project_list(request):
    projects = (
        Project.objects.filter(archived_at__isnull=True)
        .select_related("promoter")
        .annotate(
            partner_count=Count("partners", distinct=True),
            deliverable_count=Count("deliverables", distinct=True),
        )
        # Meta.ordering does not apply to a query with GROUP BY: spelt out.
        .order_by("-starts_on", "name")
    )
    project_filter = WorkspaceProjectFilter(request.GET, queryset=projects)
    download = export_response(
        request, ProjectExport(request=request), project_filter.qs, "projects"
    )
    if download is not None:
        return download
    return render(
        request,
        "partners/manage/project_list.html",
        {"filter": project_filter, "page_obj": paginate(request, project_filter.qs)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def project_create(request):
    return _project_form(request, Project())


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def project_edit(request, pk):
    return _project_form(request, _get_project_for_user(request, pk, write=True))


def _project_form(request, project):
    data, _files = edit_data(request)
    return edit_page(
        request,
        "partners/manage/project_form.html",
        form=ProjectForm(data, instance=project),
        formsets={
            "deliverables": DeliverableFormSet(data, instance=project, prefix="deliverables")
        },
        context={"project": project},
        saved=_("The project is saved."),
        success_url=lambda saved: reverse("partners:manage_project", args=[saved.pk]),
    )


@require_safe
@coordinator_required
def project_detail(request, pk):
    project = get_object_or_404(
        Project.objects.select_related("promoter").prefetch_related("partners", "deliverables"),
        pk=pk,
    )
    return render(request, "partners/manage/project_detail.html", {"project": project})
