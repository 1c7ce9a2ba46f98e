"""The organisation pickers of the workspace's forms, on the shared search pickers
(`core.widgets`): organisations found by name in either script or by ЕИК."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import SearchSelectMixin

SEARCH_SCOPES = ("members",)


def organisation_label(organisation):
    """An organisation as pickers name it: its name, with its short name and municipality to
    tell namesakes apart. Reads `municipality`: select it with the organisation."""
    label = organisation.name
    if organisation.short_name:
        label = f"{label} ({organisation.short_name})"
    if organisation.municipality_id:
        label = f"{label} · {organisation.municipality.name}"
    return label


class OrganisationPickerMixin(SearchSelectMixin):
    """Organisations, found by name in either script or by ЕИК; `scope="members"` searches only
    the members of the network."""

    search_url_name = "partners:organisation_search"
    related = ("municipality",)
    placeholder = _("Type part of the name or the ЕИК")
    no_results = _("No organisation found")

    def __init__(self, attrs=None, *, scope=None):
        if scope not in (None, *SEARCH_SCOPES):
            raise ValueError(f"Unknown search scope {scope!r}; expected one of {SEARCH_SCOPES}.")
        super().__init__(attrs)
        self.scope = scope

    def label(self, obj):
        return organisation_label(obj)

    def search_url(self):
        url = super().search_url()
        return f"{url}?scope={self.scope}" if self.scope else url


class OrganisationSelect(OrganisationPickerMixin, forms.Select):
    """Picks one organisation; see the module's docstring."""


class OrganisationSelectMultiple(OrganisationPickerMixin, forms.SelectMultiple):
    """Picks several organisations; see the module's docstring."""
