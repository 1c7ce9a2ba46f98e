"""The coordinators' join requests queue: the list (awaiting an answer by default), one request
with its possible duplicates side by side, and the answers: take it up, accept (as a new
organisation or merged into a known one) or decline with a reason. Coordinators only; every
answer is a version in the request's history."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.access import coordinator_required, get_for_user
from core.paging import paginate

from ..filters import JoinRequestFilter
from ..forms import JoinRequestAcceptForm, JoinRequestDeclineForm, JoinRequestMergeForm
from ..models import JoinRequest
from ..services import (
    join_request_accept,
    join_request_decline,
    join_request_start,
    possible_duplicates,
)


def _get_join_request_for_user(request, pk, *, write=False):
    return get_for_user(
        JoinRequest.objects.select_related(
            "organisation__region", "contact", "possible_duplicate", "handled_by"
        ),
        request.user,
        pk,
        write=write,
    )


@require_safe
@coordinator_required
def join_request_list(request):
    join_requests = JoinRequest.objects.select_related(
        "organisation", "contact", "possible_duplicate"
    )
    join_filter = JoinRequestFilter(request.GET, queryset=join_requests)
    return render(
        request,
        "partners/manage/join_request_list.html",
        {"filter": join_filter, "page_obj": paginate(request, join_filter.qs)},
    )


def _detail(
    request,
    join_request,
    *,
    accept_form=None,
    merge_form=None,
    decline_form=None,
):
    duplicates = possible_duplicates(join_request)
    merge_initial = {"into": duplicates[0][0].pk} if duplicates else {}
    history = (
        JoinRequest.history.filter(id=join_request.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    return render(
        request,
        "partners/manage/join_request_detail.html",
        {
            "join_request": join_request,
            "organisation": join_request.organisation,
            "duplicates": duplicates,
            "accept_form": accept_form or JoinRequestAcceptForm(prefix="accept"),
            "merge_form": merge_form
            or JoinRequestMergeForm(
                prefix="merge", join_request=join_request, initial=merge_initial
            ),
            "decline_form": decline_form or JoinRequestDeclineForm(prefix="decline"),
            "history": history,
            "invitations": join_request.invitations.all(),
        },
    )


@require_safe
@coordinator_required
def join_request_detail(request, pk):
    return _detail(request, _get_join_request_for_user(request, pk, write=True))


def _refuse_answered(request, join_request):
    if join_request.is_awaiting_answer:
        return None
    messages.error(request, _("This request has already been answered."))
    return redirect(join_request.get_absolute_url())


@require_POST
@coordinator_required
def join_request_start_view(request, pk):
    join_request = _get_join_request_for_user(request, pk, write=True)
    if refused := _refuse_answered(request, join_request):
        return refused
    join_request_start(join_request=join_request, by=request.user)
    messages.success(request, _("The request is in progress."))
    return redirect(join_request.get_absolute_url())


@require_POST
@coordinator_required
def join_request_accept_view(request, pk):
    join_request = _get_join_request_for_user(request, pk, write=True)
    if refused := _refuse_answered(request, join_request):
        return refused
    form = JoinRequestAcceptForm(request.POST, prefix="accept")
    if not form.is_valid():
        return _detail(request, join_request, accept_form=form)
    join_request_accept(
        join_request=join_request,
        by=request.user,
        partnership_status=form.cleaned_data["partnership_status"],
    )
    messages.success(request, _("The request is accepted. You can now invite its contact."))
    return redirect(join_request.get_absolute_url())


@require_POST
@coordinator_required
def join_request_merge_view(request, pk):
    join_request = _get_join_request_for_user(request, pk, write=True)
    if refused := _refuse_answered(request, join_request):
        return refused
    form = JoinRequestMergeForm(request.POST, prefix="merge", join_request=join_request)
    if not form.is_valid():
        return _detail(request, join_request, merge_form=form)
    join_request_accept(
        join_request=join_request,
        by=request.user,
        partnership_status=form.cleaned_data["partnership_status"],
        into=form.cleaned_data["into"],
    )
    messages.success(
        request,
        _("The request is accepted and merged into %(name)s.")
        % {"name": form.cleaned_data["into"].name},
    )
    return redirect(join_request.get_absolute_url())


@require_POST
@coordinator_required
def join_request_decline_view(request, pk):
    join_request = _get_join_request_for_user(request, pk, write=True)
    if refused := _refuse_answered(request, join_request):
        return refused
    form = JoinRequestDeclineForm(request.POST, prefix="decline")
    if not form.is_valid():
        return _detail(request, join_request, decline_form=form)
    join_request_decline(
        join_request=join_request,
        by=request.user,
        reason=form.cleaned_data["reason"],
        notify=form.cleaned_data["notify"],
    )
    messages.success(request, _("The request is declined."))
    return redirect(join_request.get_absolute_url())
