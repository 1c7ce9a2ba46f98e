"""The public site in Chromium, in both languages: directory search and filters with and without
JavaScript, a partner page, the measures chart, accessibility, and no foreign requests."""

import re

import pytest

from tests.factories import (
    AttendanceFactory,
    MeasureFactory,
    MeetingFactory,
    OrganisationFactory,
    VoteFactory,
    VoteTallyFactory,
    municipality,
    region,
    support_area,
)

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def network(db):
    dinamika = OrganisationFactory(
        name_bg="Сдружение „Център Динамика“",
        name_en="Association Centre Dinamika",
        short_name_bg="Център Динамика",
        sector="crisis_centre",
        municipality=municipality("ruse"),
        description_bg="Кризисен център за жени, преживели насилие.",
        description_en="Crisis centre for women who survived violence.",
    )
    dinamika.services.add(support_area("psychological-support"))
    knsb = OrganisationFactory(
        name_bg="Регионален съвет на КНСБ Русе",
        name_en="KNSB Regional Council Ruse",
        short_name_bg="КНСБ",
        short_name_en="KNSB",
        sector="trade_union",
    )
    knsb.services.add(support_area("legal-advice"))
    naya = OrganisationFactory(
        name_bg="Сдружение „НАЯ“",
        name_en="Association NAYA",
        sector="crisis_centre",
        region=region("BG-25"),
    )
    naya.services.add(support_area("psychological-support"))
    meeting = MeetingFactory(title_bg="Среща в Търговище", title_en="Meeting in Targovishte")
    AttendanceFactory(meeting=meeting, organisation=dinamika)
    vote = VoteFactory(meeting=meeting, eligible=64, ballots_cast=60)
    for number, votes in [(7, 41), (6, 33), (2, 30)]:
        VoteTallyFactory(vote=vote, measure=MeasureFactory(number=number), votes_for=votes)
    return {"dinamika": dinamika, "knsb": knsb, "naya": naya, "meeting": meeting}


def result_names(page):
    return page.locator(".partner-list h2 a").all_inner_texts()


@pytest.mark.parametrize("language", ["bg", "en"])
def test_every_public_page_is_accessible_has_quick_exit_and_stays_on_site(
    page, axe, requests_seen, network, language
):
    paths = [
        f"/{language}/",
        f"/{language}/partners/",
        f"/{language}/partners/{network['dinamika'].slug}/",
        f"/{language}/partners/open-data/",
        f"/{language}/measures/",
        f"/{language}/measures/{MeasureFactory._meta.model.objects.first().slug}/",
        f"/{language}/meetings/",
        f"/{language}/meetings/{network['meeting'].slug}/",
        f"/{language}/projects/",
        f"/{language}/join/",
        f"/{language}/safety/",
        f"/{language}/network/",
    ]
    for path in paths:
        page.goto(path)
        assert page.locator("[data-quick-exit-button]").is_visible(), path
        assert page.locator("a[href='tel:112']").first.is_visible(), path
        assert_accessible(axe, page)
    assert requests_seen.foreign == []


def test_network_map_region_opens_the_directory_by_keyboard(page, network):
    page.goto("/en/network/")
    tile = page.locator('.tile-map a[data-region="BG-25"]')

    tile.focus()
    page.keyboard.press("Enter")

    page.wait_for_url("**/en/partners/?region=targovishte")
    assert result_names(page) == ["Association NAYA"]


def test_directory_search_updates_as_you_type_and_the_url_follows(page, network):
    page.goto("/bg/partners/")

    page.get_by_label("Търсене").fill("knsb")

    page.wait_for_url(re.compile(r"q=knsb"))
    page.wait_for_function("document.querySelectorAll('.partner-list li').length === 1")
    assert result_names(page) == ["Регионален съвет на КНСБ Русе"]


def test_directory_filter_by_region_with_javascript(page, network):
    page.goto("/en/partners/")

    page.get_by_label("Region").select_option(label="Targovishte")

    page.wait_for_url(re.compile(r"region=targovishte"))
    page.wait_for_function("document.querySelectorAll('.partner-list li').length === 1")
    assert result_names(page) == ["Association NAYA"]


def test_directory_search_and_filter_without_javascript(browser, live_server, network):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/bg/partners/")

    page.get_by_label("Търсене").fill("dinamika")
    page.get_by_label("Сектор").select_option(value="crisis_centre")
    page.get_by_role("button", name="Покажи партньорите").click()

    assert "q=dinamika" in page.url
    assert result_names(page) == ["Сдружение „Център Динамика“"]
    context.close()


def test_open_a_partner_from_the_directory(page, network):
    page.goto("/en/partners/?q=dinamika")

    page.get_by_role("link", name="Association Centre Dinamika").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Association Centre Dinamika"
    assert page.get_by_text("Crisis centre for women who survived violence.").is_visible()


@pytest.mark.parametrize("language", ["bg", "en"])
def test_measures_chart_and_table_agree(page, network, language):
    page.goto(f"/{language}/measures/")

    chart = page.eval_on_selector_all(
        "[data-vote-chart] g",
        "groups => groups.map(g => [g.dataset.measure, g.dataset.votes,"
        " g.querySelector('rect').getAttribute('width')])",
    )
    table = page.eval_on_selector_all(
        ".vote-table tbody tr",
        "rows => rows.map(r => [r.dataset.measure, r.querySelector('[data-votes]').textContent])",
    )
    assert [row[:2] for row in chart] == table == [["7", "41"], ["6", "33"], ["2", "30"]]
    # Bars are drawn to scale: 300 units stand for all 60 ballots.
    assert [row[2] for row in chart] == ["205", "165", "150"]
