import django_filters
from django import forms
from django.core.cache import caches
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from core import public_cache
from core.filters import LocalisedOrderingFilter, StyledFilterSet
from core.widgets import DateInput
from partners.models import Organisation, Project
from partners.widgets import OrganisationSelect

from .models import ActionItem, Meeting

# The key moves with every change; kept a day at most, like the pages.
YEARS_SECONDS = 24 * 60 * 60


def _published_years():
    return _years(Meeting.objects.published(), "published")


def _years(meetings, name):
    """The years `meetings` (which `name` names in the cache) fall in, newest first, as choices.
    Reading them scans every meeting, so they are kept (`core.kept_cache`) under the
    public-content version, which every change of a meeting moves (published or not)."""
    key = f"meeting-years:{name}:{public_cache.current_version()}"
    years = caches["kept"].get(key)
    if years is None:
        years = list(
            meetings.annotate(year=ExtractYear("starts_at"))
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        )
        caches["kept"].set(key, years, YEARS_SECONDS)
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
        self.form.fields["year"].choices = _years(Meeting.objects.all(), "all")

    def search(self, queryset, name, value):
        """Every word must appear in the Bulgarian or the English title."""
        for word in value.split():
            queryset = queryset.filter(Q(title_bg__icontains=word) | Q(title_en__icontains=word))
        return queryset

    def filter_published(self, queryset, name, value):
        return queryset.filter(is_published=value == "yes")


class ActionItemFilter(StyledFilterSet):
    """Filters of the action item tracker, every one kept in the query string. The organisation
    filter is the coordinators' (a representative sees only its own organisation's items)."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ActionItem.Status.choices, empty_label=_("Any status")
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Responsible organisation"),
        field_name="responsible",
        queryset=Organisation.objects.all(),
        widget=OrganisationSelect,
        empty_label=_("Any organisation"),
    )
    responsible = django_filters.ChoiceFilter(
        label=_("Responsible"),
        method="filter_responsible",
        choices=[("assigned", _("Assigned")), ("unassigned", _("Not assigned"))],
        empty_label=_("Assigned or not"),
    )
    due_after = django_filters.DateFilter(
        label=_("Due on or after"), field_name="due_on", lookup_expr="gte", widget=DateInput
    )
    due_before = django_filters.DateFilter(
        label=_("Due on or before"), field_name="due_on", lookup_expr="lte", widget=DateInput
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Meeting kind"),
        field_name="meeting__kind",
        choices=Meeting.Kind.choices,
        empty_label=_("All kinds"),
    )
    sort = LocalisedOrderingFilter(
        label=_("Sort by"),
        fields=[
            ("due_on", "due"),
            ("meeting__starts_at", "meeting"),
            ("status", "status"),
            ("responsible__name", "organisation"),
        ],
        field_labels={
            "due_on": _("Due date"),
            "meeting__starts_at": _("Meeting date"),
            "status": _("Status"),
            "responsible__name": _("Responsible organisation"),
        },
        empty_label=None,
    )

    class Meta:
        model = ActionItem
        fields = [
            "q",
            "status",
            "organisation",
            "responsible",
            "due_after",
            "due_before",
            "overdue",
            "kind",
            "sort",
        ]

    def __init__(self, *args, coordinator, **kwargs):
        super().__init__(*args, **kwargs)
        if not coordinator:
            # A representative sees only its own organisation's items: these would filter nothing.
            for name in ("organisation", "responsible"):
                del self.filters[name]
                del self.form.fields[name]
        self.form.fields["overdue"].widget.attrs["class"] = "form-check-input"

    def search(self, queryset, name, value):
        """Every word must appear in the item's Bulgarian or English text."""
        for word in value.split():
            queryset = queryset.filter(Q(text_bg__icontains=word) | Q(text_en__icontains=word))
        return queryset

    def filter_responsible(self, queryset, name, value):
        return queryset.filter(responsible__isnull=value == "unassigned")

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset
