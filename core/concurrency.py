"""No lost updates: an edit is saved only if nobody else saved the record since it was opened.

The version of a record is the id of its latest history record, so every tracked model can be
guarded without a column of its own. A change of one of the record's child rows or lists (an
action item marked done from the meeting page, a service added in the admin) writes a new
version of the record too (`core.tracking`), so the version covers them.

When an edit is refused, the page lists what the other person saved (the record's fields, its
rows, its lists: `differences`), and the form takes their values wherever the user left the
value as it was when the page was opened; what the user changed stays theirs. Saving again
therefore keeps both people's changes, and the user's where both changed the same value.
"""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .tracking import (
    related_changes,
    related_spec,
    row_relation,
    same_value,
    snapshot_of,
)


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

    The row is locked first, so two saves at the same moment cannot both pass the check; the
    record and its rows are then saved as one version. Raises StaleEdit with the record as it
    is now.
    """
    instance = form.instance
    if instance.pk is not None:
        model = type(instance)
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        if version_of(current) != form.cleaned_data.get("version"):
            raise StaleEdit(current)
    with related_changes():
        saved = form.save()
        for formset in formsets:
            formset.instance = saved
            formset.save()
    return saved


def differences(form, current, *formsets, opened=None):
    """(label, their value, your value) for each value where the stored record differs from
    what the user submitted: its fields, then the rows of `formsets`, then rows added or
    deleted meanwhile. `opened` is the historical record the user started from (None if
    unknown): where the user left a value as it was then, the form takes the stored one, so
    saving again does not undo the other person's change."""
    opened_instance = opened.instance if opened is not None else None
    opened_related = getattr(opened, "related", None)
    current_related = snapshot_of(current) if opened_related is not None else None
    links = {name: set(ids) for name, ids in ((opened_related or {}).get("links") or {}).items()}
    rows = _form_differences(
        form,
        current,
        opened_instance,
        label=lambda field: field.label,
        opened_links=links if opened_related is not None else None,
    )
    for formset in formsets:
        rows += _row_differences(formset, current, opened_related, current_related)
    return rows


def _form_differences(form, current, opened, *, label, opened_links=None):
    model = form._meta.model
    rows = []
    for name, form_field in form.fields.items():
        if name in ("version", "id", "DELETE") or name not in form.cleaned_data:
            continue
        model_field = _model_field(model, name)
        if model_field is None or isinstance(model_field, models.FileField):
            continue
        if model_field.many_to_many:
            theirs = set(getattr(current, name).values_list("pk", flat=True))
            mine = {item.pk for item in form.cleaned_data[name] or []}
            was = opened_links.get(name) if opened_links is not None else None
            if theirs != mine and theirs != was:
                rows.append(
                    (
                        label(form_field),
                        _display_set(form_field, theirs),
                        _display_set(form_field, mine),
                    )
                )
            if was is not None and mine == was and theirs != was:
                form.data.setlist(form.add_prefix(name), [str(pk) for pk in sorted(theirs)])
            elif was is not None and theirs != was:
                # Both changed the list: the user's additions and removals, on top of theirs.
                merged = (theirs | (mine - was)) - (was - mine)
                form.data.setlist(form.add_prefix(name), [str(pk) for pk in sorted(merged)])
            continue
        attname = model_field.attname
        theirs = getattr(current, attname)
        mine = _raw(form.cleaned_data[name])
        was = getattr(opened, attname, None) if opened is not None else None
        # What the other person changed, where the user has something else.
        if not same_value(model, attname, theirs, mine) and (
            opened is None or not same_value(model, attname, theirs, was)
        ):
            rows.append(
                (label(form_field), _display(form_field, theirs), _display(form_field, mine))
            )
        untouched = opened is not None and same_value(model, attname, mine, was)
        if untouched and not same_value(model, attname, theirs, was):
            _put(form, name, form_field, theirs)
    return rows


def _row_differences(formset, current, opened_related, current_related):
    """The differences in the rows of one inline formset of `current`."""
    if opened_related is None or current_related is None:
        return []
    name = next(
        (
            name
            for name in related_spec(type(current))[0]
            if row_relation(type(current), name).related_model is formset.model
        ),
        None,
    )
    if name is None:
        return []
    was = (opened_related.get("rows") or {}).get(name, {})
    now = current_related["rows"].get(name, {})
    changed = {pk for pk in set(was) | set(now) if was.get(pk) != now.get(pk)}
    if not changed:
        return []
    child = formset.model
    row_name = str(child._meta.verbose_name).capitalize()
    stored = child._default_manager.in_bulk([int(pk) for pk in changed if pk in now])
    earlier = {
        str(record.id): record.instance
        for record in child.history.filter(history_id__in=[was[pk] for pk in changed if pk in was])
    }
    rows = []
    shown = set()
    for number, row_form in enumerate(formset.forms, start=1):
        pk = str(row_form.instance.pk) if row_form.instance.pk is not None else None
        if pk not in changed or int(pk) not in stored:
            continue
        shown.add(pk)
        rows += _form_differences(
            row_form,
            stored[int(pk)],
            earlier.get(pk),
            label=lambda field, number=number: (
                gettext("%(row)s %(number)s: %(field)s")
                % {"row": row_name, "number": number, "field": field.label}
            ),
        )
    for pk in sorted(changed - shown, key=int):
        if pk in now and int(pk) in stored:
            title = gettext("%(row)s “%(name)s”") % {"row": row_name, "name": stored[int(pk)]}
            rows.append((title, gettext("added"), "–"))
        elif pk not in now and pk in earlier:
            title = gettext("%(row)s “%(name)s”") % {"row": row_name, "name": earlier[pk]}
            rows.append((title, gettext("deleted"), "–"))
    return rows


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a form field with no column of its own
        return None


def _raw(value):
    """A cleaned value as it is stored: a related record by its id."""
    return value.pk if isinstance(value, models.Model) else value


def _put(form, name, form_field, value):
    """Show `value` (as stored) in the bound `form`'s field `name`, as if the user typed it."""
    key = form.add_prefix(name)
    if isinstance(form_field, forms.BooleanField):
        if value:
            form.data[key] = "on"
        else:
            form.data.pop(key, None)
        return
    if value is None:
        form.data[key] = ""
    elif isinstance(form_field, forms.ChoiceField | forms.ModelChoiceField):
        form.data[key] = str(value)
    else:
        form.data[key] = str(form_field.widget.format_value(form_field.prepare_value(value)))


def _display(form_field, value):
    if value in (None, ""):
        return "–"
    if isinstance(form_field, forms.ModelChoiceField):
        related = form_field.queryset.model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if isinstance(form_field, forms.BooleanField) or isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    choices = getattr(form_field, "choices", None)
    if choices:
        return str(dict(form_field.choices).get(value, value))
    return str(value)


def _display_set(form_field, pks):
    names = form_field.queryset.model._default_manager.filter(pk__in=pks)
    return ", ".join(sorted(str(item) for item in names)) or "–"


def save_or_conflicts(form, *formsets):
    """Save `form` and `formsets` unless someone saved the record meanwhile.

    Returns (the saved record, []) or (None, the differences to show). On a conflict the form
    carries the message and the newer version; it holds the stored values wherever the user
    had changed nothing, so saving again keeps both people's changes.
    """
    try:
        return save_unless_changed(form, *formsets), []
    except StaleEdit as stale:
        form.add_error(None, STALE_EDIT_MESSAGE)
        form.data = form.data.copy()
        for formset in formsets:
            formset.data = form.data
            for row_form in formset.forms:
                row_form.data = form.data
        version = form.cleaned_data.get("version")
        opened = (
            stale.current.history.filter(history_id=version).first()
            if version is not None
            else None
        )
        rows = differences(form, stale.current, *formsets, opened=opened)
        form.data["version"] = form.fields["version"].initial = version_of(stale.current)
        return None, rows
