"""Look-ups behind the workspace's organisation pickers: a few matches for what a coordinator
types, as JSON. Coordinators only, as only they edit records that name other organisations."""

from django.db.models import Case, Q, Value, When
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from core.access import coordinator_required
from core.lookup import RESULTS, search_query
from core.transliteration import search_form

from ..models import Organisation, search_condition
from ..widgets import organisation_label


def matching(query):
    """Organisations whose names or description hold every word of `query` in either script,
    as the directory's search finds them, or whose ЕИК starts with `query` when it is a number."""
    words = search_condition(query)
    if query.isdigit():
        return words | Q(registration_id__startswith=query)
    return words


@require_safe
@coordinator_required
def organisation_search(request):
    """`{"results": [{"id", "text"}, …]}`: up to 20 organisations not archived that match `q`,
    those whose name starts with it (or whose ЕИК it is) first, then by name. `scope=members`
    keeps to members of the network (the implementers a pilot may have)."""
    query = search_query(request)
    if not query:
        return JsonResponse({"results": []})
    organisations = Organisation.objects.active().filter(matching(query))
    if request.GET.get("scope") == "members":
        organisations = organisations.filter(
            partnership_status=Organisation.PartnershipStatus.MEMBER
        )
    first = Q(search_text__startswith=search_form(query)) | Q(registration_id=query)
    organisations = (
        organisations.annotate(rank=Case(When(first, then=Value(0)), default=Value(1)))
        .select_related("municipality")
        .only(
            "pk",
            "name_bg",
            "name_en",
            "short_name_bg",
            "short_name_en",
            "municipality__name_bg",
            "municipality__name_en",
        )
        .order_by("rank", "name", "pk")[:RESULTS]
    )
    return JsonResponse(
        {
            "results": [
                {"id": organisation.pk, "text": organisation_label(organisation)}
                for organisation in organisations
            ]
        }
    )
