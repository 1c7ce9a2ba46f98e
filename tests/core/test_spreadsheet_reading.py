"""Hostile spreadsheets change nothing and cost little: a file under the upload limit that claims
a whole sheet, unpacks to gigabytes, hides an XML entity bomb or holds millions of rows or
columns is read in bounded memory or refused with a message next to the file field."""

import io
import json
import re
import subprocess
import sys
import textwrap
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from core.spreadsheets.reading import MAX_BYTES, MAX_ROWS, read_table
from partners.resources import OrganisationResource
from tests.servers import BASE_DIR, server_environment
from tests.spreadsheet_files import csv_file, xlsx_file

HEADER = ["Наименование (BG)", "Сектор"]
MEMORY_LIMIT_MB = 200


def _rewritten(xlsx, replace):
    """The workbook `xlsx` (bytes) with `replace(name, data)` applied to each of its parts."""
    source, target = zipfile.ZipFile(io.BytesIO(xlsx)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item.filename, replace(item.filename, source.read(item.filename)))
    return target.getvalue()


def _workbook(rows):
    return xlsx_file(rows).read()


def workbook_claiming_the_whole_sheet():
    def claim(name, data):
        if name == "xl/worksheets/sheet1.xml":
            data = re.sub(rb'<dimension ref="[A-Z0-9:]+"', b'<dimension ref="A1:XFD1048576"', data)
            # …and a cell in the sheet's very last row and column to back the claim up.
            last = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            return data.replace(b"</sheetData>", last + b"</sheetData>")
        return data

    content = _rewritten(_workbook([HEADER, ["Сдружение", "НПО"]]), claim)
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    return content


def workbook_of_rows(count):
    """`count` data rows of one cell each, written as XML (openpyxl would take minutes)."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Org {n}</t></is></c></row>'
        for n in range(2, count + 2)
    )
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>Наименование (BG)</t></is></c></row>'

    def fill(name, data):
        if name == "xl/worksheets/sheet1.xml":
            start, end = data.index(b"<sheetData"), data.index(b"</worksheet>")
            return (
                data[:start] + f"<sheetData>{header}{rows}</sheetData>".encode() + data[end:]
            ).replace(b"<sheetData/>", b"")
        return data

    return _rewritten(_workbook([["x"]]), fill)


def _read(content, name):
    return read_table(io.BytesIO(content), name, OrganisationResource)


def test_xlsx_claiming_the_whole_sheet_is_read_as_the_rows_it_has():
    table = _read(workbook_claiming_the_whole_sheet(), "claims.xlsx")

    assert len(table.dataset) == 1
    assert table.row_numbers == [2]


def test_xlsx_with_more_rows_than_an_import_takes_is_refused_with_the_limit():
    content = workbook_of_rows(MAX_ROWS + 1)
    assert len(content) < MAX_BYTES

    with pytest.raises(ValidationError) as refused:
        _read(content, "many.xlsx")

    assert refused.value.code == "too_large"
    assert "20 000" in str(refused.value.messages[0])


def test_xlsx_with_as_many_rows_as_an_import_takes_is_read_whole():
    table = _read(workbook_of_rows(MAX_ROWS), "exactly.xlsx")

    assert len(table.dataset) == MAX_ROWS


def test_xlsx_that_unpacks_to_more_than_the_limit_is_refused_before_reading():
    content = _rewritten(
        _workbook([HEADER]),
        lambda name, data: data + b" " * 120_000_000 if name.endswith("styles.xml") else data,
    )
    assert len(content) < MAX_BYTES

    with pytest.raises(ValidationError) as refused:
        _read(content, "bomb.xlsx")

    assert refused.value.code == "too_large"


def test_xlsx_with_an_xml_entity_bomb_is_refused_as_unreadable():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="1"><si><t>&lol3;</t></si></sst>'
    )
    content = _with_shared_strings(_workbook([HEADER]), bomb)

    with pytest.raises(ValidationError) as refused:
        _read(content, "entities.xlsx")

    assert refused.value.code == "unreadable"


def _with_shared_strings(content, shared_strings):
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" '
                    b'Target="sharedStrings.xml"/></Relationships>',
                )
            archive.writestr(item.filename, data)
        archive.writestr("xl/sharedStrings.xml", shared_strings)
    return target.getvalue()


def test_openpyxl_reads_uploads_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_csv_with_more_rows_than_an_import_takes_is_refused_with_the_limit():
    upload = csv_file([["Наименование (BG)"], *[[f"Org {n}"] for n in range(MAX_ROWS + 1)]])

    with pytest.raises(ValidationError) as refused:
        read_table(upload, upload.name, OrganisationResource)

    assert refused.value.code == "too_large"


# --- Memory, measured in a process of its own ---------------------------------------------------


def _peak_memory_mb(path, name):
    """Read the file at `path` as an organisation import in a fresh process; its peak memory."""
    code = textwrap.dedent(
        f"""
        import json, django
        django.setup()
        from django.core.exceptions import ValidationError
        from core.spreadsheets.reading import read_table
        from partners.resources import OrganisationResource
        with open({str(path)!r}, "rb") as file:
            try:
                outcome = len(read_table(file, {name!r}, OrganisationResource).dataset)
            except ValidationError as error:
                outcome = error.code
        # The high-water mark of this process's memory (ru_maxrss would carry the parent's
        # over from before exec).
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
        peak = int(line.split()[1]) / 1024
        print(json.dumps([peak, outcome]))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=server_environment(DATABASE_URL="sqlite:///:memory:"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _hostile_files(folder):
    yield "claims.xlsx", workbook_claiming_the_whole_sheet(), 1
    yield "many.xlsx", workbook_of_rows(200_000), "too_large"
    separators = "Наименование (BG)\n" + "," * (MAX_BYTES - 100)
    yield "commas.csv", separators.encode(), "too_large"
    blank_lines = "Наименование (BG)\nСдружение\n" + "\n" * (MAX_BYTES - 100)
    yield "blank-lines.csv", blank_lines.encode(), 1
    short_rows = "Наименование (BG)\n" + "a\n" * (MAX_BYTES // 2 - 100)
    yield "short-rows.csv", short_rows.encode(), "too_large"


@pytest.mark.parametrize("index", range(5))
def test_hostile_file_under_the_upload_limit_is_read_in_bounded_memory(tmp_path, index):
    name, content, expected = list(_hostile_files(tmp_path))[index]
    assert len(content) <= MAX_BYTES
    path = tmp_path / name
    path.write_bytes(content)

    peak, outcome = _peak_memory_mb(path, name)

    assert outcome == expected
    assert peak < MEMORY_LIMIT_MB
