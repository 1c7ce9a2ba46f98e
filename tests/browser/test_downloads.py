"""A coordinator downloads a filtered list in Chromium, in Bulgarian: the list's button asks for
the file, the download's page follows the job (run in the request here; tests/core/test_worker.py
runs it in a real worker) and offers the file. axe checks the pages, also while a file is being
prepared."""

import io
import re

import openpyxl
import pytest

from core.jobs import report_progress
from core.models import Download
from core.spreadsheets.download_jobs import progress_key
from tests.factories import CoordinatorFactory, OrganisationFactory

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_downloads_the_filtered_organisations_through_the_job(
    page, axe, live_server, requests_seen
):
    coordinator = CoordinatorFactory()
    OrganisationFactory(name_bg="Сдружение „НАЯ“", sector="ngo")
    OrganisationFactory(name_bg="Фирма „Слънце“ ООД", sector="business")
    log_in(page, live_server, coordinator)

    page.goto("/bg/manage/organisations/?sector=ngo")
    page.get_by_role("button", name="Excel (XLSX)").click()

    page.wait_for_url(re.compile(r"/bg/manage/downloads/\d+/$"))
    assert_accessible(axe, page)
    with page.expect_download() as started:
        page.get_by_role("link", name=re.compile(r"^Изтегли organisations-")).click()
    path = started.value.path()
    workbook = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    header, *rows = workbook.active.iter_rows(values_only=True)
    name = header.index("Наименование (BG) / Name (BG)")
    assert [row[name] for row in rows] == ["Сдружение „НАЯ“"]
    assert re.fullmatch(r"organisations-\d{4}-\d\d-\d\d\.xlsx", started.value.suggested_filename)
    assert requests_seen.foreign == []


def test_page_of_a_download_being_prepared_shows_its_progress_accessibly(page, axe, live_server):
    coordinator = CoordinatorFactory()
    download = Download.objects.create(
        requested_by=coordinator,
        path="/bg/manage/organisations/",
        file_format="csv",
        status="working",
    )
    report_progress(progress_key(download.pk), phase="rows", done=2000, total=10000)
    log_in(page, live_server, coordinator)

    page.goto(f"/bg/manage/downloads/{download.pk}/")

    status = page.locator(".import-progress-status")
    assert status.inner_text() == "Четене на редовете: 2000 от 10000"
    # What the page's script writes there as the job goes on is Bulgarian too.
    assert status.get_attribute("data-file") == "Записване на файла: %(total)s реда"
    assert_accessible(axe, page)
