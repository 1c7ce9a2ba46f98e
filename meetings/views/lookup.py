"""Look-up behind the action items' "taken over by" picker: a few meetings whose title holds
what a coordinator types, as JSON. Coordinators only, as only they edit meetings."""

from django.db.models import Q
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from core.access import coordinator_required
from core.lookup import RESULTS, search_query

from ..forms import meeting_label
from ..models import Meeting


@require_safe
@coordinator_required
def meeting_search(request):
    """`{"results": [{"id", "text"}, …]}`: up to 20 meetings, newest first, whose Bulgarian or
    English title holds every word of `q`, as the workspace's meeting list searches."""
    query = search_query(request)
    if not query:
        return JsonResponse({"results": []})
    meetings = Meeting.objects.only("pk", "title_bg", "title_en", "starts_at")
    for word in query.split():
        meetings = meetings.filter(Q(title_bg__icontains=word) | Q(title_en__icontains=word))
    meetings = meetings.order_by("-starts_at", "-pk")[:RESULTS]
    return JsonResponse(
        {"results": [{"id": meeting.pk, "text": meeting_label(meeting)} for meeting in meetings]}
    )
