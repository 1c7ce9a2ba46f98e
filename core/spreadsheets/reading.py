"""Reading an uploaded spreadsheet into rows a resource can import.

CSV as Excel or LibreOffice save it: UTF-8 (with or without a byte order mark) or Windows-1251,
separated by commas, semicolons (Bulgarian Excel) or tabs; or the first sheet of an XLSX
workbook. The first row holds the headers, in Bulgarian, English or both; each is matched to a
column of the resource and unknown ones are ignored (and listed in the preview).
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .columns import normalise

MAX_BYTES = 10 * 1024 * 1024
EXTENSIONS = ("csv", "txt", "xlsx")
DELIMITERS = ",;\t"
XLSX_SIGNATURE = b"PK\x03\x04"


@dataclass
class Table:
    """The rows of a file, headed by the resource's column names; `row_numbers[i]` is the
    spreadsheet row of `dataset[i]` (blank rows are left out but keep their numbers)."""

    dataset: tablib.Dataset
    row_numbers: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)


def check_upload(upload):
    """Refuse what is not a spreadsheet this page reads, with the reason (ValidationError)."""
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in EXTENSIONS:
        raise ValidationError(
            _("Upload a CSV or Excel (XLSX) file; “%(name)s” is neither."),
            code="file_type",
            params={"name": upload.name},
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files."),
            code="file_size",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_BYTES)},
        )


def read_table(file, name, resource_class):
    """The rows of `file` (named `name`) for `resource_class`; a ValidationError says why a file
    cannot be read."""
    file.seek(0)
    content = file.read()
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")
    if content.startswith(XLSX_SIGNATURE) or name.lower().endswith(".xlsx"):
        rows = _xlsx_rows(content)
    else:
        rows = _csv_rows(content)
    return _table(rows, resource_class)


def _xlsx_rows(content):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ValidationError(
            _("This file is not a readable Excel (XLSX) workbook."), code="unreadable"
        ) from error
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _csv_rows(content):
    if b"\x00" in content[:4096]:
        raise ValidationError(
            _("This file is not a CSV text file. Save it from Excel as CSV or XLSX."),
            code="unreadable",
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel in Bulgarian saves "CSV" in the Windows code page.
        try:
            text = content.decode("cp1251")
        except UnicodeDecodeError as error:
            raise ValidationError(
                _("The file's text is neither UTF-8 nor Windows-1251."), code="encoding"
            ) from error
    first_line = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = max(DELIMITERS, key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ValidationError(
            _("The file could not be read as CSV: %(error)s"),
            code="unreadable",
            params={"error": error},
        ) from error


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _table(rows, resource_class):
    while rows and all(_blank(value) for value in rows[0]):
        rows = rows[1:]
    if not rows:
        raise ValidationError(_("The file has no rows."), code="empty")
    aliases = resource_class.header_aliases()
    columns, headers, ignored = [], [], []
    for position, header in enumerate(rows[0]):
        if _blank(header):
            continue
        column = aliases.get(normalise(header))
        if column is None or column in headers:
            ignored.append(str(header).strip())
            continue
        columns.append(position)
        headers.append(column)
    missing = [header for header in resource_class.required_headers() if header not in headers]
    if not headers:
        raise ValidationError(
            _(
                "The first row must hold the column headers, and none of them was recognised. "
                "Start from the template file."
            ),
            code="no_header",
        )
    if missing:
        raise ValidationError(
            _("The column “%(column)s” is missing."),
            code="missing_column",
            params={"column": ", ".join(missing)},
        )
    dataset = tablib.Dataset(headers=headers)
    row_numbers = []
    for number, row in enumerate(rows[1:], start=2):
        values = [row[position] if position < len(row) else None for position in columns]
        if all(_blank(value) for value in values):
            continue
        dataset.append(values)
        row_numbers.append(number)
    return Table(dataset=dataset, row_numbers=row_numbers, ignored_columns=ignored)
