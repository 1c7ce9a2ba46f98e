"""Who changed what and when, from django-simple-history's records, and restoring a version."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .access import coordinator_required, is_coordinator, workspace_required

# Bookkeeping columns that change on every save and say nothing to a reader.
NOT_SHOWN = ["search_text", "updated_at", "created_at"]


def history_entries(instance, *, limit=50):
    """The newest `limit` versions of `instance`, each with the fields it changed:
    [{"record": historical record, "changes": [(label, old, new), ...]}]."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_id")[: limit + 1]
    )
    deltas = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None:
            changes = newer.diff_against(older, excluded_fields=NOT_SHOWN).changes
        deltas.append((newer, changes))
    deltas = deltas[:limit]
    readable = _Readable(instance, [change for _record, changes in deltas for change in changes])
    return [
        {
            "record": record,
            "changes": [
                (
                    _label(instance, change.field),
                    readable.value(change.field, change.old),
                    readable.value(change.field, change.new),
                )
                for change in changes
            ],
        }
        for record, changes in deltas
    ]


def _field(instance, name):
    try:
        return instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(instance, name):
    field = _field(instance, name)
    return field.verbose_name if field is not None else name


class _Readable:
    """Stored values as a reader knows them: the name of a related record rather than its id,
    the label of a choice, yes or no. Related records are read with one query per related
    model, however many versions are shown."""

    def __init__(self, instance, changes):
        self.instance = instance
        wanted = defaultdict(set)
        for change in changes:
            field = _field(instance, change.field)
            if isinstance(field, models.ForeignKey):
                wanted[field.related_model].update(
                    value for value in (change.old, change.new) if value is not None
                )
        self.related = {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items()}

    def value(self, name, value):
        field = _field(self.instance, name)
        if value is None or field is None:
            return value
        if isinstance(field, models.ForeignKey):
            related = self.related[field.related_model].get(value)
            return str(related) if related is not None else _("#%(id)s (deleted)") % {"id": value}
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(field, models.BooleanField):
            return _("Yes") if value else _("No")
        return value


@transaction.atomic
def restore_version(*, instance, history_id):
    """Save `instance` with the values it had in version `history_id`; the restore itself is a
    new version, so nothing is lost and it can be undone the same way."""
    record = instance.history.get(history_id=history_id)
    restored = record.instance
    restored._change_reason = f"Restored version {history_id}"
    restored.save()
    return restored


def render_history(request, record, *, back_url, restore_url_name, can_restore):
    """The history page of any tracked record, with a restore button per earlier version."""
    return render(
        request,
        "manage/history.html",
        {
            "record": record,
            "entries": history_entries(record),
            "back_url": back_url,
            "restore_url_name": restore_url_name,
            "can_restore": can_restore,
        },
    )


def restore_from_request(request, instance, history_id):
    """Restore version `history_id` of `instance` and tell the user how it went. A version that
    clashes with other records as they are now (a number or ЕИК taken since) changes nothing."""
    if not instance.history.filter(history_id=history_id).exists():
        raise Http404
    try:
        restore_version(instance=instance, history_id=history_id)
    except IntegrityError:
        messages.error(
            request, _("This version clashes with another record as it is now; nothing changed.")
        )
        return False
    messages.success(request, _("The earlier version is restored."))
    return True


def history_view(request, record, *, url_name, can_restore):
    """The history page of `record`, whose own page is the URL named `url_name` (taking its
    pk); its restore view is named `<url_name>_restore`. The caller checks who may see it."""
    return render_history(
        request,
        record,
        back_url=reverse(url_name, args=[record.pk]),
        restore_url_name=f"{url_name}_restore",
        can_restore=can_restore,
    )


def restore_view(request, record, history_id, *, url_name):
    """Restore version `history_id` of `record`, then go to its page (the URL named `url_name`),
    or back to its history page (`<url_name>_history`) when the version clashes. The caller
    checks who may restore it."""
    if restore_from_request(request, record, history_id):
        return redirect(url_name, pk=record.pk)
    return redirect(f"{url_name}_history", pk=record.pk)


def history_urlpatterns(prefix, *, url_name, record_for, history_write=False):
    """The history page and restore of one kind of record, under `prefix` (such as
    "manage/accessions/<int:pk>/"), named `<name>_history` and `<name>_restore` after the
    record's own page `url_name` ("partners:manage_accession").

    `record_for(request, pk, *, write=False)` is the views module's `_get_<object>_for_user`:
    the history page is for whoever it lets read the record (with `history_write`, only those
    it lets change it: a history that holds internal notes), with restore buttons for
    coordinators; restoring is a coordinator's POST.
    """
    name = url_name.split(":")[-1]

    @require_safe
    @workspace_required
    def history(request, pk):
        record = record_for(request, pk, write=history_write)
        can_restore = is_coordinator(request.user)
        return history_view(request, record, url_name=url_name, can_restore=can_restore)

    @require_POST
    @coordinator_required
    def restore(request, pk, history_id):
        record = record_for(request, pk, write=True)
        return restore_view(request, record, history_id, url_name=url_name)

    history.__name__ = history.__qualname__ = f"{name}_history"
    restore.__name__ = restore.__qualname__ = f"{name}_restore"
    return [
        path(f"{prefix}history/", history, name=f"{name}_history"),
        path(f"{prefix}history/<int:history_id>/restore/", restore, name=f"{name}_restore"),
    ]
