"""The workspace search: names in either script or ЕИК, grouped by kind, scoped to the user."""

import pytest
from django.urls import reverse

from tests.factories import (
    AccessionFactory,
    ActionItemFactory,
    AttendanceFactory,
    MeasureFactory,
    MeetingFactory,
    OrganisationFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("manage_search")


def found(response):
    return {
        group["id"]: [result["label"] for result in group["results"]]
        for group in response.context["groups"]
        if group["results"]
    }


def test_search_finds_a_cyrillic_name_typed_in_latin_letters(coordinator_client):
    OrganisationFactory(name_bg="Център Динамика", name_en="Centre Dinamika")
    MeetingFactory(title_bg="Среща в Динамика", title_en=None)

    response = coordinator_client.get(URL, {"q": "dinamika"})

    assert found(response) == {
        "organisations": ["Център Динамика"],
        "meetings": ["Среща в Динамика"],
    }


def test_search_finds_a_name_typed_in_cyrillic(coordinator_client):
    ProjectFactory(name="WEGO3", title_bg="Икономическо овластяване", title_en="Empowerment")

    response = coordinator_client.get(URL, {"q": "овластяване"})

    assert found(response) == {"projects": ["WEGO3: Икономическо овластяване"]}


def test_search_finds_an_organisation_and_its_accessions_by_eik(coordinator_client):
    organisation = OrganisationFactory(name_bg="КНСБ Русе", registration_id="176000331")
    AccessionFactory(organisation=organisation)

    response = coordinator_client.get(URL, {"q": "176 000 331"})

    assert list(found(response)) == ["organisations", "accessions"]


def test_search_finds_measures_for_coordinators(coordinator_client):
    MeasureFactory(number=7, title_bg="Квалификация и преквалификация")

    response = coordinator_client.get(URL, {"q": "prekvalifikatsia"})

    assert found(response) == {"measures": ["7. Квалификация и преквалификация"]}


def test_partner_search_finds_only_what_it_may_see(own_partner_client, organisation):
    OrganisationFactory(name_bg="Чужда Динамика")
    MeetingFactory(title_bg="Чужда среща Динамика")
    MeasureFactory(title_bg="Мярка Динамика")
    ProjectFactory(title_bg="Проект Динамика")
    mine = MeetingFactory(title_bg="Наша среща Динамика")
    AttendanceFactory(meeting=mine, organisation=organisation)

    response = own_partner_client.get(URL, {"q": "динамика"})

    assert found(response) == {"meetings": ["Наша среща Динамика"]}


def test_search_without_a_query_looks_for_nothing(coordinator_client, django_assert_num_queries):
    with django_assert_num_queries(4):
        response = coordinator_client.get(URL, {"q": "  "})

    assert response.context["groups"] == []


def test_search_box_is_in_the_workspace_navigation(coordinator_client):
    html = coordinator_client.get(reverse("dashboard")).content.decode()

    assert f'action="{URL}" role="search"' in html


@pytest.mark.parametrize("count", [1, 15])
def test_search_query_count_does_not_grow_with_matches(
    coordinator_client, django_assert_num_queries, count
):
    for number in range(count):
        organisation = OrganisationFactory(name_bg=f"Динамика {number}")
        AccessionFactory(organisation=organisation)
        MeetingFactory(title_bg=f"Динамика {number}")
        MeasureFactory(title_bg=f"Динамика {number}")
        ProjectFactory(title_bg=f"Динамика {number}")

    with django_assert_num_queries(9):
        response = coordinator_client.get(URL, {"q": "Динамика"})

    assert response.context["found"] == min(count, 10) * 5


@pytest.mark.parametrize("count", [1, 6])
def test_partner_search_query_count_does_not_grow_with_matches(
    own_partner_client, django_assert_num_queries, organisation, count
):
    for number in range(count):
        meeting = MeetingFactory(title_bg=f"Динамика {number}")
        AttendanceFactory(meeting=meeting, organisation=organisation)
        ActionItemFactory(meeting=meeting, responsible=organisation)

    with django_assert_num_queries(8):
        response = own_partner_client.get(URL, {"q": "Динамика"})

    assert response.context["found"] == count
