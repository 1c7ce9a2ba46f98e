"""History records of an import, written in batches.

django-simple-history writes a history record from a signal on every save, which costs as much
as the save itself; an import of ten thousand rows saves without the signal and writes the
records here, a batch at a time, with the importing user and the file as the reason. Rows that
have no history of their own (many-to-many links) wait here too and go in with `bulk_create`.
"""

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
        self.pending_rows = []
        groups = {}
        for instance, created in self.saved:
            groups.setdefault((type(instance), created), []).append(instance)
        for (model, created), instances in groups.items():
            model.history.bulk_history_create(
                instances,
                update=not created,
                default_user=self.user,
                default_change_reason=self.reason,
            )
        self.saved = []
