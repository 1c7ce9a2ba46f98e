from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.access import get_for_user
from core.files import private_file_response
from core.paging import paginate
from core.public_cache import public_page

from ..filters import PublicMeetingFilter
from ..models import Attachment, Attendance, Meeting


@login_not_required
@require_safe
@public_page
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
@require_safe
@public_page
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
                queryset=Attachment.objects.public(),
                to_attr="public_attachments",
            ),
        ),
        slug=slug,
    )
    return render(request, "meetings/meeting_detail.html", {"meeting": meeting})


def _get_attachment_for_user(request, pk, *, write=False):
    """The attachment `pk` if the user may open it (coordinators any, everyone else the public
    files of published meetings), else 404; with `write`, 403 for anyone but a coordinator."""
    return get_for_user(Attachment.objects, request.user, pk, write=write)


@login_not_required
@require_safe
def attachment_file(request, pk):
    """A meeting's file: public ones of published meetings for everyone, the rest for
    coordinators; anyone else gets 404."""
    return private_file_response(_get_attachment_for_user(request, pk).file)
