"""Spreadsheet rows ⇄ records, on django-import-export: what each column means, how a row finds
the record it describes, and what a dry run reports.

`SpreadsheetResource` is what every import shares (each app builds its own resource on it):
bilingual headers, reference tables loaded once per file, rows refused with every reason field
by field, "unchanged" rows told apart, history records with the importing user, and a dry run
that writes nothing.
"""

import contextlib
import copy
import gc

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from import_export import fields, resources
from import_export.results import RowResult
from modeltranslation.translator import NotRegistered, translator

from .columns import Lookups, TextWidget, normalise
from .history import BatchFailed, HistoryBatch
from .templates import YES_NO

NEW, UPDATE, UNCHANGED, REFUSED = "new", "update", "unchanged", "refused"
# The preview lists every refused row up to this many, and this many of the others.
REFUSED_SHOWN = 1000
OTHERS_SHOWN = 200
PROGRESS_EVERY = 200


class ImportStopped(Exception):
    """A row could not be saved while applying: the caller rolls the whole file back."""


class Column(fields.Field):
    """A column with a header in Bulgarian and English: "Наименование (BG) / Name (BG)"."""

    def __init__(self, bg, en, **kwargs):
        super().__init__(column_name=f"{bg} / {en}", **kwargs)
        self.bg, self.en = bg, en


class URLWidget(TextWidget):
    """A web address; one typed without a scheme is taken as https, as in the forms."""

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if text and "://" not in text:
            text = "https://" + text
        return text


class ImportReport:
    """What a run did or would do to each row, small enough to keep with the import: counts,
    every refused row (up to REFUSED_SHOWN) and the first OTHERS_SHOWN others."""

    def __init__(self, *, total=0, ignored_columns=()):
        self.total = total
        self.counts = {NEW: 0, UPDATE: 0, UNCHANGED: 0, REFUSED: 0}
        self.refused_rows, self.other_rows = [], []
        self.ignored_columns = list(ignored_columns)
        # Rows that could not be saved (a database error), as opposed to refused by the rules.
        self.failures = 0
        # (number, label, action) of the rows whose records wait to be written in bulk.
        self.unwritten = []

    def add(self, *, number, label, action, errors=(), notes=()):
        self.counts[action] += 1
        self.unwritten.append((number, label, action))
        rows, limit = (
            (self.refused_rows, REFUSED_SHOWN)
            if action == REFUSED
            else (self.other_rows, OTHERS_SHOWN)
        )
        if len(rows) < limit:
            rows.append(
                {
                    "number": number,
                    "label": label,
                    "action": action,
                    "errors": [list(error) for error in errors],
                    "notes": list(notes),
                }
            )

    def written(self):
        """The rows so far are in the database."""
        self.unwritten = []

    def stop_at(self, number, message):
        """Writing row `number` failed: the report ends there, with that row refused for
        `message`, as if the rows had been written one by one."""
        label = ""
        for row_number, row_label, action in self.unwritten:
            if row_number >= number:
                self.counts[action] -= 1
            if row_number == number:
                label = row_label
        self.refused_rows = [row for row in self.refused_rows if row["number"] < number]
        self.other_rows = [row for row in self.other_rows if row["number"] < number]
        self.unwritten = []
        self.failures += 1
        self.add(number=number, label=label, action=REFUSED, errors=[("", message)])

    def as_dict(self):
        return {
            "total": self.total,
            "counts": self.counts,
            "rows": self.refused_rows + self.other_rows,
            "ignored_columns": self.ignored_columns,
            "failures": self.failures,
        }


# One empty record per model, copied for each new row (`blank`).
_PROTOTYPES = {}


def blank(model):
    """A new, empty `model` record: a copy of one built once. Building one costs a language
    switch per translated field (django-modeltranslation's constructor), which a file of ten
    thousand rows pays for every row. A model with a computed default (a token, today's date)
    is built each time, so no two records share the value."""
    if any(field.has_default() and callable(field.default) for field in model._meta.fields):
        return model()
    if model not in _PROTOTYPES:
        _PROTOTYPES[model] = model()
    return copy.copy(_PROTOTYPES[model])


class SpreadsheetResource(resources.ModelResource):
    """The shared behaviour of the import resources; subclasses say how a row finds its record
    (`match`), what else a row carries (`import_related`, `related_changed`, `save_related`)
    and which reference tables to load (`load_lookups`)."""

    # Keys of the columns a file must have.
    required_columns = ()
    # Model fields never checked on import: filled by save(), or not in the file.
    clean_exclude = ()

    class Meta:
        skip_diff = True
        report_skipped = True

    def __init__(
        self, *, user=None, progress=None, row_numbers=None, ignored_columns=(), reason=None
    ):
        super().__init__()
        self.user = user
        self.reason = reason
        self.history = HistoryBatch(user=user, reason=reason)
        self.progress = progress
        self.row_numbers = row_numbers
        self.report = ImportReport(ignored_columns=ignored_columns)

    # --- Headers ------------------------------------------------------------------------------

    @classmethod
    def header_aliases(cls):
        """{normalised header: column name}: the bilingual header, either half or the key."""
        aliases = {}
        for key, field in cls.fields.items():
            for alias in (key, field.column_name, field.bg, field.en):
                aliases.setdefault(normalise(alias), field.column_name)
        return aliases

    @classmethod
    def required_headers(cls):
        return [cls.fields[key].column_name for key in cls.required_columns]

    def column(self, key):
        return self.fields[key].column_name

    def value(self, row, key):
        """The cleaned value of column `key` in `row`; raises ValueError with the reason."""
        return self.fields[key].widget.clean(row.get(self.column(key)), row=row)

    # --- The run ------------------------------------------------------------------------------

    def import_data(self, dataset, dry_run=False, **kwargs):
        """Import `dataset` inside the caller's transaction (core.spreadsheets.jobs holds one
        for the whole file and rolls it back when it must): no transaction or savepoint per
        row, which would cost two round trips each. The records are written in batches
        (`HistoryBatch`), the last one here. A row that fails to save stops the run
        (ImportStopped), as the database cannot go on in a failed transaction."""
        try:
            result = self.import_data_inner(
                dataset,
                dry_run,
                raise_errors=False,
                using_transactions=False,
                collect_failed_rows=False,
            )
            if not dry_run:
                self.write_batch()
        finally:
            gc.unfreeze()
        return result

    def write_batch(self):
        """Write the records the rows so far saved; ImportStopped names the row that failed."""
        try:
            self.history.flush()
        except BatchFailed as failed:
            self.report.stop_at(failed.row, str(failed.error))
            raise ImportStopped(failed.row) from failed
        self.report.written()

    def before_import(self, dataset, **kwargs):
        self.report.total = len(dataset)
        self.lookups = self.load_lookups(dataset)
        for field in self.fields.values():
            field.widget.lookups = self.lookups
        self.seen = {}
        # What is loaded by now (the tables of the file, every organisation) lives until the end:
        # the garbage collector need not go through it again each time the rows' objects make
        # it run (a fifth of an import's time); `import_data` gives it back at the end.
        gc.freeze()

    def load_lookups(self, dataset):
        return Lookups()

    def import_row(self, row, instance_loader, **kwargs):
        self._match_errors, self._notes, self._snapshot = {}, [], None
        number = kwargs["row_number"]
        # The row's number as the spreadsheet shows it: the header is row 1.
        self.row_number = self.row_numbers[number - 1] if self.row_numbers else number + 1
        row_result = super().import_row(row, instance_loader, **kwargs)
        self.report.add(
            number=self.row_number,
            label=self.row_label(row),
            **self._outcome(row_result),
        )
        if not self._is_dry_run(kwargs):
            if row_result.import_type == RowResult.IMPORT_TYPE_ERROR:
                raise ImportStopped(self.row_number)
            if self.history.full:
                self.write_batch()
        if self.progress and (number % PROGRESS_EVERY == 0 or number == self.report.total):
            self.progress(number, self.report.total)
        return row_result

    def _outcome(self, row_result):
        if row_result.import_type == RowResult.IMPORT_TYPE_INVALID:
            return {"action": REFUSED, "errors": self.reasons(row_result.validation_error)}
        if row_result.import_type == RowResult.IMPORT_TYPE_ERROR:
            self.report.failures += 1
            return {
                "action": REFUSED,
                "errors": [("", str(error.error)) for error in row_result.errors],
            }
        action = {
            RowResult.IMPORT_TYPE_NEW: NEW,
            RowResult.IMPORT_TYPE_UPDATE: UPDATE,
        }.get(row_result.import_type, UNCHANGED)
        return {"action": action, "notes": self._notes}

    def row_label(self, row):
        return ""

    def reasons(self, error):
        """[(column header, message)] of a row's ValidationError, in the columns' order."""
        headers = {}
        for key in self.get_import_order():
            field = self.fields[key]
            headers[key] = field.column_name
            if field.attribute:
                headers.setdefault(field.attribute, field.column_name)
        order = list(headers)
        reasons = []
        for key, messages in sorted(
            error.message_dict.items(),
            key=lambda item: order.index(item[0]) if item[0] in order else len(order),
        ):
            header = headers.get(key) or self._model_label(key)
            reasons.extend((header, message) for message in messages)
        return reasons

    def _model_label(self, key):
        if key == NON_FIELD_ERRORS:
            return ""
        try:
            return str(self._meta.model._meta.get_field(key).verbose_name)
        except FieldDoesNotExist:
            return key

    # --- One row ------------------------------------------------------------------------------

    def get_or_init_instance(self, instance_loader, row):
        instance = self.match(row)
        if instance is None:
            return self.init_instance(row), True
        # A copy: the row's values must not reach the record loaded for the file, which may
        # wait in a batch to be written (a later row about it is refused, and stays unsaved).
        instance = copy.copy(instance)
        self._snapshot = self.snapshot(instance, row)
        return instance, False

    def init_instance(self, row=None):
        return blank(self._meta.model)

    def match(self, row):
        """The existing record the row describes, or None; reasons to refuse the row go into
        `self._match_errors`, notes for the preview into `self._notes`."""
        raise NotImplementedError

    def refuse(self, key, message):
        self._match_errors.setdefault(key, []).append(message)

    def snapshot(self, instance, row):
        """The values the row's columns may change, to tell an unchanged row."""
        values = {}
        for field in self.get_import_fields():
            if not field.attribute or field.column_name not in row:
                continue
            try:
                model_field = instance._meta.get_field(field.attribute)
            except FieldDoesNotExist:
                model_field = None
            if model_field is not None and model_field.many_to_many:
                continue  # compared by related_changed()
            # References by id: reading the object could cost a query.
            name = model_field.attname if model_field is not None else field.attribute
            values[field.attribute] = getattr(instance, name, None)
        return values

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self._empty_as_null(instance)
        errors.update(self.import_related(instance, row))
        for key, messages in self._match_errors.items():
            errors.setdefault(key, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def _empty_as_null(self, instance):
        """An empty cell of a nullable text field (the English translations) is stored as NULL,
        as the forms store it, so an export imports back unchanged."""
        for field in instance._meta.concrete_fields:
            if field.null and getattr(instance, field.attname, None) == "":
                setattr(instance, field.attname, None)

    def import_related(self, instance, row):
        """Read what else the row carries (contacts, attendance); return {key: [errors]}."""
        return {}

    def related_changed(self, instance):
        return False

    def save_related(self, instance):
        pass

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own rules (validators, clean()), so refusals carry its messages.
        Uniqueness is settled by `match` against tables loaded once, not a query per row."""
        errors = dict(import_validation_errors or {})
        exclude = set(errors) | set(self.clean_exclude) | self._not_checked()
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _not_checked(self):
        """Fields save() fills in, the untranslated originals of translated fields, and
        references: those come from the tables loaded for the file (a query each otherwise)."""
        model = self._meta.model
        names = {
            field.name for field in model._meta.fields if not field.editable or field.is_relation
        }
        with contextlib.suppress(NotRegistered):
            names |= set(translator.get_options_for_model(model).fields)
        return names

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged: an existing record whose columns and related rows all say what it has."""
        if import_validation_errors or instance.pk is None:
            return False
        return self.snapshot(instance, row) == self._snapshot and not self.related_changed(instance)

    def save_instance(self, instance, is_create, row, **kwargs):
        if self._is_dry_run(kwargs):
            # A dry run writes nothing: applying reads the file again and checks every row.
            return
        self.before_save(instance)
        super().save_instance(instance, is_create, row, **kwargs)

    def do_instance_save(self, instance, is_create):
        self.save_tracked(instance, created=is_create)

    def save_tracked(self, instance, *, created):
        """Save `instance`, with its history record, in bulk with the others of its batch."""
        self.history.save(instance, created=created, row=self.row_number)

    def after_import(self, dataset, result, **kwargs):
        """Nothing: the records take their keys from the database, never from the file, so the
        library's reset of the key sequence after an import (Django's loaddata's, for files
        that carry keys) has nothing to do, and on PostgreSQL could even set the sequence back
        under another writer."""

    def before_save(self, instance):
        """Fill in what the model's `save()` would (slugs, search text): records are written
        in bulk, without it."""

    def get_import_fields(self):
        # The library works the list out again several times per row; it never changes.
        if not hasattr(self, "_import_fields"):
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def save_m2m(self, instance, row, **kwargs):
        if not self._is_dry_run(kwargs):
            self.save_related(instance)

    # --- Template files (core.spreadsheets.templates) ----------------------------------------

    # The example row of the template file: {column key: value}.
    example = {}

    def allowed_values(self):
        """[(list, code, Bulgarian, English)] for the template's second sheet."""
        return [YES_NO]

    # --- Export -------------------------------------------------------------------------------

    def iter_queryset(self, queryset):
        # One pass with the caller's prefetches: a fixed number of queries for any row count
        # (the library pages through prefetching querysets, a query set per 100 rows).
        yield from queryset


def errors_fields(errors, columns):
    """The model fields whose column already has an error: not checked again."""
    keys = set(errors)
    return [field for field, key in columns.items() if key in keys]
