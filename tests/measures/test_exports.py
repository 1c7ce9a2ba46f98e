"""CSV and XLSX downloads of the workspace's measure list."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core.mail import absolute_url
from tests.factories import (
    MeasureFactory,
    MeetingFactory,
    PilotFactory,
    ProjectFactory,
    VoteFactory,
    VoteTallyFactory,
    region,
    support_area,
)
from tests.spreadsheet_files import downloaded

pytestmark = pytest.mark.django_db


def url(language="en"):
    """The list's English page by default: its files have English headers and labels."""
    with translation.override(language):
        return reverse("measures:manage_measures")


def csv_rows(response):
    """The rows of a CSV download, header first; fails unless it starts with the BOM."""
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))


def as_dicts(rows):
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


@pytest.fixture
def measure():
    measure = MeasureFactory(
        number=3,
        title_bg="Менторство при първа работа",
        title_en="Mentoring in a first job",
        support_area=support_area("employment"),
        status="piloting",
        project=ProjectFactory(name="WEGO3"),
    )
    meeting = MeetingFactory(starts_at=datetime.datetime(2025, 2, 10, 10, tzinfo=datetime.UTC))
    VoteTallyFactory(measure=measure, vote=VoteFactory(meeting=meeting), votes_for=41)
    PilotFactory(measure=measure, region=region("BG-18"))
    PilotFactory(measure=measure, region=region("BG-25"))
    return measure


def test_measure_csv_starts_with_a_bom_and_keeps_bulgarian_intact(coordinator_client, measure):
    response = downloaded(coordinator_client, url("bg"), {"export": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, row = csv_rows(response)
    assert (header[1], header[4]) == ("Номер", "Област на подкрепа")
    assert row[2] == "Менторство при първа работа"
    assert row[5] == "В пилотно прилагане"


def test_measure_export_has_the_vote_result_and_pilots(coordinator_client, measure):
    response = downloaded(coordinator_client, url(), {"export": "csv"})

    [row] = as_dicts(csv_rows(response))
    assert row == {
        "Portal ID": str(measure.pk),
        "Number": "3",
        "Title (BG)": "Менторство при първа работа",
        "Title (EN)": "Mentoring in a first job",
        "Support area": "Employment",
        "Status": "Piloting",
        "Project": "WEGO3",
        "Last voted on": "2025-02-10",
        "Votes for": "41",
        "Ballots cast": "55",
        "Pilots": "2",
        "Pilot regions": "Ruse; Targovishte",
        "Link": absolute_url(f"/en/measures/manage/{measure.pk}/"),
    }


def test_measure_export_leaves_the_vote_empty_for_a_measure_never_voted_on(coordinator_client):
    MeasureFactory()

    [row] = as_dicts(csv_rows(downloaded(coordinator_client, url(), {"export": "csv"})))

    assert (row["Last voted on"], row["Votes for"], row["Ballots cast"]) == ("", "", "")
    assert row["Pilots"] == "0"


def test_measure_xlsx_opens_with_the_header_and_numbers(coordinator_client, measure):
    response = downloaded(coordinator_client, url(), {"export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, row = sheet.iter_rows(values_only=True)
    assert header[:4] == ("Portal ID", "Number", "Title (BG)", "Title (EN)")
    assert row[1:3] == (3, "Менторство при първа работа")
    assert row[header.index("Votes for")] == 41


def test_measure_export_names_the_file_after_the_list_and_the_day(coordinator_client, measure):
    response = downloaded(coordinator_client, url(), {"export": "csv"})

    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="measures-{today}.csv"'


def test_measure_export_has_only_the_filtered_rows_of_every_page(coordinator_client):
    MeasureFactory.create_batch(22, status="selected")
    MeasureFactory.create_batch(3, status="rejected")

    response = downloaded(
        coordinator_client, url(), {"status": "selected", "page": "2", "export": "csv"}
    )

    rows = as_dicts(csv_rows(response))
    assert len(rows) == 22
    assert {row["Status"] for row in rows} == {"Selected"}


def test_measure_export_neutralises_a_cell_that_would_run_as_a_formula(coordinator_client):
    MeasureFactory(title_en="=1+1")

    [row] = as_dicts(csv_rows(downloaded(coordinator_client, url(), {"export": "csv"})))

    assert row["Title (EN)"] == "'=1+1"


def test_measure_list_offers_the_downloads_with_the_filters(coordinator_client, measure):
    html = coordinator_client.get(url(), {"status": "piloting"}).content.decode()

    assert 'name="path" value="/en/measures/manage/?status=piloting"' in html
    assert 'name="file_format" value="xlsx"' in html


def test_measure_export_is_forbidden_to_a_partner(own_partner_client, measure):
    response = own_partner_client.get(url(), {"export": "csv"})

    assert response.status_code == 403


def test_measure_export_sends_an_anonymous_visitor_to_log_in(client, measure):
    response = client.get(url(), {"export": "csv"})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("count", [1, 15])
def test_measure_export_query_count_does_not_grow_with_rows(
    coordinator_client, django_assert_num_queries, count
):
    for measure in MeasureFactory.create_batch(count):
        VoteTallyFactory(measure=measure)
        PilotFactory(measure=measure)

    with django_assert_num_queries(18):
        response = downloaded(coordinator_client, url(), {"status": "proposed", "export": "csv"})

    assert len(csv_rows(response)) == count + 1
