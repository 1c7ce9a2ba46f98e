"""The search behind the workspace's organisation pickers (and the meeting picker's)."""

import pytest
from django.utils import timezone

from core.lookup import RESULTS
from tests.factories import MeetingFactory, OrganisationFactory, municipality

pytestmark = pytest.mark.django_db

SEARCH = "/en/manage/organisations/search/"


def texts(response):
    return [result["text"] for result in response.json()["results"]]


@pytest.fixture
def dinamika(db):
    return OrganisationFactory(
        name_bg="Сдружение Център Динамика",
        name_en="Association Centre Dinamika",
        short_name_bg="ЦД",
        short_name_en="CD",
        municipality=municipality(),
        registration_id="117583420",
    )


def test_search_finds_a_name_typed_in_cyrillic(coordinator_client, dinamika):
    OrganisationFactory(name_bg="Община Русе")

    response = coordinator_client.get(SEARCH, {"q": "динам"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "results": [{"id": dinamika.pk, "text": "Association Centre Dinamika (CD) · Ruse"}]
    }


def test_search_finds_a_cyrillic_name_typed_in_latin_letters(coordinator_client, dinamika):
    response = coordinator_client.get("/bg/manage/organisations/search/", {"q": "tsentar dinamika"})

    assert texts(response) == ["Сдружение Център Динамика (ЦД) · Русе"]


def test_search_finds_by_the_start_of_the_eik(coordinator_client, dinamika):
    OrganisationFactory(registration_id="200000001")

    assert texts(coordinator_client.get(SEARCH, {"q": "117583"})) == [
        "Association Centre Dinamika (CD) · Ruse"
    ]
    assert texts(coordinator_client.get(SEARCH, {"q": "583420"})) == []


def test_search_leaves_archived_organisations_out(coordinator_client, dinamika):
    OrganisationFactory(name_en="Dinamika Archived", archived_at=timezone.now())

    assert texts(coordinator_client.get(SEARCH, {"q": "dinamika"})) == [
        "Association Centre Dinamika (CD) · Ruse"
    ]


def test_search_puts_names_that_start_with_the_query_first(coordinator_client):
    OrganisationFactory(name_bg="Агенция Русе", name_en="Agency Ruse")
    OrganisationFactory(name_bg="Русенски университет", name_en="University of Ruse")

    assert texts(coordinator_client.get(SEARCH, {"q": "Русе"})) == [
        "University of Ruse",
        "Agency Ruse",
    ]


def test_search_answers_at_most_twenty_organisations(coordinator_client):
    OrganisationFactory.create_batch(RESULTS + 5, name_en="Namesake")

    assert len(texts(coordinator_client.get(SEARCH, {"q": "namesake"}))) == RESULTS == 20


def test_search_of_members_leaves_other_organisations_out(coordinator_client):
    OrganisationFactory(name_en="Member Foundation")
    OrganisationFactory(name_en="Prospect Foundation", partnership_status="prospect")

    assert texts(coordinator_client.get(SEARCH, {"q": "foundation", "scope": "members"})) == [
        "Member Foundation"
    ]


@pytest.mark.parametrize("query", ["", "   ", "няма такава"])
def test_search_without_a_match_answers_no_results(coordinator_client, dinamika, query):
    assert coordinator_client.get(SEARCH, {"q": query}).json() == {"results": []}


@pytest.mark.parametrize("count", [1, 30])
def test_search_query_count_does_not_grow_with_organisations(
    coordinator_client, django_assert_num_queries, count
):
    OrganisationFactory.create_batch(count, municipality=municipality())

    # The session, the user, the coordinators' group, the search.
    with django_assert_num_queries(4):
        response = coordinator_client.get(SEARCH, {"q": "organisation"})

    assert len(response.json()["results"]) == min(count, RESULTS)


@pytest.mark.parametrize("url", [SEARCH, "/en/meetings/manage/search/"])
def test_search_is_refused_to_partners(own_partner_client, url):
    assert own_partner_client.get(url, {"q": "a"}).status_code == 403


@pytest.mark.parametrize("url", [SEARCH, "/en/meetings/manage/search/"])
def test_search_sends_anonymous_visitors_to_login(client, url):
    response = client.get(url, {"q": "a"})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_search_answers_only_get(coordinator_client):
    assert coordinator_client.post(SEARCH, {"q": "a"}).status_code == 405


def test_meeting_search_finds_titles_newest_first(coordinator_client):
    older = MeetingFactory(title_en="Partner meeting", starts_at=timezone.now().replace(year=2024))
    newer = MeetingFactory(title_en="Partner meeting", starts_at=timezone.now().replace(year=2025))
    MeetingFactory(title_en="Focus group")

    response = coordinator_client.get("/en/meetings/manage/search/", {"q": "partner"})

    assert [result["id"] for result in response.json()["results"]] == [newer.pk, older.pk]
