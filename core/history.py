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
from .tracking import (
    BOOKKEEPING,
    related_changes,
    related_spec,
    row_relation,
    same_value,
    snapshot_of,
    tracked_values,
)

# Bookkeeping columns that change on every save and say nothing to a reader.
NOT_SHOWN = sorted(BOOKKEEPING)


def history_entries(instance, *, limit=50):
    """The newest `limit` versions of `instance`, each with the fields it changed and then
    what changed in its lists and child rows:
    [{"record": historical record, "changes": [(label, old, new), ...]}]."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_id")[: limit + 1]
    )
    # A record saved before its history was kept has no version yet.
    pairs = list(zip(records, [*records[1:], None][: len(records)], strict=True))[:limit]
    deltas = [(newer, _field_changes(newer, older)) for newer, older in pairs]
    readable = _Readable(instance, [change for _record, changes in deltas for change in changes])
    related = _RelatedChanges(instance, pairs)
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
            ]
            + related.changes(record),
        }
        for record, changes in deltas
    ]


def _field_changes(newer, older):
    """The changes between two versions a reader would call changes: not the bookkeeping
    columns, not the untranslated original column modeltranslation mirrors, not None to ""."""
    if older is None:
        return []
    model = newer.instance_type
    shown = tracked_values(newer.instance)
    return [
        change
        for change in newer.diff_against(older, excluded_fields=NOT_SHOWN).changes
        if _attname(model, change.field) in shown
        and not same_value(model, _attname(model, change.field), change.old, change.new)
    ]


def _attname(model, name):
    field = _field(model, name)
    return field.attname if field is not None else name


class _RelatedChanges:
    """What changed in the lists and child rows of `instance` between versions, from their
    snapshots: one query per list's model and one per kind of child row, however many
    versions are shown. Versions written before snapshots were kept show none."""

    def __init__(self, instance, pairs):
        self.model = type(instance)
        self.rows, self.links = related_spec(self.model)
        self.pairs = {
            newer.history_id: (getattr(older, "related", None), getattr(newer, "related", None))
            for newer, older in pairs
        }
        self.pairs = {key: pair for key, pair in self.pairs.items() if None not in pair}
        self.names = {}
        for name in self.links:
            model = self.model._meta.get_field(name).related_model
            ids = {
                pk
                for pair in self.pairs.values()
                for snapshot in pair
                for pk in snapshot["links"].get(name, [])
            }
            self.names[name] = {
                pk: str(item) for pk, item in model._default_manager.in_bulk(ids).items()
            }
        self.records, self.instances = {}, {}
        for name in self.rows:
            child = row_relation(self.model, name).related_model
            ids = {
                history_id
                for pair in self.pairs.values()
                for snapshot in pair
                for history_id in snapshot["rows"].get(name, {}).values()
            }
            self.records[name] = {
                record.history_id: record for record in child.history.filter(history_id__in=ids)
            }
            self.instances.update(_with_related(child, self.records[name].values()))

    def changes(self, record):
        if record.history_id not in self.pairs:
            return []
        old, new = self.pairs[record.history_id]
        changes = []
        for name in self.links:
            before, after = set(old["links"].get(name, [])), set(new["links"].get(name, []))
            if before != after:
                changes.append(
                    (_label(self.model, name), self._list(name, before), self._list(name, after))
                )
        for name in self.rows:
            changes += self._row_changes(name, old["rows"].get(name, {}), new["rows"].get(name, {}))
        return changes

    def _list(self, name, ids):
        return ", ".join(sorted(self.names[name].get(pk, f"#{pk}") for pk in ids)) or None

    def _row_changes(self, name, before, after):
        records = self.records[name]
        changes = []
        for pk in sorted(set(before) | set(after), key=int):
            if before.get(pk) == after.get(pk):
                continue
            older, newer = records.get(before.get(pk)), records.get(after.get(pk))
            row = newer or older
            if row is None:
                continue
            title = _("%(row)s “%(name)s”") % {
                "row": str(row.instance_type._meta.verbose_name).capitalize(),
                "name": self.instances[row.history_id],
            }
            if older is None:
                changes.append((title, None, _("added")))
            elif newer is None:
                changes.append((title, _("deleted"), None))
            else:
                child = self.instances[row.history_id]
                field_changes = _field_changes(newer, older)
                readable = _Readable(child, field_changes)
                changes += [
                    (
                        f"{title}: {_label(child, change.field)}",
                        readable.value(change.field, change.old),
                        readable.value(change.field, change.new),
                    )
                    for change in field_changes
                ]
        return changes


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


def _with_related(model, records):
    """{history id: the row as it was} for historical `records` of `model`, the records they
    name read with one query per related model (a row's name may show them)."""
    instances = {record.history_id: record.instance for record in records}
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.ForeignKey):
            continue
        ids = {getattr(row, field.attname) for row in instances.values()} - {None}
        related = field.related_model._default_manager.in_bulk(ids)
        for row in instances.values():
            value = related.get(getattr(row, field.attname))
            if value is not None:
                field.set_cached_value(row, value)
    return instances


@transaction.atomic
def restore_version(*, instance, history_id):
    """Save `instance` with the values it had in version `history_id`, its lists as they were
    then, and its child rows that still exist as they were then (rows deleted since are not
    brought back, rows added since stay); the restore itself is one new version, so nothing is
    lost and it can be undone the same way."""
    record = instance.history.get(history_id=history_id)
    restored = record.instance
    reason = f"Restored version {history_id}"
    restored._change_reason = reason
    snapshot = getattr(record, "related", None)
    with related_changes(reason=reason):
        restored.save()
        if snapshot is not None:
            _restore_related(restored, snapshot)
    return restored


def _restore_related(restored, snapshot):
    rows, links = related_spec(type(restored))
    for name in links:
        if name in snapshot["links"]:
            target = type(restored)._meta.get_field(name).related_model
            ids = target._default_manager.filter(pk__in=snapshot["links"][name])
            getattr(restored, name).set(ids.values_list("pk", flat=True))
    current = snapshot_of(restored)
    for name in rows:
        child = row_relation(type(restored), name).related_model
        wanted = snapshot["rows"].get(name, {})
        now = current["rows"].get(name, {})
        changed = [wanted[pk] for pk in wanted if pk in now and now[pk] != wanted[pk]]
        for row in child.history.filter(history_id__in=changed):
            row.instance.save()


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
