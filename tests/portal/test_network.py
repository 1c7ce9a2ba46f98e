"""The network at a glance (`/<lang>/network/` and the coordinators' dashboard): growth month by
month, sectors year by year and the regions' tile map, from public records only, with the same
numbers in its tables as in the directory."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from partners.models import Accession, Region
from tests.factories import AccessionFactory, CommitmentFactory, OrganisationFactory, region
from tests.html_tables import table_texts

pytestmark = pytest.mark.django_db


def glance_tables(client, language="en"):
    return table_texts(client.get(f"/{language}/network/"))


def test_network_page_shows_the_demo_growth_since_2022(client):
    call_command("load_demo", stdout=None)

    response = client.get("/en/network/")
    months = table_texts(response)["glance-months"]["tbody"]

    assert "Since November 2022" in response.content.decode()
    assert months == [["August 2024", "1", "0", "1"], ["September 2024", "1", "0", "2"]]


def test_network_page_regions_match_the_directory_for_the_demo(client):
    call_command("load_demo", stdout=None)

    rows = glance_tables(client)["glance-regions"]["tbody"]

    directory = {}
    for name, _organisations, _commitments in rows:
        slug = Region.objects.get(name_en=name).slug
        listed = client.get(f"/en/partners/?region={slug}")
        directory[name] = str(listed.context["page_obj"].paginator.count)
    assert [row[0] for row in rows] == ["Plovdiv", "Ruse", "Sofia City", "Targovishte"]
    assert {name: organisations for name, organisations, _c in rows} == directory
    assert {name: commitments for name, _o, commitments in rows}["Ruse"] == "9"


def test_network_map_links_every_region_to_its_directory(client):
    page = client.get("/bg/network/").content.decode()

    links = re.findall(r'<a href="/bg/partners/\?region=([\w-]+)" class="tile-map__tile', page)

    assert sorted(links) == sorted(Region.objects.values_list("slug", flat=True))
    assert len(links) == 28


def test_network_map_tile_names_its_region_and_numbers(client):
    CommitmentFactory(accession__organisation__region=region("BG-03"))

    page = client.get("/en/network/").content.decode()

    assert 'aria-label="Varna: 1 partner organisations, 1 commitments in force"' in page


def test_network_page_counts_only_organisations_in_the_directory(client):
    OrganisationFactory(region=region("BG-03"), is_published=False)
    AccessionFactory(
        organisation__region=region("BG-03"),
        organisation__is_published=False,
        protocol__coordinator__is_published=False,
    )

    tables = glance_tables(client)

    assert tables["glance-regions"]["tbody"] == [["No partner organisations in the directory yet."]]
    assert tables["glance-months"]["tbody"] == [["No accession signed yet."]]


def test_network_page_shows_an_accession_that_ended(client):
    AccessionFactory(
        status=Accession.Status.SIGNED,
        signed_on=datetime.date(2023, 3, 10),
        valid_until=datetime.date(2024, 5, 31),
    )
    AccessionFactory(status=Accession.Status.ACTIVE, signed_on=datetime.date(2023, 6, 1))

    months = glance_tables(client)["glance-months"]["tbody"]

    assert months == [
        ["March 2023", "1", "0", "1"],
        ["June 2023", "1", "0", "2"],
        ["June 2024", "0", "1", "1"],
    ]
    assert Accession.objects.in_force().count() == 1


def test_network_page_counts_sectors_year_by_year(client):
    AccessionFactory(signed_on=datetime.date(2023, 3, 1), organisation__sector="trade_union")
    AccessionFactory(signed_on=datetime.date(2024, 9, 5), organisation__sector="trade_union")
    AccessionFactory(signed_on=datetime.date(2024, 2, 1), organisation__sector="business")
    this_year = datetime.date.today().year

    sectors = glance_tables(client)["glance-sectors"]
    later = ["2"] * (this_year - 2024)

    assert sectors["thead"] == [["Sector", *map(str, range(2023, this_year + 1))]]
    assert sectors["tbody"] == [
        ["Business", "0", "1", *(["1"] * (this_year - 2024))],
        ["Trade union", "1", "2", *later],
    ]


def test_network_page_speaks_bulgarian(client):
    with translation.override("bg"):
        page = client.get("/bg/network/").content.decode()

    assert "<h1>Мрежата с един поглед</h1>" in page
    assert "Партньори из България" in page


@pytest.mark.parametrize("count", [1, 6])
def test_network_page_query_count_does_not_grow_with_rows(client, django_assert_num_queries, count):
    for index in range(count):
        CommitmentFactory(
            accession__organisation__region=Region.objects.order_by("pk")[index],
            accession__signed_on=datetime.date(2023, index + 1, 1),
        )

    with django_assert_num_queries(7):
        response = client.get("/en/network/")

    assert response.status_code == 200


def test_dashboard_shows_the_network_pages_figures(client, coordinator_client):
    CommitmentFactory(accession__organisation__region=region("BG-16"))

    public = glance_tables(client)
    dashboard = table_texts(coordinator_client.get(reverse("dashboard")))

    for table in ("glance-regions", "glance-months", "glance-sectors"):
        assert dashboard[table] == public[table]


@pytest.mark.parametrize(
    "role", ["client", "no_role_client", "own_partner_client", "other_partner_client"]
)
def test_network_page_is_public_to_every_role(request, role):
    response = request.getfixturevalue(role).get("/en/network/")

    assert response.status_code == 200
    assert "<h1>The network at a glance</h1>" in response.content.decode()
