"""Spreadsheet files as coordinators bring them: CSV saved by Excel (UTF-8 with a byte order
mark, or Windows-1251 with semicolons, as Bulgarian Excel writes it) and XLSX workbooks with
real date cells; and list downloads as a coordinator gets them."""

import csv
import io
from urllib.parse import urlencode

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.urls import reverse
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


def downloaded(client, path, params):
    """The file of the list at `path` with the filters in `params` and their `export` format,
    asked for as the list's buttons ask (a POST that queues the job, run at once in the tests)
    and fetched from the download's page; the refusal when it is refused."""
    params = dict(params)
    file_format = params.pop("export")
    query = urlencode(params, doseq=True)
    answer = client.post(
        reverse("core:download_start"),
        {"path": f"{path}?{query}" if query else path, "file_format": file_format},
    )
    if answer.status_code != 302:
        return answer
    sent = client.get(f"{answer['Location']}file/")
    if not sent.streaming:
        return sent
    # The file as the browser receives it, whole, with its headers.
    received = HttpResponse(b"".join(sent.streaming_content), status=sent.status_code)
    for header, value in sent.items():
        received[header] = value
    return received


def organisations_csv(rows):
    """An organisations file of `rows` new members in Ruse, as Bulgarian Excel saves CSV."""
    lines = ["Наименование (BG);Сектор;Област"]
    lines += [f"Организация за проба {number};ngo;Русе" for number in range(rows)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
