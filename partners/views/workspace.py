"""The coordinators' workspace for organisations: list, create, edit (with contacts), detail with
related records, history with restore, archive. A partner's representative reaches its own
organisation only; anyone else gets 404 for records and 403 for coordinator pages."""

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import coordinator_required, is_coordinator, represented_organisation_id
from core.history import history_view, restore_view
from core.paging import paginate
from core.spreadsheets.downloads import export_response
from core.views import edit_data, edit_page

from ..filters import WorkspaceOrganisationFilter
from ..forms import ContactFormSet, OrganisationForm, PartnerProfileForm
from ..models import Accession, Commitment, Organisation
from ..resources import OrganisationResource
from ..services import organisation_archive


def organisation_for(user, pk):
    """The organisation `pk` if `user` may see it in the workspace: coordinators any, a
    representative its own. Anyone else gets 404, as if it did not exist."""
    if not is_coordinator(user) and represented_organisation_id(user) != pk:
        raise Http404
    return get_object_or_404(Organisation, pk=pk)


@coordinator_required
def organisation_list(request):
    organisations = (
        Organisation.objects.select_related("region", "municipality")
        .annotate(
            open_accessions=Count(
                "accessions", filter=Q(accessions__status__in=Accession.IN_FORCE), distinct=True
            )
        )
        # A query with counts drops the model's default order: say it again.
        .order_by("name_bg", "pk")
    )
    organisation_filter = WorkspaceOrganisationFilter(request.GET, queryset=organisations)
    download = export_response(
        request,
        OrganisationResource(),
        OrganisationResource.export_queryset(organisation_filter.qs),
        "organisations",
    )
    if download is not None:
        return download
    return render(
        request,
        "partners/manage/organisation_list.html",
        {"filter": organisation_filter, "page_obj": paginate(request, organisation_filter.qs)},
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def organisation_create(request):
    return _organisation_form(request, Organisation(), OrganisationForm)


@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    organisation = organisation_for(request.user, pk)
    form_class = OrganisationForm if is_coordinator(request.user) else PartnerProfileForm
    return _organisation_form(request, organisation, form_class)


def _organisation_form(request, organisation, form_class):
    data, files = edit_data(request)
    return edit_page(
        request,
        "partners/manage/organisation_form.html",
        form=form_class(data, files, instance=organisation),
        formsets={"contacts": ContactFormSet(data, instance=organisation, prefix="contacts")},
        context={"organisation": organisation},
        saved=_("The organisation is saved."),
        success_url=lambda saved: reverse("partners:manage_organisation", args=[saved.pk]),
    )


def organisation_detail(request, pk):
    organisation = organisation_for(request.user, pk)
    accessions = organisation.accessions.select_related("protocol").prefetch_related(
        Prefetch("commitments", queryset=Commitment.objects.select_related("support_area"))
    )
    # Meetings and action items belong to the meetings app, which builds on this one: reached
    # by their reverse relations, never imported.
    attendances = organisation.attendances.select_related("meeting").order_by("-meeting__starts_at")
    action_items = organisation.action_items.select_related("meeting").order_by("due_on")
    return render(
        request,
        "partners/manage/organisation_detail.html",
        {
            "organisation": organisation,
            "contacts": organisation.contacts.all(),
            "accessions": accessions,
            "attendances": attendances,
            "action_items": action_items,
            "can_manage": is_coordinator(request.user),
        },
    )


def organisation_history(request, pk):
    organisation = organisation_for(request.user, pk)
    return history_view(
        request,
        organisation,
        url_name="partners:manage_organisation",
        can_restore=is_coordinator(request.user),
    )


@require_POST
@coordinator_required
def organisation_restore(request, pk, history_id):
    organisation = get_object_or_404(Organisation, pk=pk)
    return restore_view(request, organisation, history_id, url_name="partners:manage_organisation")


@require_http_methods(["GET", "POST"])
@coordinator_required
def organisation_archive_view(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    if request.method == "POST":
        organisation_archive(organisation=organisation)
        messages.success(
            request,
            _("%(name)s is archived: it left the directory and every record is kept.")
            % {"name": organisation.name},
        )
        return redirect(reverse("partners:manage_organisations"))
    return render(
        request, "partners/manage/organisation_archive.html", {"organisation": organisation}
    )
