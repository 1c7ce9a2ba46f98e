"""Pickers: selects that stay small whatever the size of the network.

A network of ten thousand organisations (and fifty thousand meetings) made every form that picks
one a page of megabytes: a select of every organisation, in every row. These widgets write only
the chosen options (and on a refused form, the submitted ones that are valid);
`static/js/search-picker.js` turns each into a search-as-you-type combobox (Tom Select) that asks
a search view (such as `partners:organisation_search`) for matches. The form
field keeps its whole queryset, so whatever id arrives is checked as usual.

Without JavaScript the select shows and submits its current choice only: a coordinator can keep
or clear it, but choosing another one needs the search.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """A browser date picker: it reads and writes ISO dates, whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """A browser date-and-time picker, in ISO form like the date picker."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def picked_ids(values):
    """The values that can be primary keys (ASCII digits within a bigint); anything else cannot
    be chosen anyway."""
    return [
        int(text)
        for text in map(str, values)
        if text.isascii() and text.isdigit() and len(text) < 19
    ]


class PickedObjects:
    """The objects (organisations, meetings) that a page's rows name, read in one query for every
    row, and only those: each row says which ids it shows or was sent (`want`), and the first
    look-up reads them all. With a picker per row, neither showing nor checking the rows makes a
    query per row."""

    def __init__(self, queryset):
        self.queryset = queryset
        self._wanted = set()
        self._read = set()
        self._objects = {}

    def want(self, values):
        if not isinstance(values, list | tuple):
            values = [values]
        self._wanted.update(picked_ids(values))

    def get(self, pk):
        """The object `pk` if the queryset holds it, else None."""
        missing = self._wanted - self._read
        if missing:
            self._objects.update((obj.pk, obj) for obj in self.queryset.filter(pk__in=missing))
            self._read |= missing
        return self._objects.get(pk)


class SearchSelectMixin:
    """What every picker shares. The widget belongs to a model choice field, whose queryset
    gives the chosen options their labels, or to a page's rows that share a PickedObjects
    (`picked`). Subclasses say where to search, how to name an object and what to tell people."""

    search_url_name = None
    # Related objects that `label` reads.
    related = ()
    placeholder = ""
    no_results = ""
    picked = None

    class Media:
        css = {"all": ["vendor/tom-select/css/tom-select.bootstrap5.min.css"]}
        js = [
            forms.Script("vendor/tom-select/js/tom-select.complete.min.js", defer=True),
            forms.Script("js/search-picker.js", defer=True),
        ]

    def label(self, obj):
        return str(obj)

    def search_url(self):
        return reverse(self.search_url_name)

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        # Read by the script; the messages are here because the script has no catalogue.
        attrs.update(
            {
                "data-search-url": self.search_url(),
                "data-placeholder": self.placeholder,
                "data-no-results": self.no_results,
                "data-error": _("The search failed. Try again."),
            }
        )
        if self.allow_multiple_selected:
            attrs["data-remove"] = _("Remove")
        else:
            attrs["data-clear"] = _("Clear")
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
        """(value, label) of the chosen objects that the field would accept."""
        ids = picked_ids(values)
        if not ids:
            return []
        if self.picked is not None:
            objects = filter(None, (self.picked.get(pk) for pk in ids))
        else:
            objects = self.choices.queryset.filter(pk__in=ids).select_related(*self.related)
        return [(obj.pk, self.label(obj)) for obj in objects]

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


class PickedChoiceField(forms.ModelChoiceField):
    """A model choice field of a formset row whose picker shows, and whose value is checked,
    through the PickedObjects that the page's rows share (`share`)."""

    picked = None

    def share(self, picked):
        self.picked = self.widget.picked = picked
        self.queryset = picked.queryset

    def to_python(self, value):
        if value in self.empty_values:
            return None
        ids = picked_ids([value])
        obj = self.picked.get(ids[0]) if ids else None
        if obj is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return obj
