import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    AccessionFactory,
    CommitmentFactory,
    OrganisationFactory,
    municipality,
    region,
    support_area,
)

pytestmark = pytest.mark.django_db


def names(response):
    return [organisation.name_bg for organisation in response.context["page_obj"].object_list]


def test_directory_lists_only_published_and_not_archived_organisations(client):
    OrganisationFactory(name_bg="Видима")
    OrganisationFactory(name_bg="Скрита", is_published=False)
    OrganisationFactory(name_bg="Архивирана", archived_at=timezone.now())

    response = client.get("/bg/partners/")

    assert names(response) == ["Видима"]
    html = response.content.decode()
    assert "Скрита" not in html
    assert "Архивирана" not in html


@pytest.mark.parametrize("query", ["dinamika", "Динамика", "DINAMIKA", "динамика", "tsentar din"])
def test_directory_search_finds_cyrillic_names_in_either_script_and_any_case(client, query):
    OrganisationFactory(name_bg="Сдружение „Център Динамика“", name_en="Centre Dinamika")
    OrganisationFactory(name_bg="Друга организация", name_en="Another organisation")

    response = client.get("/bg/partners/", {"q": query})

    assert names(response) == ["Сдружение „Център Динамика“"]


@pytest.mark.parametrize("query", ["КНСБ", "knsb", "Knsb"])
def test_directory_search_finds_the_union_by_its_short_name(client, query):
    OrganisationFactory(
        name_bg="Регионален съвет на КНСБ Русе",
        name_en="KNSB Regional Council Ruse",
        short_name_bg="КНСБ",
        sector="trade_union",
    )
    OrganisationFactory(name_bg="Друга организация")

    response = client.get("/en/partners/", {"q": query})

    assert names(response) == ["Регионален съвет на КНСБ Русе"]


def test_directory_search_finds_words_of_the_description(client):
    OrganisationFactory(name_bg="Фирма", description_bg="Обучения по финансова грамотност")
    OrganisationFactory(name_bg="Друга")

    response = client.get("/bg/partners/", {"q": "gramotnost"})

    assert names(response) == ["Фирма"]


def test_directory_filters_combine(client):
    target = OrganisationFactory(
        name_bg="Цел",
        sector="business",
        region=region("BG-25"),
        municipality=municipality("popovo", "BG-25"),
    )
    target.services.add(support_area("qualification"))
    OrganisationFactory(name_bg="Друг сектор", sector="ngo", region=region("BG-25"))
    other_region = OrganisationFactory(name_bg="Друга област", sector="business")
    other_region.services.add(support_area("qualification"))
    no_service = OrganisationFactory(
        name_bg="Без услуга", sector="business", region=region("BG-25")
    )
    no_service.services.add(support_area("housing"))

    response = client.get(
        "/bg/partners/",
        {"region": "targovishte", "sector": "business", "support": "qualification"},
    )

    assert names(response) == ["Цел"]


def test_directory_support_filter_includes_partners_committed_to_the_area(client):
    committed = OrganisationFactory(name_bg="Ангажирана")
    CommitmentFactory(
        accession=AccessionFactory(organisation=committed), support_area=support_area("housing")
    )
    OrganisationFactory(name_bg="Без ангажимент")

    response = client.get("/bg/partners/", {"support": "housing"})

    assert names(response) == ["Ангажирана"]


def test_directory_sorts_by_name_in_the_page_language(client):
    OrganisationFactory(name_bg="Бета", name_en="Alpha")
    OrganisationFactory(name_bg="Алфа", name_en="Beta")

    assert names(client.get("/bg/partners/", {"sort": "name"})) == ["Алфа", "Бета"]
    assert names(client.get("/en/partners/", {"sort": "name"})) == ["Бета", "Алфа"]
    assert names(client.get("/en/partners/", {"sort": "-name"})) == ["Алфа", "Бета"]


def test_directory_keeps_filters_in_pagination_links(client):
    OrganisationFactory.create_batch(25, sector="business")

    html = client.get("/bg/partners/", {"sector": "business"}).content.decode()

    assert 'href="?sector=business&amp;page=2"' in html


def test_directory_pagination_links_keep_a_search_in_letters_and_replace_the_page(client):
    OrganisationFactory.create_batch(45, name_bg="Изгрев & сие")

    html = client.get("/bg/partners/", {"q": "изгрев & сие", "page": "2"}).content.decode()

    search = "%D0%B8%D0%B7%D0%B3%D1%80%D0%B5%D0%B2+%26+%D1%81%D0%B8%D0%B5"
    assert f'href="?q={search}&amp;page=3"' in html
    assert "page=2&amp;page" not in html


def test_directory_with_htmx_sends_only_the_results(client):
    OrganisationFactory(name_bg="Видима")

    response = client.get("/bg/partners/", {"q": "vid"}, headers={"hx-request": "true"})

    html = response.content.decode()
    assert "Видима" in html
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_directory_filters_disclosure_counts_the_filters_that_narrow_the_list(client):
    html = client.get(
        "/en/partners/", {"q": "centre", "sector": "ngo", "region": "ruse", "sort": "added"}
    ).content.decode()

    assert '<span id="filters-summary">Filters (2 active)</span>' in html


def test_directory_filters_disclosure_in_bulgarian(client):
    html = client.get("/bg/partners/", {"sector": "ngo"}).content.decode()

    assert '<span id="filters-summary">Филтри (1 активен)</span>' in html


def test_directory_with_htmx_updates_the_active_filters_count(client):
    response = client.get(
        "/en/partners/",
        {"sector": "ngo", "support": "legal-advice"},
        headers={"hx-request": "true"},
    )

    html = response.content.decode()
    assert '<span id="filters-summary" hx-swap-oob="true">Filters (2 active)</span>' in html


def test_directory_unknown_filter_value_shows_a_message_not_an_error(client):
    OrganisationFactory(name_bg="Видима")

    response = client.get("/bg/partners/", {"region": "atlantis", "sector": "pirates"})

    assert response.status_code == 200
    assert response.context["filter"].form.errors.keys() == {"region", "sector"}


@pytest.mark.parametrize("count", [1, 30])
def test_directory_query_count_does_not_grow_with_rows(client, django_assert_num_queries, count):
    for organisation in OrganisationFactory.create_batch(count):
        organisation.services.add(support_area("employment"), support_area("housing"))

    with django_assert_num_queries(8):
        response = client.get("/bg/partners/", {"q": "organizatsia", "sort": "name"})

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 30])
def test_directory_with_its_cards_kept_reads_no_organisation_whole(
    client, django_assert_num_queries, count
):
    for organisation in OrganisationFactory.create_batch(count):
        organisation.services.add(support_area("employment"), support_area("housing"))
    client.get("/bg/partners/", {"q": "organizatsia", "n": "1"})

    # The count and the page's ids.
    with django_assert_num_queries(2) as queries:
        response = client.get("/bg/partners/", {"q": "organizatsia", "n": "2"})

    assert response.status_code == 200
    assert len(response.context["cards"]) == min(count, 20)
    assert not any('"description_bg"' in query["sql"] for query in queries.captured_queries)


def test_directory_sort_labels_follow_the_page_language(client):
    english = client.get("/en/partners/").content.decode()
    bulgarian = client.get("/bg/partners/").content.decode()

    assert "Name (descending)" in english
    assert "(descending)" not in bulgarian


@pytest.mark.parametrize("status", ["withdrawn", "fulfilled", "lapsed"])
def test_directory_support_filter_leaves_out_a_commitment_no_longer_active(client, status):
    organisation = OrganisationFactory(name_bg="Оттеглила")
    CommitmentFactory(
        accession=AccessionFactory(organisation=organisation),
        support_area=support_area("housing"),
        status=status,
    )

    response = client.get("/bg/partners/", {"support": "housing"})

    assert names(response) == []


def test_directory_support_filter_leaves_out_a_commitment_of_an_expired_accession(client):
    organisation = OrganisationFactory(name_bg="С изтекло присъединяване")
    accession = AccessionFactory(
        organisation=organisation,
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    CommitmentFactory(accession=accession, support_area=support_area("housing"))

    response = client.get("/bg/partners/", {"support": "housing"})

    assert names(response) == []
