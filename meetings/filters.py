import django_filters
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from partners.filters import StyledFilterSet

from .models import Meeting


def _published_years():
    years = (
        Meeting.objects.published()
        .annotate(year=ExtractYear("starts_at"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return [(str(year), str(year)) for year in years]


class PublicMeetingFilter(StyledFilterSet):
    """Filters of the public meetings list: by year and kind, kept in the query string."""

    year = django_filters.ChoiceFilter(
        label=_("Year"),
        field_name="starts_at",
        lookup_expr="year",
        choices=[],
        empty_label=_("All years"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Meeting.Kind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = Meeting
        fields = ["year", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The years with published meetings, read once per request.
        self.form.fields["year"].choices = [("", _("All years")), *_published_years()]
