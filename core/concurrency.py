"""No lost updates: an edit is saved only if nobody else saved the record since it was opened.

The version of a record is the id of its latest history record (django-simple-history writes
one on every save), so every tracked model can be guarded without a column of its own.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _


def version_of(instance):
    """The id of `instance`'s latest history record, or None before its first save."""
    if instance.pk is None:
        return None
    return instance.history.order_by("-history_id").values_list("history_id", flat=True).first()


class StaleEdit(Exception):
    """Someone else saved the record after this edit began."""

    def __init__(self, current):
        super().__init__("The record changed since the form was opened.")
        self.current = current


class VersionedFormMixin(forms.Form):
    """Carries the version the user started from through the form, as a hidden field."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None:
            self.fields["version"].initial = version_of(instance)


STALE_EDIT_MESSAGE = _(
    "Someone else saved this record while you were editing it. Nothing of yours was saved. "
    "Their values are shown below next to yours: check them, then save again to keep yours."
)


@transaction.atomic
def save_unless_changed(form, *formsets):
    """Save `form` (and the inline `formsets`) unless the record changed since it was opened.

    The row is locked first, so two saves at the same moment cannot both pass the check.
    Raises StaleEdit with the record as it is now.
    """
    instance = form.instance
    if instance.pk is not None:
        model = type(instance)
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        if version_of(current) != form.cleaned_data.get("version"):
            raise StaleEdit(current)
    saved = form.save()
    for formset in formsets:
        formset.instance = saved
        formset.save()
    return saved


def differences(form, current):
    """(label, their value, your value) for each field where the stored record differs from
    what the user submitted: what a stale edit shows."""
    rows = []
    for name, field in form.fields.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        theirs = getattr(current, name, None)
        mine = form.cleaned_data[name]
        if hasattr(theirs, "all"):  # many-to-many
            theirs, mine = set(theirs.all()), set(mine or [])
        if (theirs or "") != (mine or ""):
            rows.append((field.label, _display(theirs), _display(mine)))
    return rows


def _display(value):
    if isinstance(value, set):
        return ", ".join(sorted(str(item) for item in value)) or "–"
    return "–" if value in (None, "") else str(value)


def save_or_conflicts(form, *formsets):
    """Save `form` and `formsets` unless someone saved the record meanwhile.

    Returns (the saved record, []) or (None, the differences to show). On a conflict the form
    carries the message and the newer version, so saving again keeps the user's values.
    """
    try:
        return save_unless_changed(form, *formsets), []
    except StaleEdit as stale:
        form.add_error(None, STALE_EDIT_MESSAGE)
        form.data = form.data.copy()
        form.data["version"] = form.fields["version"].initial = version_of(stale.current)
        return None, differences(form, stale.current)
