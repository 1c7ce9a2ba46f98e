"""What goes into a record's history: real changes only, and the rows and lists it holds.

django-simple-history writes a historical record on every save. `TrackedHistory`, the
`records_class` each app's `translation.py` registers its models with, writes none when no
tracked value changed: the bookkeeping columns, the untranslated original column that
django-modeltranslation mirrors from the `_bg` / `_en` ones, and None against "" do not count.

A record with child rows or many-to-many lists (`rows=`, `links=`) keeps with each of its
versions a snapshot, `related`: the latest history id of each child row and the ids of each
list. A change of a child row or a list is a new version of the record, so the record's version
(its latest history id, `core.concurrency.version_of`) covers its rows and lists, and its
history page can say what changed in them. Writes that touch a record and its rows together
(an edit page, a restore, an import, the admin) run inside `related_changes()`, which makes
them one version.
"""

import threading
from contextlib import contextmanager, suppress

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, models
from django.utils import timezone
from modeltranslation.translator import NotRegistered, translator
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record, pre_create_historical_record

# Bookkeeping columns that change on every save and say nothing to a reader.
BOOKKEEPING = frozenset({"search_text", "updated_at", "created_at"})

# Models with rows or lists in their snapshot, and their records.
_HOLDERS = {}
_state = threading.local()


class RelatedSnapshot(models.Model):
    """What a historical record of a record with rows and lists adds: its snapshot, None for
    versions written before snapshots were kept."""

    related = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class TrackedHistory(HistoricalRecords):
    """History that writes no record for a save that changed nothing, and keeps a snapshot of
    the child rows (`rows`: reverse relation names) and lists (`links`: many-to-many fields)."""

    def __init__(self, *, rows=(), links=(), **kwargs):
        self.rows, self.links = tuple(rows), tuple(links)
        if self.rows or self.links:
            kwargs.setdefault("bases", [RelatedSnapshot])
        super().__init__(**kwargs)

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is self.cls and (self.rows or self.links):
            _HOLDERS[sender] = self

    def post_save(self, instance, created, using=None, **kwargs):
        if (
            not created
            and not kwargs.get("raw", False)
            and not hasattr(instance, "skip_history_when_saving")
            and unchanged(instance)
        ):
            return
        super().post_save(instance, created, using=using, **kwargs)

    def pre_delete(self, instance, **kwargs):
        # A record being deleted takes its rows with it: their deletion is not a new version.
        _deleting().add((type(instance), instance.pk))
        super().pre_delete(instance, **kwargs)

    def post_delete(self, instance, using=None, **kwargs):
        super().post_delete(instance, using=using, **kwargs)
        _deleting().discard((type(instance), instance.pk))

    def create_historical_record(self, instance, history_type, using=None):
        super().create_historical_record(instance, history_type, using=using)
        for holder, field in _holders_of(type(instance)):
            _touch(holder, getattr(instance, field.attname), user=_user_of(instance))


def tracked_values(instance):
    """{attname: value} of the columns whose change is a new version of `instance`."""
    model = type(instance)
    skipped = set(BOOKKEEPING)
    with suppress(NotRegistered):
        skipped |= set(translator.get_options_for_model(model).fields)
    return {
        field.attname: getattr(instance, field.attname)
        for field in model._meta.concrete_fields
        if field.name not in skipped
    }


def same_value(model, attname, one, other):
    """Whether two stored values of a column say the same: None and "" do, a file and its name
    do, "1.50" and Decimal("1.5") do."""
    if one in (None, "") and other in (None, ""):
        return True
    field = next((f for f in model._meta.concrete_fields if f.attname == attname), None)
    if isinstance(field, models.FileField):
        return str(one or "") == str(other or "")
    if field is not None and not field.is_relation:
        with suppress(ValidationError, TypeError, ValueError):
            return field.to_python(one) == field.to_python(other)
    return one == other


def unchanged(instance):
    """Whether `instance` holds what its latest version holds, column by column."""
    latest = instance.history.order_by("-history_id").first()
    if latest is None or latest.history_type == "-":
        return False
    model = type(instance)
    return all(
        same_value(model, attname, value, getattr(latest, attname, None))
        for attname, value in tracked_values(instance).items()
    )


# --- Rows and lists -----------------------------------------------------------------------------


def holds_related(model):
    return model in _HOLDERS


def related_spec(model):
    """(row relation names, list field names) of `model`."""
    records = _HOLDERS.get(model)
    return (records.rows, records.links) if records else ((), ())


def row_relation(model, name):
    """The reverse relation `name` of `model`: its `related_model` and `field` (the key)."""
    return model._meta.get_field(name)


def _holders_of(child_model):
    for holder, records in list(_HOLDERS.items()):
        for name in records.rows:
            relation = row_relation(holder, name)
            if relation.related_model is child_model:
                yield holder, relation.field


def snapshots(model, pks):
    """{pk: snapshot} of the records `pks` of `model`, with one query per row relation and one
    per list, however many records."""
    pks = list(pks)
    rows, links = related_spec(model)
    result = {pk: {"rows": {name: {} for name in rows}, "links": {}} for pk in pks}
    for name in rows:
        relation = row_relation(model, name)
        child = relation.related_model
        key = relation.field.attname
        latest = models.Subquery(
            child.history.filter(id=models.OuterRef("pk"))
            .order_by("-history_id")
            .values("history_id")[:1]
        )
        for parent_id, pk, history_id in (
            child._default_manager.filter(**{f"{key}__in": pks})
            .annotate(latest_history_id=latest)
            .values_list(key, "pk", "latest_history_id")
        ):
            result[parent_id]["rows"][name][str(pk)] = history_id
    for name in links:
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        for snapshot in result.values():
            snapshot["links"][name] = []
        for parent_id, target_id in (
            through._default_manager.filter(**{f"{source}__in": pks})
            .order_by(target)
            .values_list(f"{source}_id", f"{target}_id")
        ):
            result[parent_id]["links"][name].append(target_id)
    return result


def snapshot_of(instance):
    return snapshots(type(instance), [instance.pk])[instance.pk]


def _deleting():
    if not hasattr(_state, "deleting"):
        _state.deleting = set()
    return _state.deleting


def _user_of(instance):
    return getattr(instance, "_history_user", None)


class _Batch:
    def __init__(self):
        self.touched = {}
        self.written = set()


@contextmanager
def related_changes(*, reason=None):
    """Writes of a record and its rows and lists that make one version: the snapshots of the
    records they touched are brought up to date once, at the end, inside the transaction (a
    new version, if needed, carries `reason`)."""
    if getattr(_state, "batch", None) is not None:
        yield
        return
    batch = _state.batch = _Batch()
    try:
        yield
    finally:
        _state.batch = None
    for (model, pk), user in batch.touched.items():
        refresh_related(model, pk, user=user, written=batch.written, reason=reason)


def _touch(model, pk, *, user=None):
    if pk is None or (model, pk) in _deleting():
        return
    batch = getattr(_state, "batch", None)
    if batch is not None:
        if user is not None or (model, pk) not in batch.touched:
            batch.touched[(model, pk)] = user
        return
    refresh_related(model, pk, user=user)


def holders_of_rows(instances):
    """{(holder model, pk)} of the records whose rows `instances` are."""
    return {
        (holder, getattr(instance, field.attname))
        for instance in instances
        for holder, field in _holders_of(type(instance))
    }


def refresh_related(model, pk, *, user=None, written=frozenset(), reason=None):
    """Bring the snapshot of record `pk` up to date: if its rows or lists changed since its
    latest version, that version gets the new snapshot when it was written in this same batch,
    else a new version is written."""
    instance = model._default_manager.filter(pk=pk).first()
    if instance is None:
        return
    latest = instance.history.order_by("-history_id").first()
    current = snapshot_of(instance)
    if latest is None or latest.related == current:
        return
    if (type(latest), latest.history_id) in written:
        latest.related = current
        latest.save(update_fields=["related"])
        return
    if user is not None:
        instance._history_user = user
    if reason is not None:
        instance._change_reason = reason
    _HOLDERS[model].create_historical_record(instance, "~")


def bulk_history(model, instances, *, update, user, reason):
    """Write the versions of `instances` (of `model`, just written in bulk in this transaction)
    in one statement that copies their rows as the database now holds them: what a save's
    history record would hold, without reading each value back through the model (the bulk
    writes that skip django-simple-history's per-save signal). A version of a record with rows
    or lists carries its snapshot: write its rows' versions first, so the snapshot names them.
    Each version has `user` and `reason` (a bulk write sets no per-record ones)."""
    history = model.history.model
    connection = connections[history._default_manager.db]
    quote = connection.ops.quote_name
    pks = [instance.pk for instance in instances]
    current = snapshots(model, pks) if model in _HOLDERS else None
    columns = [field.column for field in history.tracked_fields]
    related = history._meta.get_field("related") if current is not None else None
    keys = ", ".join(["(%s, %s)"] * len(pks) if related else ["(%s)"] * len(pks))
    params = []
    for pk in pks:
        params.append(pk)
        if related:
            params.append(related.get_db_prep_save(current[pk], connection))
    snapshot = "v.related" if connection.vendor != "postgresql" else "CAST(v.related AS jsonb)"
    bookkeeping = [
        history._meta.get_field(name).column
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    ]
    params += [
        connection.ops.adapt_datetimefield_value(timezone.now()),
        reason,
        "~" if update else "+",
        getattr(user, "pk", None),
    ]
    targets = columns + (["related"] if related else []) + bookkeeping
    sources = [f"t.{quote(column)}" for column in columns] + ([snapshot] if related else [])
    key = quote(model._meta.pk.column)
    # Names from the models' metadata, every value a parameter.
    sql = (
        f"WITH v({'id, related' if related else 'id'}) AS (VALUES {keys}) "  # noqa: S608
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(map(quote, targets))}) "
        f"SELECT {', '.join(sources)}, %s, %s, %s, %s "
        f"FROM {quote(model._meta.db_table)} t JOIN v ON t.{key} = v.id ORDER BY t.{key}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _fill_snapshot(sender, instance, history_instance, **kwargs):
    if hasattr(history_instance, "related") and history_instance.history_type != "-":
        history_instance.related = snapshot_of(instance)


def _note_written(sender, instance, history_instance, **kwargs):
    batch = getattr(_state, "batch", None)
    if batch is not None:
        batch.written.add((sender, history_instance.history_id))


def _links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    for holder, records in list(_HOLDERS.items()):
        for name in records.links:
            try:
                field = holder._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.remote_field.through is not sender:
                continue
            if not reverse:
                _touch(holder, instance.pk, user=_user_of(instance))
            else:
                for pk in pk_set or ():
                    _touch(holder, pk, user=_user_of(instance))


pre_create_historical_record.connect(_fill_snapshot, dispatch_uid="core_tracking_fill_snapshot")
post_create_historical_record.connect(_note_written, dispatch_uid="core_tracking_note_written")
models.signals.m2m_changed.connect(_links_changed, dispatch_uid="core_tracking_links_changed")
