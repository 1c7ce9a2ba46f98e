"""The funder report in Chromium: axe finds no violation, nothing breaks the
Content-Security-Policy, the Print button prints, and on paper only the report remains."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import Meeting
from tests.factories import (
    AccessionFactory,
    AttendanceFactory,
    CommitmentFactory,
    CommitmentUpdateFactory,
    CoordinatorFactory,
    DeliverableFactory,
    IndicatorFactory,
    IndicatorReadingFactory,
    MeasureFactory,
    MeetingFactory,
    PilotFactory,
    ProjectFactory,
    VoteFactory,
    VoteTallyFactory,
)

from .conftest import CSP_WATCH_JS, assert_accessible, log_in, record

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# window.print opens a dialogue headless Chromium cannot show: counted instead.
PRINT_WATCH_JS = "window.printed = 0; window.print = () => { window.printed += 1; };"


@pytest.fixture
def project():
    project = ProjectFactory(
        name="WEGO3", title_bg="Икономическо овластяване", programme_bg="Правосъдие"
    )
    meeting = MeetingFactory(
        project=project,
        kind=Meeting.Kind.VOTE,
        starts_at=timezone.make_aware(datetime.datetime(2024, 4, 10, 10)),
        participant_count=60,
    )
    accession = AccessionFactory(signed_on=datetime.date(2024, 4, 11))
    AttendanceFactory(meeting=meeting, organisation=accession.organisation)
    commitment = CommitmentFactory(accession=accession, target=10)
    CommitmentUpdateFactory(commitment=commitment, reported_on=datetime.date(2024, 5, 1), amount=4)
    measure = MeasureFactory(project=project, number=7)
    VoteTallyFactory(vote=VoteFactory(meeting=meeting), measure=measure, votes_for=40)
    indicator = IndicatorFactory(
        pilot=PilotFactory(measure=measure, starts_on=datetime.date(2024, 5, 1))
    )
    IndicatorReadingFactory(indicator=indicator, measured_on=datetime.date(2024, 6, 1), value=5)
    DeliverableFactory(project=project, text_bg="Фокус групи", target=8, achieved=3)
    return project


def test_funder_report_is_accessible_prints_and_keeps_only_the_report_on_paper(
    page, axe, requests_seen, live_server, project
):
    log_in(page, live_server, CoordinatorFactory())
    console = []
    page.on("console", lambda message: record(console, message))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.add_init_script(CSP_WATCH_JS)
    page.add_init_script(PRINT_WATCH_JS)

    page.goto(f"/bg/manage/projects/{project.pk}/report/?start=2024-01-01&end=2024-12-31")
    page.wait_for_load_state("networkidle")
    page.locator("[data-print-report]").click()

    assert page.evaluate("window.printed") == 1
    assert page.locator("#report-summary tbody tr").count() == 15
    assert page.evaluate("window.cspViolations") == []
    assert console == []
    assert_accessible(axe, page)
    assert requests_seen.foreign == []

    page.emulate_media(media="print")
    for hidden in (".safety-bar", ".site-header", ".workspace-nav", ".report-filters", ".btn"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("#report-heading").is_visible()
    assert page.locator("#report-commitments").is_visible()
    assert page.locator(".report-source a").is_visible()
