"""Spreadsheet downloads: every workspace list, as filtered, in CSV or XLSX.

One rule for exports: a read-only list downloads through a `ListExport` (a portal id, a link
to each record, labels in the page's language, native numbers and dates); an import resource
(`core.spreadsheets.resources`) exports only where the file must import back, in the import's
own columns.

CSV starts with a byte order mark, so Excel opens Cyrillic intact instead of guessing a
Windows code page. A text cell that a spreadsheet program would run as a formula gets a
leading apostrophe (CSV injection): in CSV one that begins with =, +, -, @, a tab or a carriage
return, as Excel and LibreOffice read any of them as the start of a formula; in XLSX one that
begins with =, the only text openpyxl writes as a formula (so "+359 …" stays as typed there).
The importer takes the apostrophe off again, so every value round-trips.
"""

import tablib
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from import_export import fields, resources, widgets

EXPORT_FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_GUARD = "'"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_FORMULA_STARTS = ("=",)


def requested_export(request):
    """The format asked for with `?export=csv|xlsx`, or None for the ordinary page."""
    value = request.GET.get("export")
    return value if value in EXPORT_FORMATS else None


def neutralise_formula(value, file_format="csv"):
    """`value`, with the apostrophe that keeps a spreadsheet program from running it as a
    formula when it is text that would start one in a `file_format` file."""
    starts = XLSX_FORMULA_STARTS if file_format == "xlsx" else FORMULA_STARTS
    if isinstance(value, str) and value.startswith(starts):
        return FORMULA_GUARD + value
    return value


def restore_formula_text(value):
    """Undo `neutralise_formula` on a value read back from one of our files."""
    if isinstance(value, str) and value[:1] == FORMULA_GUARD and value[1:2] in FORMULA_STARTS:
        return value[len(FORMULA_GUARD) :]
    return value


def dataset_response(dataset, basename, file_format):
    """`dataset` as a download named `<basename>-<today>.<csv|xlsx>`."""
    safe = tablib.Dataset(headers=dataset.headers, title=(dataset.title or basename)[:31])
    for row in dataset:
        safe.append([neutralise_formula(value, file_format) for value in row])
    if file_format == "csv":
        body = ("\ufeff" + safe.export("csv")).encode("utf-8")
    else:
        body = safe.export("xlsx")
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    filename = f"{basename}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_response(request, resource, queryset, basename):
    """The list download when the request asks for one (`?export=`), else None.

    Who may download is the calling view's check, made before it calls this.
    """
    file_format = requested_export(request)
    if file_format is None:
        return None
    return dataset_response(resource.export(queryset=queryset), basename, file_format)


LIST_SEPARATOR = "; "


class NativeValue(widgets.Widget):
    """The value as it is (number, date, text), not import-export's localised text: a number
    stays a number in XLSX, a date comes out as YYYY-MM-DD in CSV."""

    def render(self, value, obj=None, **kwargs):
        return value


def column(label, attribute=None):
    """A column headed `label`, translated when the file is made; `attribute` follows
    relations with `__` and calls a method such as `get_status_display`."""
    return fields.Field(attribute=attribute, column_name=label, widget=NativeValue())


def joined(names):
    """Several values in one cell, each once, in their first order."""
    return LIST_SEPARATOR.join(dict.fromkeys(str(name) for name in names))


class ListExport(resources.ModelResource):
    """A list download. `request` gives the absolute address of each record's page.

    Every row comes from one pass over the queryset with its prefetches, so the file costs
    the same number of queries for 10 rows as for 10,000 (import-export would otherwise read
    a prefetching queryset in pages of 100, one more round of queries per page).
    """

    link_url_name = None

    def __init__(self, *, request, **kwargs):
        super().__init__(**kwargs)
        self.request = request

    def iter_queryset(self, queryset):
        return iter(queryset)

    def dehydrate_link(self, instance):
        return self.request.build_absolute_uri(reverse(self.link_url_name, args=[instance.pk]))
