"""The coordinators' dashboard in Chromium: every chart is drawn from the table next to it and
shows the same numbers, the page breaks no rule of the Content-Security-Policy, axe finds no
violation, nothing is loaded from another host, and without JavaScript the tables remain."""

import datetime

import pytest
from django.utils import timezone

from partners.models import Organisation
from tests.factories import (
    AccessionFactory,
    ActionItemFactory,
    CommitmentFactory,
    CoordinatorFactory,
    IndicatorFactory,
    IndicatorReadingFactory,
    MeasureFactory,
    MeetingFactory,
    OrganisationFactory,
    PilotFactory,
    RepresentativeFactory,
    region,
    support_area,
)

from .conftest import CSP_WATCH_JS, assert_accessible, log_in, record

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHARTED_TABLES = [
    "partners-by-status",
    "partners-by-sector",
    "partners-by-region",
    "commitments-by-area",
    "commitments-by-status",
    "meetings-by-month",
    "measures-by-status",
]

# What each chart holds, read from Chart.js itself.
CHARTS_JS = """() => Array.from(document.querySelectorAll("canvas[data-chart-for]")).map(canvas => {
  const chart = Chart.getChart(canvas);
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  return {
    table: canvas.dataset.chartFor,
    labels: chart.data.labels,
    series: chart.data.datasets.map(dataset => [dataset.label, dataset.data]),
    drawn: canvas.width > 0 && canvas.height > 0 && pixels.some(value => value !== 0),
  };
})"""

# What each charted table shows, read from the page's text, column by column.
TABLES_JS = """() => Array.from(document.querySelectorAll("table[data-chart]")).map(table => {
  const headers = Array.from(table.tHead.rows[0].cells);
  const rows = Array.from(table.tBodies[0].rows);
  return {
    table: table.id,
    labels: rows.map(row => row.cells[0].innerText.trim()),
    series: headers.flatMap((header, column) => header.hasAttribute("data-series")
      ? [[header.innerText.trim(), rows.map(row => row.cells[column].innerText.trim())]]
      : []),
  };
})"""


# Content-Security-Policy violations, recorded from before the page's first script runs.
@pytest.fixture
def network():
    today = timezone.localdate()
    dinamika = OrganisationFactory(
        name_bg="Сдружение „Център Динамика“", sector=Organisation.Sector.CRISIS_CENTRE
    )
    knsb = OrganisationFactory(name_bg="КНСБ Русе", sector=Organisation.Sector.TRADE_UNION)
    OrganisationFactory(
        name_bg="Сдружение „НАЯ“",
        sector=Organisation.Sector.CRISIS_CENTRE,
        region=region("BG-25"),
        partnership_status=Organisation.PartnershipStatus.IN_TALKS,
    )
    OrganisationFactory(
        sector=Organisation.Sector.BUSINESS,
        partnership_status=Organisation.PartnershipStatus.PROSPECT,
    )
    accession = AccessionFactory(organisation=knsb, protocol__coordinator=dinamika)
    for area, status in [
        ("employment", "active"),
        ("qualification", "active"),
        ("financial-literacy", "fulfilled"),
        ("legal-advice", "lapsed"),
    ]:
        CommitmentFactory(accession=accession, support_area=support_area(area), status=status)
    now = timezone.now()
    for days, participants in [(2, 12), (40, 25), (75, 64), (200, 18)]:
        MeetingFactory(
            starts_at=now - datetime.timedelta(days=days), participant_count=participants
        )
    MeetingFactory(title_bg="Среща в Търговище", starts_at=now + datetime.timedelta(days=10))
    ActionItemFactory(
        text_bg="Да се изпрати поканата",
        responsible=knsb,
        due_on=today - datetime.timedelta(days=4),
    )
    for status in ["proposed", "discussed", "discussed", "selected", "rejected"]:
        MeasureFactory(status=status)
    pilot = PilotFactory(measure=MeasureFactory(status="piloting"))
    indicator = IndicatorFactory(pilot=pilot, name_bg="Обучени жени", target=20)
    IndicatorReadingFactory(
        indicator=indicator, measured_on=today - datetime.timedelta(days=3), value=9
    )
    IndicatorFactory(pilot=pilot, name_bg="Наети жени", target=10)
    return {"pilot": pilot, "knsb": knsb}


def as_number(text):
    return None if text == "—" else float(text.replace(",", "."))


def test_dashboard_charts_show_the_tables_numbers_within_the_policy(
    page, axe, requests_seen, live_server, network
):
    log_in(page, live_server, CoordinatorFactory())
    console = []
    page.on("console", lambda message: record(console, message))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.add_init_script(CSP_WATCH_JS)
    pilot_table = f"pilot-{network['pilot'].pk}-indicators"

    page.goto("/bg/manage/")
    page.wait_for_function(
        "document.querySelectorAll('canvas[data-chart-for]').length"
        " === document.querySelectorAll('table[data-chart]').length"
    )
    page.wait_for_load_state("networkidle")

    charts = {chart["table"]: chart for chart in page.evaluate(CHARTS_JS)}
    tables = {table["table"]: table for table in page.evaluate(TABLES_JS)}
    assert sorted(charts) == sorted(tables) == sorted([*CHARTED_TABLES, pilot_table])
    for table_id, table in tables.items():
        chart = charts[table_id]
        assert chart["drawn"], table_id
        assert chart["labels"] == table["labels"], table_id
        assert chart["series"] == [
            [name, [as_number(value) for value in values]] for name, values in table["series"]
        ], table_id
    # Values only: the labels are the interface's, in whatever the catalogue says.
    assert [values for _name, values in charts["commitments-by-status"]["series"]] == [[2, 1, 1, 0]]
    assert [values for _name, values in charts[pilot_table]["series"]] == [[45, None]]
    assert page.evaluate("window.cspViolations") == []
    assert console == []
    assert_accessible(axe, page)
    assert requests_seen.foreign == []


def test_dashboard_without_javascript_shows_the_tables_only(browser, live_server, network):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    log_in(page, live_server, CoordinatorFactory())

    page.goto("/bg/manage/")

    assert page.locator("canvas").count() == 0
    assert page.locator("table[data-chart]").count() == len(CHARTED_TABLES) + 1
    assert page.locator("#measures-by-status tbody tr").first.inner_text().split("\t")[-1] == "1"
    context.close()


def test_partner_dashboard_draws_its_own_charts_and_is_accessible(
    page, axe, requests_seen, live_server, network
):
    log_in(page, live_server, RepresentativeFactory(organisation=network["knsb"]).user)
    page.add_init_script(CSP_WATCH_JS)

    page.goto("/bg/manage/")
    # Its commitments have no targets, so only the meetings chart has numbers to draw.
    page.wait_for_selector("canvas[data-chart-for='meetings-by-month']")

    assert page.locator("canvas").count() == 1
    assert (
        page.locator("#open-items tbody tr").first.inner_text().startswith("Да се изпрати поканата")
    )
    assert page.evaluate("window.cspViolations") == []
    assert_accessible(axe, page)
    assert requests_seen.foreign == []
