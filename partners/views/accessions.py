"""The workspace's accessions: list, create and edit (with commitments), detail with each
commitment's progress, history with restore, and the quick "add a progress update".

Coordinators may do everything. A partner's representative sees its own organisation's
accessions and reports progress on their commitments; any other accession, commitment or
document answers 404, and creating, editing, restoring or downloading the list answers 403. A
logged-in user with neither role gets 403 on every page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.access import coordinator_required, get_for_user, is_coordinator, workspace_required
from core.figures import percent
from core.paging import paginate, with_counts
from core.spreadsheets.downloads import export_response, requested_export
from core.views import edit_data, edit_page

from ..exports import AccessionExport
from ..filters import WorkspaceAccessionFilter
from ..forms import AccessionForm, CommitmentFormSet, CommitmentUpdateForm
from ..models import Accession, Commitment, CommitmentUpdate, Organisation
from ..services import commitment_update_add


def _get_accession_for_user(request, pk, *, write=False):
    """The accession `pk` if the user may see it (coordinators any, a representative its own
    organisation's), else 404; with `write`, 403 for a representative."""
    # Pages that read show its organisation and protocol; the edit form loads what it needs.
    accessions = Accession.objects.all()
    if not write:
        accessions = accessions.select_related("organisation", "protocol")
    return get_for_user(accessions, request.user, pk, write=write)


def _get_commitment_for_user(request, pk, *, write=False):
    """The commitment `pk` if the user may see it (coordinators any, a representative those of
    its organisation's accessions), else 404; with `write`, 403 for a representative, who only
    reports progress on it."""
    return get_for_user(Commitment.objects, request.user, pk, write=write)


@require_safe
@workspace_required
def accession_list(request):
    if requested_export(request) and not is_coordinator(request.user):
        # Exports are for coordinators, like every record they may hold.
        raise PermissionDenied
    accessions = (
        Accession.objects.visible_to(request.user)
        # Archived ones were entered by mistake: their pages stay, the list leaves them out.
        .filter(archived_at__isnull=True)
        .select_related("organisation", "protocol")
        .order_by("-signed_on", "-created_at", "-pk")
    )
    accession_filter = WorkspaceAccessionFilter(request.GET, queryset=accessions)
    download = export_response(
        request,
        AccessionExport(request=request),
        accession_filter.qs.annotate(commitment_count=Count("commitments")),
        "accessions",
    )
    if download is not None:
        return download
    page = paginate(request, accession_filter.qs)
    page.object_list = with_counts(
        page.object_list, Accession, commitment_count=Count("commitments")
    )
    return render(
        request,
        "partners/manage/accession_list.html",
        {
            "filter": accession_filter,
            "page_obj": page,
            "can_manage": is_coordinator(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def accession_create(request):
    accession = Accession()
    # "Add an accession" on an organisation's page starts with that organisation chosen.
    organisation_id = request.GET.get("organisation", "")
    if organisation_id.isdigit():
        accession.organisation = Organisation.objects.filter(pk=organisation_id).first()
    return _accession_form(request, accession)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def accession_edit(request, pk):
    return _accession_form(request, _get_accession_for_user(request, pk, write=True))


def _accession_form(request, accession):
    data, files = edit_data(request)
    return edit_page(
        request,
        "partners/manage/accession_form.html",
        form=AccessionForm(data, files, instance=accession),
        formsets={"commitments": CommitmentFormSet(data, instance=accession, prefix="commitments")},
        context={"accession": accession},
        saved=_("The accession is saved."),
        success_url=lambda saved: reverse("partners:manage_accession", args=[saved.pk]),
    )


@require_safe
@workspace_required
def accession_detail(request, pk):
    return _accession_page(request, _get_accession_for_user(request, pk))


def _accession_page(request, accession, *, bound_form=None):
    """The accession with its commitments, each with its progress and the form to report more;
    `bound_form` is a refused report, shown with its errors next to its commitment."""
    updates = CommitmentUpdate.objects.visible_to(request.user).select_related("reported_by")
    commitments = list(
        accession.commitments.select_related("support_area")
        .annotate(progress=Coalesce(Sum("updates__amount"), 0))
        .prefetch_related(Prefetch("updates", queryset=updates))
    )
    for commitment in commitments:
        if bound_form is not None and bound_form.instance.commitment.pk == commitment.pk:
            commitment.update_form = bound_form
        else:
            commitment.update_form = CommitmentUpdateForm(commitment=commitment)
        commitment.percent = percent(commitment.progress, commitment.target)
        # A refused report stays on the page, even on a commitment that is closed meanwhile.
        commitment.open_for_progress = (
            commitment.status in CommitmentUpdateForm.OPEN_FOR_PROGRESS
            or commitment.update_form.is_bound
        )
    return render(
        request,
        "partners/manage/accession_detail.html",
        {
            "accession": accession,
            "commitments": commitments,
            "can_manage": is_coordinator(request.user),
        },
    )


@require_POST
@workspace_required
def commitment_update_add_view(request, pk, commitment_pk):
    """Quick action from the accession's page: report progress on one of its commitments."""
    accession = _get_accession_for_user(request, pk)
    commitment = _get_commitment_for_user(request, commitment_pk)
    if commitment.accession_id != accession.pk:
        raise Http404
    form = CommitmentUpdateForm(request.POST, commitment=commitment)
    if not form.is_valid():
        return _accession_page(request, accession, bound_form=form)
    commitment_update_add(
        commitment=commitment,
        reported_by=request.user,
        reported_on=form.cleaned_data["reported_on"],
        amount=form.cleaned_data["amount"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("The progress update is saved."))
    return redirect(
        reverse("partners:manage_accession", args=[accession.pk]) + f"#commitment-{commitment.pk}"
    )
