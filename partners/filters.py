"""The filters of the partner directory and of the workspace's organisation, accession and
project lists."""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.filters import LocalisedOrderingFilter, StyledFilterSet, YearFilter

from .models import (
    Accession,
    JoinRequest,
    Municipality,
    Organisation,
    Project,
    Protocol,
    Region,
    SupportArea,
    search_condition,
)


class DirectoryFilter(StyledFilterSet):
    """Filters of the public partner directory; every value is kept in the query string, by
    readable slugs and codes, so a filtered list can be bookmarked and shared."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label=_("All regions"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        empty_label=_("All municipalities"),
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), choices=Organisation.Sector.choices, empty_label=_("All sectors")
    )
    support = django_filters.ModelChoiceFilter(
        label=_("Support offered"),
        method="offering",
        queryset=SupportArea.objects.all(),
        to_field_name="code",
        empty_label=_("Any support"),
    )
    sort = LocalisedOrderingFilter(
        label=_("Sort by"),
        # "name" is the name in the page's language (modeltranslation rewrites the lookup).
        fields=[("name", "name"), ("created_at", "added")],
        field_labels={"name": _("Name"), "created_at": _("Date added")},
        empty_label=None,
    )

    class Meta:
        model = Organisation
        fields = ["q", "region", "municipality", "sector", "support", "sort"]

    def offering(self, queryset, name, value):
        return queryset.offering(value)

    def search(self, queryset, name, value):
        return queryset.filter(search_condition(value))


class WorkspaceOrganisationFilter(StyledFilterSet):
    """Filters of the coordinators' organisation list, every one kept in the query string."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    partnership_status = django_filters.ChoiceFilter(
        label=_("Partnership status"),
        choices=Organisation.PartnershipStatus.choices,
        empty_label=_("Any status"),
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), choices=Organisation.Sector.choices, empty_label=_("All sectors")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label=_("All regions"),
    )
    archived = django_filters.ChoiceFilter(
        label=_("Archived"),
        method="filter_archived",
        choices=[("only", _("Archived only")), ("all", _("Active and archived"))],
        empty_label=_("Active only"),
    )
    sort = LocalisedOrderingFilter(
        label=_("Sort by"),
        fields=[("name", "name"), ("updated_at", "changed"), ("created_at", "added")],
        field_labels={
            "name": _("Name"),
            "updated_at": _("Last change"),
            "created_at": _("Date added"),
        },
        empty_label=None,
    )

    class Meta:
        model = Organisation
        fields = ["q", "partnership_status", "sector", "region", "archived", "sort"]

    search = DirectoryFilter.search

    def filter_archived(self, queryset, name, value):
        return queryset.filter(archived_at__isnull=False) if value == "only" else queryset

    def filter_queryset(self, queryset):
        # Archived organisations stay out of the list unless asked for.
        if not self.form.cleaned_data.get("archived"):
            queryset = queryset.filter(archived_at__isnull=True)
        return super().filter_queryset(queryset)


class WorkspaceAccessionFilter(StyledFilterSet):
    """Filters of the workspace's accession list, every one kept in the query string."""

    protocol = django_filters.ModelChoiceFilter(
        label=_("Protocol"),
        queryset=Protocol.objects.all(),
        to_field_name="slug",
        empty_label=_("All protocols"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Accession.Status.choices, empty_label=_("Any status")
    )
    q = django_filters.CharFilter(
        label=_("Organisation"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    year = YearFilter(
        label=_("Signed in"),
        field_name="signed_on",
        lookup_expr="year",
        min_value=1990,
        max_value=2100,
    )
    sort = LocalisedOrderingFilter(
        label=_("Sort by"),
        # `organisation_name` is annotated by filter_queryset: the name in the page's language.
        fields=[("signed_on", "signed"), ("organisation_name", "organisation")],
        field_labels={"signed_on": _("Signing date"), "organisation_name": _("Organisation")},
        empty_label=None,
    )

    class Meta:
        model = Accession
        fields = ["protocol", "status", "q", "year", "sort"]

    def search(self, queryset, name, value):
        return queryset.filter(search_condition(value, path="organisation__"))

    def filter_queryset(self, queryset):
        # Only when sorting by it: the annotation joins the organisations into the list's count
        # too, which then read all 10,000 of them to count 4,000 accessions.
        sort = self.form.cleaned_data.get("sort") or []
        if any(value.lstrip("-") == "organisation" for value in sort):
            queryset = queryset.annotate(organisation_name=self._organisation_name())
        return super().filter_queryset(queryset)

    @staticmethod
    def _organisation_name():
        # modeltranslation rewrites `name` on the organisation's own queries only: across the
        # relation the name in the page's language is spelt out, the default one when empty.
        default, language = settings.LANGUAGE_CODE, get_language() or settings.LANGUAGE_CODE
        name = F(f"organisation__name_{default}")
        if language != default:
            translated = NullIf(F(f"organisation__name_{language}"), Value(""))
            name = Coalesce(translated, name, output_field=CharField())
        return name


class WorkspaceProjectFilter(StyledFilterSet):
    """Search and sorting of the workspace's project list."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    sort = LocalisedOrderingFilter(
        label=_("Sort by"),
        fields=[("starts_on", "start"), ("name", "name")],
        field_labels={"starts_on": _("Start"), "name": _("Short name")},
        empty_label=None,
    )

    class Meta:
        model = Project
        fields = ["q", "sort"]

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(title_bg__icontains=word)
                | Q(title_en__icontains=word)
                | Q(programme_bg__icontains=word)
                | Q(programme_en__icontains=word)
            )
        return queryset


class JoinRequestFilter(StyledFilterSet):
    """Filters of the coordinators' join requests queue: status (by default those awaiting an
    answer), language, a possible duplicate, and a search by name (either script) or email."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        choices=[("all", _("Any status")), *JoinRequest.Status.choices],
        empty_label=_("Awaiting an answer"),
    )
    duplicate = django_filters.ChoiceFilter(
        label=_("Possible duplicate"),
        method="filter_duplicate",
        choices=[("yes", _("Flagged")), ("no", _("Not flagged"))],
        empty_label=_("Any"),
    )
    sort = LocalisedOrderingFilter(
        label=_("Sort by"),
        fields=[("received_at", "received")],
        field_labels={"received_at": _("Date received")},
        empty_label=None,
    )

    class Meta:
        model = JoinRequest
        fields = ["q", "status", "duplicate", "sort"]

    def search(self, queryset, name, value):
        return queryset.filter(
            search_condition(value, path="organisation__") | Q(email__icontains=value.strip())
        )

    def filter_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(status=value)

    def filter_duplicate(self, queryset, name, value):
        return queryset.filter(possible_duplicate__isnull=value == "no")

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.awaiting_answer()
        return queryset
