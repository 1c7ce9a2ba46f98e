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

A list of 10,000 organisations takes tens of seconds to write, so no web request writes one:
the list's download buttons post to `core:download_start`, which queues a job
(`core.spreadsheets.download_jobs`) that asks the list view for its file as the requester, and
only then does `export_response` write it. A typed address with `?export=` gets the page that
offers to prepare the file.
"""

import tablib
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
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


def list_address(path, query_string):
    """The list's address with its filters and sort, without `export` and `page` (the file
    has every row): what a download records and asks the list for again."""
    query = QueryDict(query_string, mutable=True)
    for key in ("export", "page"):
        query.pop(key, None)
    encoded = query.urlencode()
    return f"{path}?{encoded}" if encoded else path


def list_path(request):
    return list_address(request.path, request.META.get("QUERY_STRING", ""))


# Rows between two reports of a download's progress.
PROGRESS_EVERY = 200


def _counting(rows, progress):
    """`rows` (a resource's `iter_queryset`) telling `progress` how many have been read."""

    def iter_queryset(queryset):
        records = list(rows(queryset))
        total = len(records)
        for done, record in enumerate(records):
            if done % PROGRESS_EVERY == 0:
                progress("rows", done, total)
            yield record
        progress("rows", total, total)

    return iter_queryset


def export_response(request, resource, queryset, basename):
    """The list download when the request asks for one (`?export=`), else None.

    In the job that prepares a download, the file, telling `request.download_progress(phase,
    done, total)` how far it has come ("rows" read, then the "file" written);
    in a web request, the page that offers to prepare it in the background.
    Who may download is the calling view's check, made before it calls this.
    """
    file_format = requested_export(request)
    if file_format is None:
        return None
    progress = getattr(request, "download_progress", None)
    if progress is None:
        return render(
            request,
            "manage/download_offer.html",
            {"file_format": file_format, "list_path": list_path(request)},
        )
    resource.iter_queryset = _counting(resource.iter_queryset, progress)
    dataset = resource.export(queryset=queryset)
    progress("file", len(dataset), len(dataset))
    return dataset_response(dataset, basename, file_format)


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
