"""The workspace for meetings: list, create and edit with attendance, action items and
attachments, detail, history with restore, and marking an action item done.

Coordinators reach every meeting. A partner's representative reaches the meetings its
organisation attended, without their internal notes and private files, and of their action
items only its own; it may mark those done but change nothing else. Other meetings answer 404,
pages only coordinators may use answer 403, and so does every page to a logged-in user with
neither role."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
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
from core.spreadsheets.downloads import export_response, requested_export
from core.views import edit_data, edit_page

from ..filters import WorkspaceMeetingFilter
from ..forms import MeetingForm, meeting_formsets
from ..models import ActionItem, Attachment, Attendance, Meeting
from ..resources import MeetingResource
from ..services import chains, meeting_cancel


def _get_meeting_for_user(request, pk, *, write=False, meetings=None):
    """The meeting `pk` if the user may see it (coordinators any, a representative those its
    organisation attends), else 404; with `write`, 403 for a representative, who may only read
    it. `meetings` (of `Meeting.objects`) says what to load with it."""
    if meetings is None:
        meetings = Meeting.objects.all()
    return get_for_user(meetings, request.user, pk, write=write)


@require_safe
@workspace_required
def meeting_list(request):
    if requested_export(request) and not is_coordinator(request.user):
        # Exports are for coordinators, like every record they may hold.
        raise PermissionDenied
    meetings = Meeting.objects.visible_to(request.user).select_related("project", "municipality")
    meeting_filter = WorkspaceMeetingFilter(request.GET, queryset=meetings)
    download = export_response(
        request,
        MeetingResource(),
        MeetingResource.export_queryset(meeting_filter.qs),
        "meetings",
    )
    if download is not None:
        return download
    page = paginate(request, meeting_filter.qs)
    page.object_list = with_counts(
        page.object_list,
        Meeting,
        organisations=Count("attendances", distinct=True),
        open_actions=Count(
            "action_items", filter=Q(action_items__status=ActionItem.Status.OPEN), distinct=True
        ),
    )
    return render(
        request,
        "meetings/manage/meeting_list.html",
        {"filter": meeting_filter, "page_obj": page, "can_manage": is_coordinator(request.user)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def meeting_create(request):
    return _meeting_form(request, Meeting())


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def meeting_edit(request, pk):
    return _meeting_form(request, _get_meeting_for_user(request, pk, write=True))


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


@require_safe
@workspace_required
def meeting_detail(request, pk):
    can_manage = is_coordinator(request.user)
    action_items = ActionItem.objects.visible_to(request.user).select_related(
        "responsible", "taken_over_by", "carried_over_from__meeting"
    )
    # Private files are for coordinators; public ones are named, to open once published.
    attachments = Attachment.objects.all() if can_manage else Attachment.objects.public()
    meetings = Meeting.objects.select_related(
        "project", "protocol", "municipality", "vote"
    ).prefetch_related(
        Prefetch("attendances", queryset=Attendance.objects.select_related("organisation")),
        Prefetch("action_items", queryset=action_items),
        Prefetch("attachments", queryset=attachments),
    )
    meeting = _get_meeting_for_user(request, pk, meetings=meetings)
    chains(meeting.action_items.all())
    return render(
        request,
        "meetings/manage/meeting_detail.html",
        {"meeting": meeting, "can_manage": can_manage},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def meeting_cancel_page(request, pk):
    """Ask, then cancel the meeting (coordinators): it stays, marked cancelled everywhere."""
    meeting = _get_meeting_for_user(request, pk, write=True)
    if request.method == "POST":
        try:
            meeting_cancel(meeting=meeting)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The meeting is cancelled."))
        return redirect("meetings:manage_meeting", pk=meeting.pk)
    return render(request, "meetings/manage/meeting_cancel.html", {"meeting": meeting})
