"""Organisation pickers: selects that stay small whatever the size of the network.

A network of ten thousand organisations made every form that picks one a page of megabytes: a
select of every organisation, in every row. These widgets write only the chosen options (and on a
refused form, the submitted ones); `static/js/organisation-picker.js` turns each into a
search-as-you-type combobox (Tom Select) that asks `partners:organisation_search` for matches.
The form field keeps its whole queryset, so whatever id arrives is checked as usual.

Without JavaScript the select shows and submits its current choice only: a coordinator can keep
or clear it, but choosing another organisation needs the search.
"""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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


def _ids(values):
    """The values that can be primary keys; anything else cannot be chosen anyway."""
    return [int(value) for value in values if str(value).isdigit() and len(str(value)) < 19]


class PickedOrganisations:
    """The organisations that a page's rows name, read in one query for every row (and only
    those): each row says which ids it shows or was sent (`want`), and the first look-up reads
    them all. With a picker per row, neither showing nor checking the rows grows with them."""

    def __init__(self, queryset):
        self.queryset = queryset
        self._wanted = set()
        self._read = set()
        self._objects = {}

    def want(self, values):
        if not isinstance(values, list | tuple):
            values = [values]
        self._wanted.update(_ids(values))

    def get(self, pk):
        """The organisation `pk` if the queryset holds it, else None."""
        missing = self._wanted - self._read
        if missing:
            self._objects.update(
                (organisation.pk, organisation)
                for organisation in self.queryset.filter(pk__in=missing).select_related(
                    "municipality"
                )
            )
            self._read |= missing
        return self._objects.get(pk)


class OrganisationPickerMixin:
    """What both pickers share. The widget belongs to a model choice field, whose queryset
    gives the chosen options their labels (or `picked`, shared by a page's rows)."""

    picked = None

    class Media:
        css = {"all": ["vendor/tom-select/css/tom-select.bootstrap5.min.css"]}
        js = [
            forms.Script("vendor/tom-select/js/tom-select.complete.min.js", defer=True),
            forms.Script("js/organisation-picker.js", defer=True),
        ]

    def __init__(self, attrs=None, *, scope=None):
        if scope not in (None, *SEARCH_SCOPES):
            raise ValueError(f"Unknown search scope {scope!r}; expected one of {SEARCH_SCOPES}.")
        super().__init__(attrs)
        self.scope = scope

    def search_url(self):
        url = reverse("partners:organisation_search")
        return f"{url}?scope={self.scope}" if self.scope else url

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        # Read by the script; the messages are here because the script has no catalogue.
        attrs.update(
            {
                "data-organisation-picker": "",
                "data-search-url": self.search_url(),
                "data-placeholder": _("Type part of the name or the ЕИК"),
                "data-no-results": _("No organisation found"),
                "data-error": _("The search failed. Try again."),
            }
        )
        return attrs

    def _empty_label(self):
        field = getattr(self.choices, "field", None)
        return getattr(field, "empty_label", None)

    def use_required_attribute(self, initial):
        # Django's Select looks at the first of its choices, which would read the queryset.
        if self.allow_multiple_selected:
            return not self.is_hidden
        return not self.is_hidden and self._empty_label() is not None

    def chosen(self, values):
        """(value, label) of the chosen organisations that the field would accept."""
        ids = _ids(values)
        if not ids:
            return []
        if self.picked is not None:
            organisations = filter(None, (self.picked.get(pk) for pk in ids))
        else:
            organisations = self.choices.queryset.filter(pk__in=ids).select_related("municipality")
        return [
            (organisation.pk, organisation_label(organisation)) for organisation in organisations
        ]

    def optgroups(self, name, value, attrs=None):
        choices = self.chosen(value)
        if not self.allow_multiple_selected and self._empty_label() is not None:
            choices.insert(0, ("", self._empty_label()))
        selected = set(value)
        return [
            (
                None,
                [
                    self.create_option(
                        name, option_value, label, str(option_value) in selected, index, attrs=attrs
                    )
                ],
                index,
            )
            for index, (option_value, label) in enumerate(choices)
        ]


class OrganisationSelect(OrganisationPickerMixin, forms.Select):
    """Picks one organisation; see the module's docstring."""


class OrganisationSelectMultiple(OrganisationPickerMixin, forms.SelectMultiple):
    """Picks several organisations; see the module's docstring."""
