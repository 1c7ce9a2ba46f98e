"""The public directory as open data: the page that documents it, and the CSV and JSON files."""

import csv
import datetime
import io
import json

import pytest
from django.utils import timezone

from partners.models import JoinRequest
from tests.factories import (
    AccessionFactory,
    CommitmentFactory,
    ContactPersonFactory,
    OrganisationFactory,
    ProtocolFactory,
    municipality,
    support_area,
)

pytestmark = pytest.mark.django_db

CSV_URL = "/bg/partners/open-data/organisations.csv"
JSON_URL = "/bg/partners/open-data/organisations.json"


def csv_records(response):
    assert response.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8")[1:])))


def json_document(response):
    return json.loads(response.content.decode("utf-8"))


@pytest.fixture
def dinamika():
    organisation = OrganisationFactory(
        name_bg="Сдружение „Център Динамика“",
        name_en="Association Centre Dinamika",
        short_name_bg="Динамика",
        slug="tsentar-dinamika",
        sector="crisis_centre",
        municipality=municipality("ruse"),
        address_bg="ул. „Панайот Хитов“ 9",
        website="https://dinamika.example.bg/",
        public_email="office@dinamika.example.bg",
        public_phone="082 800 800",
        description_bg="Кризисен център за жени.",
    )
    organisation.services.add(support_area("psychological-support"))
    accession = AccessionFactory(
        organisation=organisation,
        protocol=ProtocolFactory(coordinator=organisation),
        signed_on=datetime.date(2022, 3, 1),
    )
    CommitmentFactory(accession=accession, support_area=support_area("employment"))
    return organisation


@pytest.fixture
def secret_keeper():
    """A listed organisation whose every private fact carries the marker "SECRET"."""
    organisation = OrganisationFactory(
        name_bg="Открита организация",
        registration_id="121212120",
        partnership_status="suspended",
    )
    ContactPersonFactory(
        organisation=organisation,
        name="SECRET Person",
        position_bg="SECRET position",
        email="secret.person@example.org",
        phone="0888 SECRET",
    )
    ContactPersonFactory(
        organisation=organisation,
        name="Public SECRET Person",
        email="public.secret@example.org",
        is_public=True,
        consent_on=datetime.date(2024, 1, 1),
    )
    accession = AccessionFactory(
        organisation=organisation,
        protocol=ProtocolFactory(coordinator=organisation),
        signatories="SECRET signatory, director",
        status="active",
    )
    CommitmentFactory(
        accession=accession,
        support_area=support_area("housing"),
        text_bg="SECRET commitment",
        is_public=False,
    )
    JoinRequest.objects.create(
        organisation=organisation,
        email="secret.sender@example.org",
        message="SECRET message",
        language="bg",
    )
    return organisation


def test_open_data_lists_every_published_organisation_and_no_other(client, dinamika):
    OrganisationFactory(name_bg="Непубликувана", is_published=False)
    OrganisationFactory(name_bg="Архивирана", archived_at=timezone.now())

    csv_ids = [int(row["id"]) for row in csv_records(client.get(CSV_URL))]
    json_ids = [row["id"] for row in json_document(client.get(JSON_URL))["organisations"]]

    assert csv_ids == json_ids == [dinamika.pk]


def test_open_data_holds_the_public_facts_of_an_organisation(client, dinamika):
    [record] = json_document(client.get(JSON_URL))["organisations"]

    assert record == {
        "id": dinamika.pk,
        "slug": "tsentar-dinamika",
        "url_bg": "http://testserver/bg/partners/tsentar-dinamika/",
        "url_en": "http://testserver/en/partners/tsentar-dinamika/",
        "name_bg": "Сдружение „Център Динамика“",
        "name_en": "Association Centre Dinamika",
        "short_name_bg": "Динамика",
        "short_name_en": "",
        "sector": "crisis_centre",
        "sector_bg": "Кризисен център",
        "sector_en": "Crisis centre",
        "region": "BG-18",
        "region_bg": "Русе",
        "region_en": "Ruse",
        "municipality_bg": "Русе",
        "municipality_en": "Ruse",
        "address_bg": "ул. „Панайот Хитов“ 9",
        "address_en": "",
        "website": "https://dinamika.example.bg/",
        "public_email": "office@dinamika.example.bg",
        "public_phone": "082 800 800",
        "description_bg": "Кризисен център за жени.",
        "description_en": "",
        "support_offered": ["psychological-support"],
        "committed_support": ["employment"],
        "member_since": "2022-03-01",
        "updated_at": dinamika.updated_at.astimezone(datetime.UTC).isoformat(timespec="seconds"),
    }


def test_open_data_csv_has_the_same_facts_in_cells(client, dinamika):
    dinamika.services.add(support_area("employment"))

    [record] = csv_records(client.get(CSV_URL))

    assert record["name_bg"] == "Сдружение „Център Динамика“"
    assert record["support_offered"] == "employment;psychological-support"
    assert record["member_since"] == "2022-03-01"
    assert record["short_name_en"] == ""


def test_open_data_never_contains_a_private_fact(client, secret_keeper):
    for url in (CSV_URL, JSON_URL, "/en/partners/open-data/organisations.json"):
        text = client.get(url).content.decode("utf-8")

        assert "Открита организация" in text
        assert "secret" not in text.lower(), url
        assert "121212120" not in text, url
        assert "suspended" not in text.lower(), url
        assert "housing" not in text, url


def test_open_data_ids_are_stable_and_those_of_the_public_pages(client, dinamika):
    first = csv_records(client.get(CSV_URL))
    dinamika.name_bg = "Център Динамика"
    dinamika.save()

    second = csv_records(client.get(CSV_URL))

    assert [(row["id"], row["slug"], row["url_bg"]) for row in first] == [
        (row["id"], row["slug"], row["url_bg"]) for row in second
    ]
    assert client.get(second[0]["url_bg"]).status_code == 200
    assert client.get(second[0]["url_en"]).status_code == 200


def test_open_data_json_columns_are_the_csv_header(client, dinamika):
    header = next(csv.reader(io.StringIO(client.get(CSV_URL).content.decode("utf-8")[1:])))

    document = json_document(client.get(JSON_URL))

    assert list(document["columns"]) == header
    assert list(document["organisations"][0]) == header
    assert document["count"] == 1
    assert document["documentation"] == "http://testserver/bg/partners/open-data/"


def test_open_data_files_are_the_same_in_both_languages(client, dinamika):
    assert client.get(CSV_URL).content == client.get(CSV_URL.replace("/bg/", "/en/")).content


def test_open_data_page_documents_every_column_of_the_files(client, dinamika):
    keys = json_document(client.get(JSON_URL))["columns"]

    for language in ("bg", "en"):
        html = client.get(f"/{language}/partners/open-data/").content.decode()
        for key in keys:
            assert f"<code>{key}</code>" in html, (language, key)


@pytest.mark.parametrize("language", ["bg", "en"])
def test_open_data_page_is_public_in_both_languages(client, language):
    html = client.get(f"/{language}/partners/open-data/").content.decode()

    assert f'<html lang="{language}">' in html
    assert f'href="/{language}/partners/open-data/organisations.csv"' in html
    assert f'href="/{language}/partners/open-data/organisations.json"' in html


def test_open_data_csv_is_utf8_with_a_stable_filename(client, dinamika):
    response = client.get(CSV_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="organisations.csv"'


def test_open_data_json_is_utf8_with_a_stable_filename(client, dinamika):
    response = client.get(JSON_URL)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="organisations.json"'
    assert "Динамика" in response.content.decode("utf-8")


def test_open_data_files_may_be_cached_for_ten_minutes_and_read_by_other_sites(client, dinamika):
    response = client.get(JSON_URL)

    assert response["Cache-Control"] == "public, max-age=600"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_open_data_csv_answers_304_when_unchanged(client, dinamika):
    first = client.get(CSV_URL)

    second = client.get(CSV_URL, headers={"if-none-match": first["ETag"]})

    assert second.status_code == 304


def test_open_data_csv_neutralises_a_text_that_would_run_as_a_formula(client):
    OrganisationFactory(name_en="=HYPERLINK(1)")

    [record] = csv_records(client.get(CSV_URL))

    assert record["name_en"] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("start", ["+", "-", "@", "\t", "\r"])
def test_open_data_csv_neutralises_every_start_of_a_formula(client, start):
    OrganisationFactory(name_en=f"{start}cmd|' /C calc'!A0")

    [record] = csv_records(client.get(CSV_URL))

    assert record["name_en"] == f"'{start}cmd|' /C calc'!A0"


def test_directory_links_to_its_open_data(client):
    assert 'href="/bg/partners/open-data/"' in client.get("/bg/partners/").content.decode()


def test_sitemap_lists_the_open_data_page(client):
    assert "/bg/partners/open-data/" in client.get("/sitemap.xml").content.decode()


@pytest.mark.parametrize("count", [1, 15])
def test_open_data_query_count_does_not_grow_with_organisations(
    client, django_assert_num_queries, count
):
    protocol = ProtocolFactory(coordinator__is_published=False)
    for organisation in OrganisationFactory.create_batch(count, municipality=municipality()):
        organisation.services.add(support_area("employment"), support_area("housing"))
        CommitmentFactory(accession=AccessionFactory(organisation=organisation, protocol=protocol))

    with django_assert_num_queries(3):
        csv_response = client.get(CSV_URL)
    with django_assert_num_queries(3):
        json_response = client.get(JSON_URL)

    assert len(csv_records(csv_response)) == count
    assert json_document(json_response)["count"] == count


@pytest.mark.parametrize("status", ["withdrawn", "fulfilled", "lapsed"])
def test_open_data_committed_support_leaves_out_commitments_no_longer_active(client, status):
    organisation = OrganisationFactory()
    CommitmentFactory(
        accession=AccessionFactory(organisation=organisation),
        support_area=support_area("housing"),
        status=status,
    )

    [record] = [
        record
        for record in json_document(client.get(JSON_URL))["organisations"]
        if record["id"] == organisation.pk
    ]

    assert record["committed_support"] == []


def test_open_data_committed_support_leaves_out_accessions_past_their_validity(client):
    organisation = OrganisationFactory()
    accession = AccessionFactory(
        organisation=organisation,
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    CommitmentFactory(accession=accession, support_area=support_area("housing"))

    [record] = [
        record
        for record in json_document(client.get(JSON_URL))["organisations"]
        if record["id"] == organisation.pk
    ]

    assert record["committed_support"] == []
