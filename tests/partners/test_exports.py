"""CSV and XLSX downloads of the workspace's accession and project lists."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core.mail import absolute_url
from tests.factories import (
    AccessionFactory,
    CommitmentFactory,
    DeliverableFactory,
    OrganisationFactory,
    ProjectFactory,
    ProtocolFactory,
    support_area,
)
from tests.spreadsheet_files import downloaded

pytestmark = pytest.mark.django_db

BOM = "\ufeff".encode()


def url(name, language="en"):
    """The list's English page by default: its files have English headers and labels."""
    with translation.override(language):
        return reverse(f"partners:{name}")


def csv_rows(response):
    """The rows of a CSV download, header first; fails unless it starts with the BOM."""
    assert response.content.startswith(BOM)
    return list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))


def xlsx_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def as_dicts(rows):
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


# --- Accessions ---------------------------------------------------------------------------------


@pytest.fixture
def accession():
    organisation = OrganisationFactory(
        name_bg="Сдружение „Център Динамика“",
        name_en="Association Centre Dinamika",
        registration_id="117588291",
    )
    accession = AccessionFactory(
        organisation=organisation,
        protocol=ProtocolFactory(name_bg="Русенски протокол"),
        status="active",
        signed_on=datetime.date(2024, 9, 5),
        valid_until=datetime.date(2027, 9, 4),
    )
    CommitmentFactory(accession=accession, support_area=support_area("employment"))
    CommitmentFactory(accession=accession, support_area=support_area("housing"))
    return accession


def test_accession_csv_starts_with_a_bom_and_keeps_bulgarian_intact(coordinator_client, accession):
    response = downloaded(coordinator_client, url("manage_accessions", "bg"), {"export": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, row = csv_rows(response)
    assert header[1] == "Организация"
    assert row[1:5] == ["Сдружение „Център Динамика“", "117588291", "Русенски протокол", "Активно"]


def test_accession_export_has_the_facts_a_coordinator_needs(coordinator_client, accession):
    response = downloaded(coordinator_client, url("manage_accessions"), {"export": "csv"})

    [row] = as_dicts(csv_rows(response))
    assert row == {
        "Portal ID": str(accession.pk),
        "Organisation": "Association Centre Dinamika",
        "ЕИК / БУЛСТАТ": "117588291",
        "Protocol": "Русенски протокол",
        "Status": "Active",
        "Signed on": "2024-09-05",
        "Valid until": "2027-09-04",
        "Commitments": "2",
        "Support areas of the commitments": "Employment; Housing",
        "Link": absolute_url(f"/en/manage/accessions/{accession.pk}/"),
    }


def test_accession_xlsx_opens_with_the_header_and_typed_values(coordinator_client, accession):
    response = downloaded(coordinator_client, url("manage_accessions"), {"export": "xlsx"})

    header, row = xlsx_rows(response)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert header[:3] == ["Portal ID", "Organisation", "ЕИК / БУЛСТАТ"]
    assert row[0] == accession.pk
    assert row[1] == "Association Centre Dinamika"
    assert row[5] == datetime.datetime(2024, 9, 5)
    assert row[7] == 2


def test_accession_export_names_the_file_after_the_list_and_the_day(coordinator_client, accession):
    response = downloaded(coordinator_client, url("manage_accessions"), {"export": "xlsx"})

    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="accessions-{today}.xlsx"'


def test_accession_export_has_only_the_filtered_rows_of_every_page(coordinator_client):
    AccessionFactory.create_batch(23, status="active")
    AccessionFactory.create_batch(2, status="withdrawn")

    response = downloaded(
        coordinator_client,
        url("manage_accessions"),
        {"status": "active", "page": "2", "export": "csv"},
    )

    rows = as_dicts(csv_rows(response))
    assert len(rows) == 23
    assert {row["Status"] for row in rows} == {"Active"}


def test_accession_export_keeps_the_sort_of_the_page(coordinator_client):
    for name in ("Beta", "Alpha", "Gamma"):
        AccessionFactory(organisation=OrganisationFactory(name_en=name))

    response = downloaded(
        coordinator_client, url("manage_accessions"), {"sort": "organisation", "export": "csv"}
    )

    assert [row["Organisation"] for row in as_dicts(csv_rows(response))] == [
        "Alpha",
        "Beta",
        "Gamma",
    ]


def test_accession_export_neutralises_a_cell_that_would_run_as_a_formula(coordinator_client):
    AccessionFactory(organisation=OrganisationFactory(name_en='=HYPERLINK("http://evil")'))

    response = downloaded(coordinator_client, url("manage_accessions"), {"export": "csv"})

    [row] = as_dicts(csv_rows(response))
    assert row["Organisation"] == '\'=HYPERLINK("http://evil")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_accession_csv_neutralises_every_start_of_a_formula(coordinator_client, start):
    AccessionFactory(organisation=OrganisationFactory(name_en=f"{start}SUM(A1)"))

    response = downloaded(coordinator_client, url("manage_accessions"), {"export": "csv"})

    [row] = as_dicts(csv_rows(response))
    assert row["Organisation"] == f"'{start}SUM(A1)"


def test_accession_xlsx_keeps_a_leading_plus_as_typed_and_guards_only_equals(coordinator_client):
    AccessionFactory(organisation=OrganisationFactory(name_en="+359 Telecom"))
    AccessionFactory(organisation=OrganisationFactory(name_en="=1+1"))

    response = downloaded(coordinator_client, url("manage_accessions"), {"export": "xlsx"})

    names = {row["Organisation"] for row in as_dicts(xlsx_rows(response))}
    assert names == {"+359 Telecom", "'=1+1"}


def test_accession_list_offers_the_downloads_with_the_filters_to_coordinators(
    coordinator_client, accession
):
    response = coordinator_client.get(url("manage_accessions"), {"status": "active", "page": "1"})

    html = response.content.decode()
    assert 'name="path" value="/en/manage/accessions/?status=active"' in html
    assert 'name="file_format" value="csv"' in html
    assert 'name="file_format" value="xlsx"' in html


def test_accession_list_shows_no_downloads_to_a_partner(own_partner_client, organisation):
    AccessionFactory(organisation=organisation)

    response = own_partner_client.get(url("manage_accessions"))

    assert response.status_code == 200
    assert 'name="file_format"' not in response.content.decode()


def test_accession_export_is_forbidden_to_a_partner(own_partner_client, organisation):
    AccessionFactory(organisation=organisation)

    response = own_partner_client.get(url("manage_accessions"), {"export": "csv"})

    assert response.status_code == 403


def test_accession_export_sends_an_anonymous_visitor_to_log_in(client, accession):
    response = client.get(url("manage_accessions"), {"export": "csv"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("count", [1, 15])
def test_accession_export_query_count_does_not_grow_with_rows(
    coordinator_client, django_assert_num_queries, count
):
    for accession in AccessionFactory.create_batch(count):
        CommitmentFactory.create_batch(2, accession=accession)

    with django_assert_num_queries(17):
        response = downloaded(
            coordinator_client,
            url("manage_accessions"),
            {"q": "organ", "sort": "organisation", "export": "xlsx"},
        )

    assert len(xlsx_rows(response)) == count + 1


# --- Projects -----------------------------------------------------------------------------------


@pytest.fixture
def project(organisation, other_organisation):
    project = ProjectFactory(
        name="WEGO3",
        title_bg="Жени за равенство",
        title_en="Women for equality",
        programme_en="CERV",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
        grant_amount="116332.32",
        currency="EUR",
        promoter=organisation,
    )
    project.partners.add(organisation, other_organisation)
    DeliverableFactory(project=project, target=10, achieved=4)
    DeliverableFactory(project=project, target=20, achieved=5)
    DeliverableFactory(project=project, target=None, achieved=1)
    return project


def test_project_export_has_the_funding_partners_and_results(coordinator_client, project):
    response = downloaded(coordinator_client, url("manage_projects"), {"export": "csv"})

    [row] = as_dicts(csv_rows(response))
    assert row == {
        "Portal ID": str(project.pk),
        "Short name": "WEGO3",
        "Title (BG)": "Жени за равенство",
        "Title (EN)": "Women for equality",
        "Programme / funder": "CERV",
        "Start": "2024-01-01",
        "End": "2025-12-31",
        "Grant": "116332.32",
        "Currency": "EUR",
        "Promoter": "Own organisation",
        "Partners": "Own organisation; Other organisation",
        "Expected results": "3",
        "Achieved (sum)": "10",
        "Target (sum)": "30",
        "Link": absolute_url(f"/en/manage/projects/{project.pk}/"),
    }


def test_project_xlsx_keeps_the_grant_a_number(coordinator_client, project):
    response = downloaded(coordinator_client, url("manage_projects"), {"export": "xlsx"})

    header, row = xlsx_rows(response)
    assert row[header.index("Grant")] == pytest.approx(116332.32)


def test_project_export_has_only_the_searched_rows(coordinator_client, project):
    ProjectFactory(name="OTHER", title_bg="Друго")

    response = downloaded(
        coordinator_client, url("manage_projects"), {"q": "равенство", "export": "csv"}
    )

    assert [row["Short name"] for row in as_dicts(csv_rows(response))] == ["WEGO3"]


def test_project_list_offers_the_downloads(coordinator_client, project):
    html = coordinator_client.get(url("manage_projects")).content.decode()

    assert 'name="path" value="/en/manage/projects/"' in html
    assert 'name="file_format" value="csv"' in html


def test_project_export_is_forbidden_to_a_partner(own_partner_client, project):
    response = own_partner_client.get(url("manage_projects"), {"export": "csv"})

    assert response.status_code == 403


@pytest.mark.parametrize("count", [1, 15])
def test_project_export_query_count_does_not_grow_with_rows(
    coordinator_client, django_assert_num_queries, organisation, count
):
    for project in ProjectFactory.create_batch(count, promoter=organisation):
        project.partners.add(organisation)
        DeliverableFactory.create_batch(2, project=project)

    with django_assert_num_queries(18):
        response = downloaded(
            coordinator_client, url("manage_projects"), {"sort": "-start", "export": "csv"}
        )

    assert len(csv_rows(response)) == count + 1
