"""The organisation picker in Chromium: a coordinator finds an organisation among many by typing
part of its name, picks it with the keyboard, and the meeting keeps the attendance. The picker
is labelled by its field's label, passes axe, and stays within the content security policy."""

import pytest
from django.utils import timezone

from tests.factories import CoordinatorFactory, MeetingFactory, OrganisationFactory

from .conftest import CSP_WATCH_JS, assert_accessible, log_in, pick, picker, record

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_picks_an_attending_organisation_by_typing_part_of_its_name(
    page, axe, requests_seen, live_server
):
    OrganisationFactory.create_batch(30)
    OrganisationFactory(name_bg="Фондация „Динамика“ – архив", archived_at=timezone.now())
    dinamika = OrganisationFactory(name_bg="Сдружение „Център Динамика“", short_name_bg="ЦД")
    meeting = MeetingFactory(title_bg="Среща на партньорите")
    log_in(page, live_server, CoordinatorFactory())
    console = []
    page.on("console", lambda message: record(console, message))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.add_init_script(CSP_WATCH_JS)

    page.goto(f"/bg/meetings/manage/{meeting.pk}/edit/")
    combobox = picker(page, "attendances-0-organisation").locator("[role=combobox]")
    # The field's <label> names the combobox that replaced the select.
    label = page.locator("label", has_text="Организация").first
    assert label.get_attribute("for") == combobox.get_attribute("id")
    pick(page, "attendances-0-organisation", "dinamika", "Сдружение „Център Динамика“ (ЦД)")
    page.fill("[name=attendances-0-people]", "3")
    # With a dropdown open and its results shown: archived organisations are never among them.
    responsible = picker(page, "actions-0-responsible")
    responsible.locator("[role=combobox]").press_sequentially("динам", delay=20)
    responsible.locator(".ts-dropdown .option").first.wait_for()
    assert responsible.locator(".ts-dropdown .option").all_inner_texts() == [
        "Сдружение „Център Динамика“ (ЦД)"
    ]
    assert_accessible(axe, page)
    page.keyboard.press("Escape")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")

    assert page.url.endswith(f"/bg/meetings/manage/{meeting.pk}/")
    assert list(meeting.attendances.values_list("organisation", "people")) == [(dinamika.pk, 3)]
    assert "Сдружение „Център Динамика“" in page.locator("main").inner_text()
    assert page.evaluate("window.cspViolations") == []
    assert console == []
    assert requests_seen.foreign == []
