import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import LocalisedOrderingFilter, StyledFilterSet
from partners.models import Project, SupportArea

from .models import Measure


class WorkspaceMeasureFilter(StyledFilterSet):
    """Filters of the coordinators' measure list, every one kept in the query string."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Measure.Status.choices, empty_label=_("Any status")
    )
    project = django_filters.ModelChoiceFilter(
        label=_("Project"),
        queryset=Project.objects.all(),
        to_field_name="slug",
        empty_label=_("All projects"),
    )
    support_area = django_filters.ModelChoiceFilter(
        label=_("Support area"),
        queryset=SupportArea.objects.all(),
        to_field_name="code",
        empty_label=_("All support areas"),
    )
    sort = LocalisedOrderingFilter(
        label=_("Sort by"),
        fields=[("number", "number"), ("votes_total", "votes")],
        field_labels={"number": _("Number"), "votes_total": _("Votes for")},
        empty_label=None,
    )

    class Meta:
        model = Measure
        fields = ["q", "status", "project", "support_area", "sort"]

    def search(self, queryset, name, value):
        """Every word in the title, in either language."""
        for word in value.split():
            queryset = queryset.filter(Q(title_bg__icontains=word) | Q(title_en__icontains=word))
        return queryset
