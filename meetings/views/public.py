from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from core.files import private_file_response
from core.paging import paginate

from ..filters import PublicMeetingFilter
from ..models import Attachment, Attendance, Meeting


@login_not_required
@require_GET
def meeting_list(request):
    """Published meetings as news, newest first, by year and kind."""
    meetings = Meeting.objects.published().select_related("municipality", "project")
    meeting_filter = PublicMeetingFilter(request.GET, queryset=meetings)
    return render(
        request,
        "meetings/meeting_list.html",
        {"filter": meeting_filter, "page_obj": paginate(request, meeting_filter.qs, per_page=10)},
    )


@login_not_required
@require_GET
def meeting_detail(request, slug):
    """A published meeting: its public summary, the organisations present and public photos
    and documents. Internal notes and private files never appear."""
    meeting = get_object_or_404(
        Meeting.objects.published()
        .select_related("municipality", "project")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("organisation"),
            ),
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(is_public=True),
                to_attr="public_attachments",
            ),
        ),
        slug=slug,
    )
    return render(request, "meetings/meeting_detail.html", {"meeting": meeting})


@login_not_required
@require_GET
def attachment_file(request, pk):
    """A meeting's file: public ones of published meetings for everyone, the rest for
    coordinators; anyone else gets 404."""
    attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
    return private_file_response(attachment.file)
