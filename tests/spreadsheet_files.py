"""Spreadsheet files as coordinators bring them: CSV saved by Excel (UTF-8 with a byte order
mark, or Windows-1251 with semicolons, as Bulgarian Excel writes it) and XLSX workbooks with
real date cells."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook


def csv_file(rows, *, encoding="utf-8-sig", delimiter=",", name="import.csv"):
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(encoding), content_type="text/csv")


def xlsx_file(rows, *, name="import.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile(
        name,
        content.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def download_as_upload(response, name):
    """A file the portal let us download, uploaded again as it is."""
    return SimpleUploadedFile(name, response.content)


def xlsx_rows(content, sheet=0):
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for row in workbook.worksheets[sheet].iter_rows(values_only=True)]


def organisations_csv(rows):
    """An organisations file of `rows` new members in Ruse, as Bulgarian Excel saves CSV."""
    lines = ["Наименование (BG);Сектор;Област"]
    lines += [f"Организация за проба {number};ngo;Русе" for number in range(rows)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
