""" "What needs me" and the measure pipeline in Chromium: the page for a coordinator and for a
partner's representative, the dashboard that starts with it, a pilot whose evaluation is due and
the measure form that offers only the pipeline's next steps. axe checks every page; nothing is
loaded from another host.

With SCREENSHOTS_DIR set (`make screenshots`), the coordinator's page is saved for
docs/coordinators.md.
"""

import datetime

import pytest
from django.utils import timezone

from partners.models import Commitment, JoinRequest
from tests.factories import (
    AccessionFactory,
    ActionItemFactory,
    AttendanceFactory,
    CommitmentFactory,
    ContactPersonFactory,
    CoordinatorFactory,
    MeasureFactory,
    MeetingFactory,
    OrganisationFactory,
    PilotFactory,
    RepresentativeFactory,
)

from .conftest import assert_accessible, log_in
from .test_coordinator_day import snapshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def days(number):
    return timezone.localdate() + datetime.timedelta(days=number)


def waiting_on(organisation):
    meeting = MeetingFactory(title_bg="Работна среща в Русе")
    AttendanceFactory(meeting=meeting, organisation=organisation)
    ActionItemFactory(
        meeting=meeting, responsible=organisation, due_on=days(-4), text_bg="Изпращане на анализа"
    )
    ActionItemFactory(
        meeting=meeting, responsible=organisation, due_on=days(2), text_bg="Покана за обучение"
    )
    accession = AccessionFactory(organisation=organisation, valid_until=days(40))
    commitment = CommitmentFactory(accession=accession, text_bg="Две работни места годишно")
    Commitment.history.filter(id=commitment.pk).update(
        history_date=timezone.now() - datetime.timedelta(days=400)
    )


def test_needs_page_and_dashboard_of_a_coordinator(page, axe, live_server, requests_seen):
    organisation = OrganisationFactory(name_bg="КНСБ Русе")
    waiting_on(organisation)
    measure = MeasureFactory(number=7, title_bg="Подкрепа за квалификация", status="piloting")
    pilot = PilotFactory(measure=measure, starts_on=days(-280), ends_on=days(-3))
    JoinRequest.objects.create(
        organisation=OrganisationFactory(name_bg="Фирма „Слънце“ ООД"),
        contact=ContactPersonFactory(),
        email="office@example.org",
        language="bg",
    )
    log_in(page, live_server, CoordinatorFactory())

    page.goto(f"{live_server.url}/bg/manage/needs/")
    snapshot(page, "07-needs")
    assert page.locator("h1").inner_text() == "Какво се очаква от мен"
    assert page.locator("[data-needs]").count() == 6
    assert_accessible(axe, page)

    page.locator("[data-needs=pilots_to_evaluate] a").click()
    assert page.url.endswith(f"/bg/measures/manage/pilots/{pilot.pk}/edit/")
    assert page.locator("h1 [data-evaluation-due]").is_visible()
    assert_accessible(axe, page)

    page.goto(f"{live_server.url}/bg/manage/")
    assert page.locator("[data-needs-summary] [data-needs]").count() == 6
    assert_accessible(axe, page)

    page.goto(f"{live_server.url}/bg/measures/manage/{measure.pk}/edit/")
    options = page.locator("select[name=status] option").all_inner_texts()
    assert options == ["Избрана", "В пилотно прилагане", "Оценена"]
    assert_accessible(axe, page)
    assert requests_seen.foreign == []


def test_needs_page_of_a_representative(page, axe, live_server, requests_seen):
    representative = RepresentativeFactory(organisation=OrganisationFactory(name_bg="КНСБ Русе"))
    waiting_on(representative.organisation)
    waiting_on(OrganisationFactory(name_bg="Чужда организация"))
    log_in(page, live_server, representative.user)

    page.goto(f"{live_server.url}/bg/manage/needs/")

    assert page.locator("[data-needs]").count() == 4
    assert "Чужда" not in page.locator("main").inner_text()
    assert_accessible(axe, page)
    page.locator("[data-needs=progress_due] a").click()
    assert "#commitment-" in page.url
    assert_accessible(axe, page)
    assert requests_seen.foreign == []
