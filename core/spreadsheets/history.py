"""What an import writes, in batches: the records, their link rows and their history records.

Saving row by row costs a round trip or more per record, and django-simple-history's signal
another; an import of ten thousand rows instead keeps what each row saves and writes it a batch
at a time: new records with `bulk_create`, changed ones with `bulk_update`, link rows (which have
no history of their own) with `bulk_create`, removed link rows with one delete, then the history
records in one INSERT per model (`core.tracking.bulk_history`), with the importing user and the
file as the reason. A batch writes parents first (a row's organisation or meeting before its
contact person or attendance), so the children take the keys their parents have just been
given. Rows that did not change are not saved at all (the resources' `skip_row`), so they write
no history.

The versions of records with rows and lists are written last, with their snapshots
(`core.tracking`), once the batch and the versions of its rows are in; a record whose rows
changed but which was not saved gets a new version.

A batch the database refuses (say, a constraint that another writer broke meanwhile) is written
again one record at a time, each in a savepoint, to name the row that failed (`BatchFailed`);
the caller then rolls the whole file back.
"""

from django.db import DatabaseError, models, transaction

from .. import public_cache
from ..tracking import bulk_history, holders_of_rows, holds_related, refresh_related

# Records (with their link rows) are written, and their history recorded, this many at a time.
HISTORY_BATCH = 1000
# Changed records go to the database this many per UPDATE: its CASE … WHEN per column grows
# with the square of the batch.
UPDATE_BATCH = 100


class BatchFailed(Exception):
    """The database refused a write of spreadsheet row `row` (None: it could not be told)."""

    def __init__(self, row, error):
        super().__init__(row, error)
        self.row, self.error = row, error


class HistoryBatch:
    """Keeps the records an import saves, with the spreadsheet row each comes from, and writes
    them, their link rows and their history records in bulk (`flush`)."""

    def __init__(self, *, user, reason):
        self.user = user
        self.reason = reason
        # (record, created, row number)
        self.saved = []
        # (link row, row number): rows without history of their own.
        self.pending_rows = []
        # (model, pk, row number): link rows to delete.
        self.removed = []

    def save(self, instance, *, created, row=None):
        """Keep `instance` to write with the batch, and its history record. What the model's
        `save()` would fill in (slugs, search text) the resource has filled in already."""
        instance._history_user = self.user
        self.saved.append((instance, created, row))

    def add_rows(self, rows, *, row=None):
        """Plain rows (link rows without history) to create with the batch."""
        self.pending_rows.extend((link, row) for link in rows)

    def remove_rows(self, model, pks, *, row=None):
        """Plain rows of `model` to delete with the batch."""
        self.removed.extend((model, pk, row) for pk in pks)

    @property
    def full(self):
        return len(self.saved) >= HISTORY_BATCH

    def flush(self):
        """Write the records, rows and history records kept so far."""
        if not (self.saved or self.pending_rows or self.removed):
            return
        self._write()
        # Bulk writes send no signal: the public pages learn of the batch here.
        public_cache.bump()
        groups = {}
        for instance, created, _row in self.saved:
            groups.setdefault((type(instance), created), []).append(instance)
        # Records with rows and lists last: their snapshots then name their rows' new versions.
        written = set()
        for (model, created), instances in sorted(
            groups.items(), key=lambda group: holds_related(group[0][0])
        ):
            bulk_history(model, instances, update=not created, user=self.user, reason=self.reason)
            written |= {(model, instance.pk) for instance in instances}
        for model, pk in holders_of_rows(instance for instance, _created, _row in self.saved):
            if (model, pk) not in written:
                refresh_related(model, pk, user=self.user)
        self.saved, self.pending_rows, self.removed = [], [], []

    # --- Writing ------------------------------------------------------------------------------

    def _write(self):
        unsaved_keys = self._unsaved_parent_keys()
        try:
            with transaction.atomic():
                self._write_in_bulk()
        except DatabaseError as error:
            self._forget_keys(unsaved_keys)
            row, found = self._failing_write()
            raise BatchFailed(row, found or error) from error

    def _write_in_bulk(self):
        created, changed = {}, {}
        for instance, is_new, _row in self.saved:
            (created if is_new else changed).setdefault(type(instance), []).append(instance)
        # Models in the order rows first save them: parents before children.
        for model in dict.fromkeys(type(instance) for instance, _new, _row in self.saved):
            if model in created:
                model._default_manager.bulk_create(created[model])
            if model in changed:
                _bulk_update(model, changed[model])
        links = {}
        for link, _row in self.pending_rows:
            links.setdefault(type(link), []).append(link)
        for model, rows in links.items():
            model._default_manager.bulk_create(rows)
        removed = {}
        for model, pk, _row in self.removed:
            removed.setdefault(model, []).append(pk)
        for model, pks in removed.items():
            model._default_manager.filter(pk__in=pks).delete()

    def _writes_one_by_one(self):
        """(write, row number) of each record and row of the batch, in the order of the rows."""
        for instance, created, row in self.saved:
            if created:
                yield (lambda i=instance: type(i)._default_manager.bulk_create([i])), row
            else:
                yield (lambda i=instance: _bulk_update(type(i), [i])), row
        for link, row in self.pending_rows:
            yield (lambda i=link: type(i)._default_manager.bulk_create([i])), row
        for model, pk, row in self.removed:
            yield (lambda m=model, pk=pk: m._default_manager.filter(pk=pk).delete()), row

    def _failing_write(self):
        """(row number, error) of the first write the database refuses on its own; the first
        row of the batch and None if each goes through alone."""
        rows = []
        for write, row in self._writes_one_by_one():
            rows.append(row)
            try:
                with transaction.atomic():
                    write()
            except DatabaseError as error:
                return row, error
        return next((row for row in rows if row is not None), None), None

    def _unsaved_parent_keys(self):
        """The records to create, and the (record, key column) pairs still waiting for a
        parent created in the same batch: what a rolled back batch must forget."""
        new = [instance for instance, created, _row in self.saved if created]
        waiting = []
        for instance in [instance for instance, _c, _r in self.saved] + [
            link for link, _row in self.pending_rows
        ]:
            for field in instance._meta.concrete_fields:
                if (
                    field.many_to_one
                    and getattr(instance, field.attname) is None
                    and field.is_cached(instance)
                    and field.get_cached_value(instance) is not None
                ):
                    waiting.append((instance, field.attname))
        return new, waiting

    def _forget_keys(self, keys):
        """After a rolled back batch: its new records have no key, their children no parent key
        (the parent object stays, to give them the key it gets next)."""
        new, waiting = keys
        for instance in new:
            instance.pk = None
            instance._state.adding = True
        for instance, attname in waiting:
            # Not setattr: changing the key through the model would drop the cached parent.
            instance.__dict__[attname] = None


def _update_fields(model):
    """The columns an update of an imported record writes: all but the key, the creation time
    and files (an import never changes a file)."""
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and not getattr(field, "auto_now_add", False)
        and not isinstance(field, models.FileField)
    ]


def _bulk_update(model, instances):
    fields = _update_fields(model)
    for instance in instances:
        for field in fields:
            if getattr(field, "auto_now", False):
                field.pre_save(instance, False)  # sets "updated at", as save() does
    model._default_manager.bulk_update(
        instances, [field.name for field in fields], batch_size=UPDATE_BATCH
    )
