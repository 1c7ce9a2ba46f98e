"""History records of an import, written in batches.

django-simple-history writes a history record from a signal on every save, which costs as much
as the save itself; an import of ten thousand rows saves without the signal and writes the
records here, a batch at a time, with the importing user and the file as the reason. Rows that
have no history of their own (many-to-many links) wait here too and go in with `bulk_create`.
Rows that did not change are not saved at all (the resources' `skip_row`), so they write no
history. The versions of records with rows and lists get their snapshots (`core.tracking`) once
the batch is written; a record whose rows changed but which was not saved gets a new version.
"""

from .. import public_cache
from ..tracking import fill_snapshots, holders_of_rows, holds_related, refresh_related

# History records (and link rows) are written in batches of this many.
HISTORY_BATCH = 500


class HistoryBatch:
    """Saves tracked records without their per-save history signal, and writes their history
    records (and the plain `pending_rows`) in batches."""

    def __init__(self, *, user, reason):
        self.user = user
        self.reason = reason
        self.saved = []
        self.pending_rows = []

    def save(self, instance, *, created):
        """Save `instance` through the model (so `save()` fills slugs and search text) and keep
        its history record to write with the others."""
        instance._history_user = self.user
        instance.save_without_historical_record(force_insert=created)
        self.saved.append((instance, created))
        if len(self.saved) >= HISTORY_BATCH:
            self.flush()

    def add_rows(self, rows):
        """Plain rows (link rows without history) to create with the next batch."""
        self.pending_rows.extend(rows)

    def flush(self):
        """Write the history records and the plain rows kept so far."""
        by_model = {}
        for row in self.pending_rows:
            by_model.setdefault(type(row), []).append(row)
        for model, rows in by_model.items():
            model.objects.bulk_create(rows)
        if self.pending_rows:
            # bulk_create sends no signal: the public pages learn of these rows here.
            public_cache.bump()
        self.pending_rows = []
        groups = {}
        for instance, created in self.saved:
            groups.setdefault((type(instance), created), []).append(instance)
        written = set()
        for (model, created), instances in groups.items():
            records = model.history.bulk_history_create(
                instances,
                update=not created,
                default_user=self.user,
                default_change_reason=self.reason,
            )
            if holds_related(model):
                fill_snapshots(records)
                written |= {(model, instance.pk) for instance in instances}
        for model, pk in holders_of_rows(instance for instance, _created in self.saved):
            if (model, pk) not in written:
                refresh_related(model, pk, user=self.user)
        self.saved = []
