"""Reading an uploaded spreadsheet into rows a resource can import.

CSV as Excel or LibreOffice save it: UTF-8 (with or without a byte order mark) or Windows-1251,
separated by commas, semicolons (Bulgarian Excel) or tabs; or the first sheet of an XLSX
workbook. The first row holds the headers, in Bulgarian, English or both; each is matched to a
column of the resource and unknown ones are ignored (and listed in the preview).

Every file is hostile until read: rows are read one at a time and never more than MAX_ROWS of
them, never more than MAX_COLUMNS columns; a workbook's own claim of its size (the sheet's
"dimension") is ignored, its parts may not unpack to more than MAX_UNPACKED_BYTES, and its XML
is parsed by defusedxml (openpyxl uses it when it is installed). So a few kilobytes that claim
a million rows or unpack to gigabytes are refused with a message, in bounded memory.
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
# Rows of data (the header and blank rows not counted) and columns read from one file: far more
# than the network has organisations, and than any template has columns.
MAX_ROWS = 20_000
MAX_COLUMNS = 100
# A CSV line longer than this is no row of a spreadsheet (a hundred columns of long texts).
MAX_LINE_CHARACTERS = 1_000_000
# What a workbook's parts may unpack to, all together (zip sizes are checked while unpacking).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
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
    """The rows of the workbook's first sheet, one at a time."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ValidationError(
            _("This file is not a readable Excel (XLSX) workbook."), code="unreadable"
        ) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise _too_large()
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as error:
        raise ValidationError(
            _("This file is not a readable Excel (XLSX) workbook."), code="unreadable"
        ) from error
    try:
        sheet = workbook.worksheets[0]
        # The size the file claims for itself is not believed: rows are padded to it otherwise.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as error:
        raise ValidationError(
            _("This file is not a readable Excel (XLSX) workbook."), code="unreadable"
        ) from error
    finally:
        workbook.close()


def _too_large():
    return ValidationError(
        _(
            "The file has more than %(rows)s rows or %(columns)s columns, the most one import "
            "takes. Split it into smaller files."
        ),
        code="too_large",
        params={"rows": f"{MAX_ROWS:,}".replace(",", " "), "columns": MAX_COLUMNS},
    )


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
    end = text.find("\n")
    first_line = text if end == -1 else text[:end]
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = max(DELIMITERS, key=first_line.count)
    try:
        for row in csv.reader(_lines(text), delimiter=delimiter):
            yield row[:MAX_COLUMNS]
    except csv.Error as error:
        raise ValidationError(
            _("The file could not be read as CSV: %(error)s"),
            code="unreadable",
            params={"error": error},
        ) from error


def _lines(text):
    """The lines of `text`, ends kept, one at a time; a line longer than any row of a real
    spreadsheet (a file of separators, say) is refused rather than split into millions of
    cells."""
    start, length = 0, len(text)
    while start < length:
        end = text.find("\n", start)
        end = length if end == -1 else end + 1
        if end - start > MAX_LINE_CHARACTERS:
            raise _too_large()
        yield text[start:end]
        start = end


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _table(rows, resource_class):
    """The rows under the header, as the resource's columns; blank rows are skipped but keep
    their numbers. Reads `rows` (any iterable) once, and stops past MAX_ROWS rows of data."""
    rows = iter(rows)
    header = next((row for row in rows if not all(_blank(value) for value in row)), None)
    if header is None:
        raise ValidationError(_("The file has no rows."), code="empty")
    aliases = resource_class.header_aliases()
    columns, headers, ignored = [], [], []
    for position, text in enumerate(header):
        if _blank(text):
            continue
        column = aliases.get(normalise(text))
        if column is None or column in headers:
            ignored.append(str(text).strip())
            continue
        columns.append(position)
        headers.append(column)
    missing = [name for name in resource_class.required_headers() if name not in headers]
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
    for number, row in enumerate(rows, start=2):
        values = [row[position] if position < len(row) else None for position in columns]
        if all(_blank(value) for value in values):
            continue
        if len(row_numbers) == MAX_ROWS:
            raise _too_large()
        dataset.append(values)
        row_numbers.append(number)
    return Table(dataset=dataset, row_numbers=row_numbers, ignored_columns=ignored)
