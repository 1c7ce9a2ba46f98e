"""The workspace for meetings: list, create and edit with attendance, action items and
attachments, detail, history with restore, and marking an action item done.

Coordinators reach every meeting. A partner's representative reaches the meetings its
organisation attended, without their internal notes and private files, and of their action
items only its own; it may mark those done but change nothing else. Other meetings answer 404,
pages only coordinators may use answer 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import coordinator_required, is_coordinator, represented_organisation_id
from core.history import history_view, restore_view
from core.paging import paginate
from core.spreadsheets.downloads import export_response
from core.views import edit_data, edit_page

from ..filters import WorkspaceMeetingFilter
from ..forms import MeetingForm, meeting_formsets
from ..models import ActionItem, Attachment, Attendance, Meeting
from ..resources import MeetingResource
from ..services import action_item_mark_done


def scoped_to(user, meetings):
    """`meetings` cut down to those `user` may see in the workspace: coordinators every one, a
    representative those its organisation attended, anyone else none."""
    if is_coordinator(user):
        return meetings
    organisation_id = represented_organisation_id(user)
    if organisation_id is None:
        return meetings.none()
    attended = Attendance.objects.filter(meeting=OuterRef("pk"), organisation_id=organisation_id)
    return meetings.filter(Exists(attended))


def meeting_for(user, pk, *, meetings=None, change=False):
    """The meeting `pk` if `user` may see it (404 otherwise); with `change`, only coordinators
    may go on (403 for a representative who may only read it)."""
    if meetings is None:
        meetings = Meeting.objects.all()
    meeting = get_object_or_404(scoped_to(user, meetings), pk=pk)
    if change and not is_coordinator(user):
        raise PermissionDenied
    return meeting


def meeting_list(request):
    if not is_coordinator(request.user) and represented_organisation_id(request.user) is None:
        raise PermissionDenied
    meetings = scoped_to(
        request.user, Meeting.objects.select_related("project", "municipality")
    ).annotate(
        organisations=Count("attendances", distinct=True),
        open_actions=Count(
            "action_items",
            filter=Q(action_items__status=ActionItem.Status.OPEN),
            distinct=True,
        ),
    )
    meeting_filter = WorkspaceMeetingFilter(request.GET, queryset=meetings)
    download = export_response(
        request,
        MeetingResource(),
        MeetingResource.export_queryset(meeting_filter.qs),
        "meetings",
    )
    if download is not None:
        return download
    return render(
        request,
        "meetings/manage/meeting_list.html",
        {
            "filter": meeting_filter,
            "page_obj": paginate(request, meeting_filter.qs),
            "can_manage": is_coordinator(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def meeting_create(request):
    return _meeting_form(request, Meeting())


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    return _meeting_form(request, meeting_for(request.user, pk, change=True))


def _meeting_form(request, meeting):
    data, files = edit_data(request)
    return edit_page(
        request,
        "meetings/manage/meeting_form.html",
        form=MeetingForm(data, instance=meeting),
        formsets=meeting_formsets(meeting, data, files),
        context={"meeting": meeting},
        saved=_("The meeting is saved."),
        success_url=lambda saved: reverse("meetings:manage_meeting", args=[saved.pk]),
    )


def meeting_detail(request, pk):
    can_manage = is_coordinator(request.user)
    action_items = ActionItem.objects.select_related("responsible", "taken_over_by")
    attachments = Attachment.objects.all()
    if not can_manage:
        action_items = action_items.filter(responsible_id=represented_organisation_id(request.user))
        attachments = attachments.filter(is_public=True)
    meetings = Meeting.objects.select_related(
        "project", "protocol", "municipality", "vote"
    ).prefetch_related(
        Prefetch("attendances", queryset=Attendance.objects.select_related("organisation")),
        Prefetch("action_items", queryset=action_items),
        Prefetch("attachments", queryset=attachments),
    )
    meeting = meeting_for(request.user, pk, meetings=meetings)
    return render(
        request,
        "meetings/manage/meeting_detail.html",
        {"meeting": meeting, "can_manage": can_manage},
    )


def meeting_history(request, pk):
    # Coordinators only: the history holds the internal notes.
    meeting = meeting_for(request.user, pk, change=True)
    return history_view(
        request,
        meeting,
        url_name="meetings:manage_meeting",
        can_restore=is_coordinator(request.user),
    )


@require_POST
@coordinator_required
def meeting_restore(request, pk, history_id):
    meeting = get_object_or_404(Meeting, pk=pk)
    return restore_view(request, meeting, history_id, url_name="meetings:manage_meeting")


@require_POST
def action_item_done(request, pk):
    """Quick action from the meeting page: the action item is done today. A representative may
    do it for its own organisation's items of the meetings it attended."""
    items = ActionItem.objects.filter(meeting__in=scoped_to(request.user, Meeting.objects.all()))
    if not is_coordinator(request.user):
        items = items.filter(responsible_id=represented_organisation_id(request.user))
    item = get_object_or_404(items, pk=pk)
    try:
        action_item_mark_done(item=item)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The action item is marked done."))
    return redirect("meetings:manage_meeting", pk=item.meeting_id)
