"""Choice labels read from a table made once per field.

Django's `get_FOO_display()` builds a dictionary of the field's choices on every call: 45 µs for
an organisation's sector, twice a row on the workspace's organisation list (about 1.4 ms of a
page of twenty) and once a row of every export. The table is made once per field here; its
labels stay lazy, so each call still gives the label in the request's language.
"""

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_labels = {}


def _labels_of(field):
    labels = _labels.get(field)
    if labels is None:
        labels = _labels[field] = dict(make_hashable(field.flatchoices))
    return labels


class ChoiceLabels:
    """A model mixin: `get_FOO_display()` of each choice field reads its labels from a table
    made once. The model's choices must not change while the process runs (no callable
    choices)."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        # force_str() makes the lazy label a string in the current language, as Django does.
        return force_str(_labels_of(field).get(make_hashable(value), value), strings_only=True)
