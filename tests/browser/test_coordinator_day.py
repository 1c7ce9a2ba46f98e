"""A coordinator's day in Chromium, in Bulgarian: log in, add an organisation with a contact,
record its accession with two commitments, record a meeting with attendance, a vote tally and an
action item, mark the action done, and see it all on the dashboard. axe checks every page.

With SCREENSHOTS_DIR set (`make screenshots`), the pages are saved for docs/coordinators.md.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone

from measures.models import VoteTally
from meetings.models import ActionItem, Meeting
from partners.models import Organisation
from tests.factories import CoordinatorFactory, MeasureFactory, ProtocolFactory

from .conftest import assert_accessible, pick

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"


def snapshot(page, name):
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def submit(page):
    page.locator("main form[method=post][novalidate] button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")


def test_a_coordinators_day(page, axe, requests_seen):
    coordinator = CoordinatorFactory(username="koordinator")
    protocol = ProtocolFactory(name_bg="Протокол Русе")
    measure = MeasureFactory(number=7, title_bg="Подкрепа за квалификация")
    today = timezone.localdate()

    # Log in.
    page.goto("/bg/accounts/login/")
    snapshot(page, "01-login")
    assert_accessible(axe, page)
    page.fill("[name=username]", coordinator.username)
    page.fill("[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto("/bg/manage/")
    assert page.locator("h1").first.is_visible()

    # Add an organisation with a contact person.
    page.goto("/bg/manage/organisations/new/")
    page.fill("[name=name_bg]", "Фирма „Слънце“ ООД")
    page.fill("[name=name_en]", "Slantse Ltd")
    page.select_option("[name=sector]", "business")
    page.select_option("[name=partnership_status]", "member")
    page.check("[name=is_published]")
    page.fill("[name=contacts-0-name]", "Управител")
    page.fill("[name=contacts-0-email]", "office@example.org")
    snapshot(page, "02-organisation-form")
    assert_accessible(axe, page)
    submit(page)
    organisation = Organisation.objects.get(name_bg="Фирма „Слънце“ ООД")
    assert page.url.endswith(f"/bg/manage/organisations/{organisation.pk}/")
    assert_accessible(axe, page)

    # Record its accession with two commitments.
    page.locator(f"a[href$='?organisation={organisation.pk}']").click()
    page.select_option("[name=protocol]", str(protocol.pk))
    page.select_option("[name=status]", "signed")
    page.fill("[name=signed_on]", today.isoformat())
    for number, (area, text) in enumerate(
        [("Заетост", "Две работни места"), ("Квалификация и преквалификация", "Обучение")]
    ):
        if number:
            # One blank row to start with; "Add a row" brings the next, keeping what is typed.
            page.click("button[name=add_row][value=commitments]")
        page.select_option(f"[name=commitments-{number}-support_area]", label=area)
        page.fill(f"[name=commitments-{number}-text_bg]", text)
    snapshot(page, "03-accession-form")
    assert_accessible(axe, page)
    submit(page)
    assert organisation.accessions.get().commitments.count() == 2
    assert_accessible(axe, page)

    # Record a meeting with attendance and an action item.
    page.goto("/bg/meetings/manage/new/")
    page.select_option("[name=kind]", "vote")
    page.fill("[name=title_bg]", "Среща за избор на мярка")
    page.fill("[name=starts_at]", f"{today - datetime.timedelta(days=1):%Y-%m-%d}T10:00")
    page.fill("[name=participant_count]", "12")
    pick(page, "attendances-0-organisation", "Слън", "Фирма „Слънце“ ООД")
    page.fill("[name=attendances-0-people]", "2")
    page.fill("[name=actions-0-text_bg]", "Да изпрати предложение за стаж")
    pick(page, "actions-0-responsible", "slantse", "Фирма „Слънце“ ООД")
    page.fill("[name=actions-0-due_on]", (today + datetime.timedelta(days=7)).isoformat())
    snapshot(page, "04-meeting-form")
    assert_accessible(axe, page)
    submit(page)
    meeting = Meeting.objects.get(title_bg="Среща за избор на мярка")
    assert meeting.attendances.get().organisation == organisation

    # Record the vote tally from the meeting page.
    page.locator("a[href*='/measures/manage/votes/meeting/']").click()
    page.fill("[name=eligible]", "12")
    page.fill("[name=ballots_cast]", "10")
    page.select_option("[name=tallies-0-measure]", str(measure.pk))
    page.fill("[name=tallies-0-votes_for]", "8")
    assert_accessible(axe, page)
    submit(page)
    assert VoteTally.objects.get(measure=measure).votes_for == 8
    assert page.url.endswith(f"/bg/meetings/manage/{meeting.pk}/")

    # Mark the action done.
    snapshot(page, "05-meeting")
    assert_accessible(axe, page)
    page.locator("form[action$='/done/'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert ActionItem.objects.get().status == ActionItem.Status.DONE

    # See it all on the dashboard.
    page.goto("/bg/manage/")
    snapshot(page, "06-dashboard")
    assert_accessible(axe, page)
    html = page.content()
    assert re.search(r"Среща за избор на мярка|12", html)
    assert requests_seen.foreign == []
