"""What the list filters of every app share: sort choices in each request's language, Bootstrap
styling, and whole years."""

import django_filters
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext

from . import public_cache


def _descending(label):
    return gettext("%s (descending)") % label


class LocalisedOrderingFilter(django_filters.OrderingFilter):
    """Sort choices whose labels follow each request's language: django-filter writes its
    "(descending)" labels once, at import, in whatever language is active then.

    `field_labels` is keyed by field name, as in django-filter (not by the parameter the address
    shows), and every field needs one: without it django-filter would show the parameter's own
    English name ("Added") whatever the page's language."""

    def build_choices(self, fields, labels):
        unlabelled = [field for field in fields if field not in labels]
        if unlabelled:
            raise ImproperlyConfigured(
                f"Sort fields without a label in field_labels (keyed by field name, not by "
                f"parameter): {', '.join(unlabelled)}."
            )
        choices = super().build_choices(fields, labels)
        ascending = dict(choices[::2])
        return [
            (value, lazy(_descending, str)(ascending[value[1:]]))
            if value.startswith("-") and f"{value}" not in labels
            else (value, label)
            for value, label in choices
        ]


class StyledFilterSet(django_filters.FilterSet):
    """A filter set whose form controls carry Bootstrap's classes.

    A public list shows its search box (`in_sight`) above the results and the other filters
    behind a "Filters (N active)" disclosure (`_filter_disclosure.html`), so that on a phone the
    first result is on the first screen."""

    #: The fields shown above the results rather than behind the disclosure.
    in_sight = ("q",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if is_select else "form-control")

    def fields_in_sight(self):
        return [self.form[name] for name in self.in_sight if name in self.form.fields]

    def fields_disclosed(self):
        return [field for field in self.form if field.name not in self.in_sight]

    def disclosure_key(self):
        """What the fields behind the disclosure show, for keeping them rendered on a public list
        (`{% cache %}` in its template): the public content (their choices), the language, the
        values sent for them and which fields are in error. Never for a workspace list, whose
        choices may depend on the user."""
        data = self.form.data
        values = [
            (name, data.getlist(name) if hasattr(data, "getlist") else data.get(name))
            for name in self.form.fields
            if name not in self.in_sight
        ]
        return repr(
            (
                public_cache.current_version(),
                get_language(),
                values,
                sorted(self.form.errors) if self.is_bound else [],
            )
        )

    def active_count(self):
        """How many of the filters behind the disclosure narrow the list now; sorting orders
        it, so it does not count."""
        return sum(
            1
            for name, filter_ in self.filters.items()
            if name not in self.in_sight
            and not isinstance(filter_, django_filters.OrderingFilter)
            and self.form[name].value() not in (None, "", [])
        )


class YearFilter(django_filters.NumberFilter):
    """A year: whole numbers only, so "2024.5" is a field error rather than a guess."""

    field_class = forms.IntegerField
