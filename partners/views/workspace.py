"""The coordinators' workspace for organisations: list, create, edit (with contacts), detail with
related records, history with restore, archive. A partner's representative reaches its own
organisation only: other organisations answer 404, coordinators' pages 403. A logged-in user
with neither role gets 403 on every page."""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.access import (
    coordinator_required,
    get_for_user,
    is_coordinator,
    workspace_required,
)
from core.paging import paginate, with_counts
from core.spreadsheets.downloads import export_response
from core.views import edit_data, edit_page

from ..filters import WorkspaceOrganisationFilter
from ..forms import ContactFormSet, OrganisationForm, PartnerProfileForm
from ..models import Commitment, Organisation, in_force_condition
from ..resources import OrganisationResource
from ..services import organisation_archive


def _get_organisation_for_user(request, pk, *, write=False):
    """The organisation `pk` if the user may see it (coordinators any, a representative its
    own), else 404; with `write`, 403 for a representative (its profile is edited with its own
    narrower form, which needs no `write`)."""
    return get_for_user(Organisation.objects, request.user, pk, write=write)


@require_safe
@coordinator_required
def organisation_list(request):
    organisations = Organisation.objects.select_related("region", "municipality").order_by(
        "name_bg", "pk"
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
    page = paginate(request, organisation_filter.qs)
    page.object_list = with_counts(
        page.object_list,
        Organisation,
        open_accessions=Count(
            "accessions", filter=in_force_condition(path="accessions__"), distinct=True
        ),
    )
    return render(
        request,
        "partners/manage/organisation_list.html",
        {"filter": organisation_filter, "page_obj": page},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def organisation_create(request):
    return _organisation_form(request, Organisation(), OrganisationForm)


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def organisation_edit(request, pk):
    organisation = _get_organisation_for_user(request, pk)
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


@require_safe
@workspace_required
def organisation_detail(request, pk):
    organisation = _get_organisation_for_user(request, pk)
    accessions = organisation.accessions.select_related("protocol").prefetch_related(
        Prefetch("commitments", queryset=Commitment.objects.select_related("support_area"))
    )
    # Meetings and action items belong to the meetings app, which builds on this one: reached
    # by their reverse relations, never imported.
    attendances = organisation.attendances.select_related("meeting").order_by("-meeting__starts_at")
    action_items = organisation.action_items.select_related("meeting").order_by("due_on")
    can_manage = is_coordinator(request.user)
    representatives = organisation.representatives.select_related("user")
    if not can_manage:
        # A representative sees who else speaks for its organisation, not who used to.
        representatives = representatives.filter(deactivated_at__isnull=True)
    return render(
        request,
        "partners/manage/organisation_detail.html",
        {
            "organisation": organisation,
            "contacts": organisation.contacts.all(),
            "representatives": representatives,
            "invitations": organisation.invitations.filter(accepted_at__isnull=True)
            if can_manage
            else (),
            "join_requests": organisation.join_requests.all(),
            "accessions": accessions,
            "attendances": attendances,
            "action_items": action_items,
            "can_manage": can_manage,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def organisation_archive_view(request, pk):
    organisation = _get_organisation_for_user(request, pk, write=True)
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
