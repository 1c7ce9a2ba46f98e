"""The admin helpers every app's admin shares: inline rows that make no query each, links to
private files through the views that check permission, addresses taken as https; and the
admin of the core's own record, spreadsheet imports; the admin of a tracked record."""

from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget, AutocompleteSelect
from django.db import models, router, transaction
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from .models import ImportRun
from .tracking import related_changes

# An address typed without a scheme is taken as https (Django 6's default, without the warning).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class LoadedChoiceAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that labels its current value from the related object already loaded
    with the row, when it is given one (`loaded`), instead of looking it up.

    Django's widget makes one query per render: one per row of an inline.
    """

    loaded = None  # (value, label) of the row's current choice

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if self.loaded is None or selected != {self.loaded[0]}:
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        options.append(self.create_option(name, *self.loaded, True, len(options)))
        return [(None, options, 0)]


class RowsInlineFormSet(BaseInlineFormSet):
    """Gives each row its parent and the related objects its autocompletes show, so that
    rendering a row makes no query."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if self.instance.pk is not None:
            setattr(form.instance, self.fk.name, self.instance)
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if not isinstance(widget, LoadedChoiceAutocompleteSelect):
                continue
            model_field = form.instance._meta.get_field(name)
            if model_field.is_cached(form.instance):
                related = getattr(form.instance, name)
                if related is not None:
                    widget.loaded = (str(related.pk), field.label_from_instance(related))


class RowsInlineMixin:
    """For inlines: foreign keys in `autocomplete_fields` are loaded with the rows and shown
    without a query per row. Put it first among the bases."""

    formset = RowsInlineFormSet

    def get_queryset(self, request):
        foreign_keys = [
            name
            for name in self.get_autocomplete_fields(request)
            if not self.model._meta.get_field(name).many_to_many
        ]
        return super().get_queryset(request).select_related(*foreign_keys)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = LoadedChoiceAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class _PrivateFileLink:
    """What the file widget shows for a stored private file: its name, linked to `url`."""

    def __init__(self, name, url):
        self.name = name
        self.url = url

    def __str__(self):
        return self.name


class PrivateFileWidget(AdminFileWidget):
    """Links the current file to the view named `url_name` (which checks permission and takes
    the record's pk): private storage has no public address."""

    def __init__(self, url_name, attrs=None):
        super().__init__(attrs)
        self.url_name = url_name

    def is_initial(self, value):
        # The default asks the file for its URL, which private storage refuses to give.
        return bool(value)

    def format_value(self, value):
        instance = getattr(value, "instance", None)
        if value and instance is not None and instance.pk is not None:
            return _PrivateFileLink(value.name, reverse(self.url_name, args=[instance.pk]))
        return super().format_value(value)


def private_files(url_name):
    """`formfield_overrides` for an admin whose model keeps one private file."""
    return {models.FileField: {"widget": PrivateFileWidget(url_name)}}


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Spreadsheet imports, read only: they are made and applied in the workspace. The stored
    file is private and not linked here."""

    list_display = [
        "file_name",
        "kind",
        "status",
        "created_by",
        "created_at",
        "rows_new",
        "rows_updated",
        "rows_unchanged",
        "rows_refused",
    ]
    list_filter = ["kind", "status"]
    list_select_related = ["created_by"]
    fields = [
        "file_name",
        "kind",
        "status",
        "created_by",
        "created_at",
        "applied_at",
        "skipped_refused",
        "rows_new",
        "rows_updated",
        "rows_unchanged",
        "rows_refused",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TrackedHistoryAdmin(SimpleHistoryAdmin):
    """The admin of a tracked record: a save of the record with its inline rows and lists is
    one version of it (`core.tracking.related_changes`), not one per row."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        with transaction.atomic(using=router.db_for_write(self.model)), related_changes():
            return super().changeform_view(request, object_id, form_url, extra_context)
