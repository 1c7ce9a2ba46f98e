"""Partner representatives: a coordinator invites a person to speak for an organisation (from
an accepted join request or from the organisation's page), resends or revokes the invitation,
and deactivates, reactivates or removes a representative. The invitee's link opens the page
where they set a password; an expired, revoked, replaced or used link gets a page that says
so."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import coordinator_required, get_for_user

from ..forms import InvitationAcceptForm, InvitationForm
from ..models import Invitation, JoinRequest, Organisation, Representative
from ..services import (
    invitation_accept,
    invitation_for_token,
    invitation_resend,
    invitation_revoke,
    invitation_send,
    representative_deactivate,
    representative_reactivate,
    representative_remove,
)


def _get_invitation_for_user(request, pk, *, write=False):
    return get_for_user(
        Invitation.objects.select_related("organisation"), request.user, pk, write=write
    )


def _get_representative_for_user(request, pk, *, write=False):
    """A representative link, visible to those who see its organisation."""
    queryset = Representative.objects.select_related("organisation", "user")
    representative = get_object_or_404(
        queryset.filter(organisation__in=Organisation.objects.visible_to(request.user)), pk=pk
    )
    if write:
        get_for_user(Organisation.objects, request.user, representative.organisation_id, write=True)
    return representative


def _organisation_url(organisation_id):
    return reverse("partners:manage_organisation", args=[organisation_id]) + "#representatives"


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def invitation_create(request, pk):
    organisation = get_for_user(Organisation.objects, request.user, pk, write=True)
    join_request = None
    if join_request_id := request.GET.get("join_request", ""):
        join_request = (
            JoinRequest.objects.filter(organisation=organisation, pk=join_request_id)
            .select_related("contact")
            .first()
            if join_request_id.isdigit()
            else None
        )
    initial = {}
    if join_request is not None:
        initial = {
            "name": join_request.contact.name if join_request.contact else "",
            "email": join_request.email,
            "language": join_request.language,
        }
    form = InvitationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        invitation_send(
            organisation=organisation,
            by=request.user,
            join_request=join_request,
            **form.cleaned_data,
        )
        messages.success(
            request,
            _("The invitation is sent to %(email)s; its link works for 7 days.")
            % {"email": form.cleaned_data["email"]},
        )
        return redirect(_organisation_url(organisation.pk))
    return render(
        request,
        "partners/manage/invitation_form.html",
        {"organisation": organisation, "form": form, "join_request": join_request},
    )


@require_POST
@coordinator_required
def invitation_resend_view(request, pk):
    invitation = _get_invitation_for_user(request, pk, write=True)
    if invitation.accepted_at:
        messages.error(request, _("This invitation has already been accepted."))
    else:
        invitation_resend(invitation=invitation)
        messages.success(
            request,
            _("A new link is sent to %(email)s; the earlier one no longer works.")
            % {"email": invitation.email},
        )
    return redirect(_organisation_url(invitation.organisation_id))


@require_POST
@coordinator_required
def invitation_revoke_view(request, pk):
    invitation = _get_invitation_for_user(request, pk, write=True)
    if invitation.accepted_at:
        messages.error(request, _("This invitation has already been accepted."))
    else:
        invitation_revoke(invitation=invitation)
        messages.success(request, _("The invitation is revoked: its link no longer works."))
    return redirect(_organisation_url(invitation.organisation_id))


@require_POST
@coordinator_required
def representative_deactivate_view(request, pk):
    representative = _get_representative_for_user(request, pk, write=True)
    representative_deactivate(representative=representative)
    messages.success(
        request,
        _("%(name)s is deactivated and can no longer log in.")
        % {"name": _person(representative.user)},
    )
    return redirect(_organisation_url(representative.organisation_id))


@require_POST
@coordinator_required
def representative_reactivate_view(request, pk):
    representative = _get_representative_for_user(request, pk, write=True)
    representative_reactivate(representative=representative)
    messages.success(
        request, _("%(name)s can log in again.") % {"name": _person(representative.user)}
    )
    return redirect(_organisation_url(representative.organisation_id))


@require_POST
@coordinator_required
def representative_remove_view(request, pk):
    representative = _get_representative_for_user(request, pk, write=True)
    organisation_id = representative.organisation_id
    representative_remove(representative=representative)
    messages.success(
        request,
        _("%(name)s no longer represents the organisation.")
        % {"name": _person(representative.user)},
    )
    return redirect(_organisation_url(organisation_id))


def _person(user):
    return user.get_full_name() or user.email or user.get_username()


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_page(request, token):
    """The invitee's link: set a password and become the organisation's representative, logged
    in at once (this role needs no second factor unless the settings say so, in which case the
    workspace asks for it). A link that no longer works answers 410 with a page that says why
    and what to do."""
    invitation = invitation_for_token(token)
    state = invitation.state if invitation else "unknown"
    if state != "pending":
        return render(request, "partners/invitation_gone.html", {"state": state}, status=410)
    form = InvitationAcceptForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        user = invitation_accept(invitation=invitation, password=form.cleaned_data["password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome! You now represent %(name)s in the portal.")
            % {"name": invitation.organisation.name},
        )
        return redirect("dashboard")
    return render(
        request, "partners/invitation_accept.html", {"invitation": invitation, "form": form}
    )
