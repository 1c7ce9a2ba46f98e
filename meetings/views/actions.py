"""The action item tracker: every action item of every meeting the user may see, filtered,
sorted and downloaded, with the quick actions "done", "not done" and "carry over".

Coordinators see and close every item. A partner's representative sees its own organisation's
items and may mark them done with a note; closing an item as not done or carrying it over is
the coordinators' decision (403 to a representative, 404 for another organisation's item)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.access import get_for_user, is_coordinator, workspace_required
from core.paging import paginate
from core.spreadsheets.downloads import export_response, requested_export

from .. import services
from ..exports import ActionItemExport
from ..filters import ActionItemFilter
from ..forms import ActionItemCarryOverForm, ActionItemDoneForm, ActionItemNotDoneForm
from ..models import ActionItem
from ..services import action_item_mark_done, action_item_mark_not_done, chains


def _get_action_item_for_user(request, pk, *, write=False):
    """The action item `pk` if the user may see it: coordinators any, a representative those
    its organisation is responsible for, of the meetings it attends; else 404. With `write` (a
    change only coordinators make), 403 for a representative."""
    items = ActionItem.objects.of_meetings_visible_to(request.user).select_related(
        "meeting", "responsible"
    )
    return get_for_user(items, request.user, pk, write=write)


def tracker_items(user):
    """The action items `user` may see in the tracker, with their meetings and responsible
    organisations."""
    return (
        ActionItem.objects.visible_to(user)
        .of_meetings_visible_to(user)
        .select_related("meeting", "responsible")
    )


# The meeting that took an item over and the item it was carried over from (with its meeting):
# joined for an export, which reads every row; read apart for a page's twenty rows (none when
# no row names one), since joined into its query, five tables, PostgreSQL spent longer planning
# it than running it.
HANDED_OVER = ("taken_over_by", "carried_over_from__meeting")
HANDED_OVER_APART = (
    "taken_over_by",
    Prefetch("carried_over_from", queryset=ActionItem.objects.select_related("meeting")),
)


@require_safe
@workspace_required
def action_item_list(request):
    coordinator = is_coordinator(request.user)
    if requested_export(request) and not coordinator:
        # Exports are for coordinators, like every record they may hold.
        raise PermissionDenied
    item_filter = ActionItemFilter(
        request.GET, queryset=tracker_items(request.user), coordinator=coordinator
    )
    items = item_filter.qs.order_by(*item_filter.qs.query.order_by, "due_on", "pk")
    download = export_response(
        request,
        ActionItemExport(request=request),
        items.select_related(*HANDED_OVER),
        "action-items",
    )
    if download is not None:
        return download
    page_obj = paginate(request, items.prefetch_related(*HANDED_OVER_APART))
    page_obj.object_list = chains(page_obj.object_list)
    return render(
        request,
        "meetings/manage/action_item_list.html",
        {"filter": item_filter, "page_obj": page_obj, "can_manage": coordinator},
    )


def _back(request, item):
    """Where a quick action returns: the page it came from (`next`, on this site), else the
    item's meeting; at the item's row, which takes the focus."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("meetings:manage_meeting", args=[item.meeting_id])
    return f"{target.split('#')[0]}#action-item-{item.pk}"


def _quick_action(request, item, form, heading, act, done_message):
    """The page of one quick action on `item`: its `form`, and on a valid POST `act` with the
    form's data, then back to where the user came from."""
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done_message)
        return redirect(_back(request, item))
    return render(
        request,
        "meetings/manage/action_item_quick.html",
        {
            "item": item,
            "form": form,
            "heading": heading,
            "next": request.POST.get("next") or request.GET.get("next") or "",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def action_item_done(request, pk):
    """The action item is done today, with an optional note. A representative may do it for its
    own organisation's items of the meetings it attended. The meeting page's button posts here
    without a note."""
    item = _get_action_item_for_user(request, pk)
    return _quick_action(
        request,
        item,
        ActionItemDoneForm(request.POST if request.method == "POST" else None),
        _("Mark the action item done"),
        lambda data: action_item_mark_done(item=item, note=data["note"]),
        _("The action item is marked done."),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def action_item_not_done(request, pk):
    item = _get_action_item_for_user(request, pk, write=True)
    return _quick_action(
        request,
        item,
        ActionItemNotDoneForm(request.POST if request.method == "POST" else None),
        _("Close the action item as not done"),
        lambda data: action_item_mark_not_done(item=item, reason=data["reason"], note=data["note"]),
        _("The action item is closed as not done."),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def action_item_carry_over(request, pk):
    item = _get_action_item_for_user(request, pk, write=True)
    return _quick_action(
        request,
        item,
        ActionItemCarryOverForm(request.POST if request.method == "POST" else None, item=item),
        _("Carry the action item over to a later meeting"),
        lambda data: services.action_item_carry_over(
            item=item, meeting=data["meeting"], due_on=data["due_on"]
        ),
        _("The action item is carried over."),
    )
