import django_filters
from django import forms
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from core.filters import LocalisedOrderingFilter, StyledFilterSet
from partners.models import Project

from .models import Meeting


def _published_years():
    return _years(Meeting.objects.published())


def _years(meetings):
    years = (
        meetings.annotate(year=ExtractYear("starts_at"))
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
        # The years with published meetings, read once per request (the field adds "All years").
        self.form.fields["year"].choices = _published_years()


class WorkspaceMeetingFilter(StyledFilterSet):
    """Filters of the workspace's meeting list, every one kept in the query string."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Meeting.Kind.choices, empty_label=_("All kinds")
    )
    project = django_filters.ModelChoiceFilter(
        label=_("Project"), queryset=Project.objects.all(), empty_label=_("All projects")
    )
    published = django_filters.ChoiceFilter(
        label=_("Published"),
        method="filter_published",
        choices=[("yes", _("Published")), ("no", _("Not published"))],
        empty_label=_("Published or not"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        field_name="starts_at",
        lookup_expr="year",
        choices=[],
        empty_label=_("All years"),
    )
    sort = LocalisedOrderingFilter(
        label=_("Sort by"),
        fields=[("starts_at", "date")],
        # Newest first is the list's own order, so it needs no value of its own.
        choices=[("-date", _("Newest first")), ("date", _("Oldest first"))],
        empty_label=None,
    )

    class Meta:
        model = Meeting
        fields = ["q", "kind", "project", "published", "year", "sort"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["year"].choices = _years(Meeting.objects)

    def search(self, queryset, name, value):
        """Every word must appear in the Bulgarian or the English title."""
        for word in value.split():
            queryset = queryset.filter(Q(title_bg__icontains=word) | Q(title_en__icontains=word))
        return queryset

    def filter_published(self, queryset, name, value):
        return queryset.filter(is_published=value == "yes")
